from datetime import timedelta

import pytest
from django.core import mail

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.courses import services
from certify.courses.models import Provider, ProviderApiKey
from tests.factories import ProviderFactory, UserFactory


def test_a_person_registers_an_organisation_that_waits_for_staff(lsscp):
    person = UserFactory(roles=[Role.CANDIDATE])
    provider = services.provider_register(
        actor=person,
        name="  Lakeshore   Technical College ",
        kind=Provider.Kind.COLLEGE,
        contact_email="Courses@Lakeshore.example.edu",
    )
    assert provider.name == "Lakeshore Technical College"
    assert provider.contact_email == "courses@lakeshore.example.edu"
    assert provider.status == Provider.Status.PENDING
    assert list(provider.members.all()) == [person]
    assert not person.has_role(Role.PROVIDER)
    assert AuditEvent.objects.filter(verb="provider.registered").exists()


def test_a_name_already_registered_is_refused_in_any_case(db, provider):
    with pytest.raises(DomainError, match=r"already registered\. Ask its staff to add you"):
        services.provider_register(
            actor=UserFactory(),
            name="northside community college",
            kind=Provider.Kind.COLLEGE,
            contact_email="x@example.org",
        )


def test_staff_approval_grants_the_provider_role_and_tells_the_staff(
    lsscp, staff, django_capture_on_commit_callbacks
):
    person = UserFactory(roles=[Role.CANDIDATE])
    provider = services.provider_register(
        actor=person, name="State Library", kind="state_library", contact_email="a@b.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_approve(provider=provider, actor=staff)
    person.refresh_from_db()
    person.__dict__.pop("roles", None)
    assert person.has_role(Role.PROVIDER)
    assert mail.outbox[-1].subject == "State Library is approved as a course provider"
    with pytest.raises(DomainError, match="This provider is already “Approved”"):
        services.provider_approve(provider=provider, actor=staff)


def test_only_staff_approve_providers(db, provider_user):
    provider = ProviderFactory(status="pending", staff=[provider_user])
    refused = "only program staff who do not act for the organization and did not register it"
    with pytest.raises(DomainError, match=refused):
        services.provider_approve(provider=provider, actor=provider_user)
    # Staff who act for it do not approve their own organisation either.
    provider_user.role_assignments.create(role=Role.PROGRAM_STAFF)
    provider_user.__dict__.pop("roles", None)
    with pytest.raises(DomainError, match="You cannot decide your own case: ask another staff"):
        services.provider_approve(provider=provider, actor=provider_user)


def test_a_colleague_is_invited_not_attached(provider, provider_user):
    """Adding a colleague used to attach any account at once; now it sends an invitation
    (tests/courses/test_colleague_invitations.py has the rest of the flow)."""
    colleague = UserFactory(email="sam@northside.example.edu", roles=[Role.CANDIDATE])
    invitation = services.provider_member_invite(
        provider=provider, actor=provider_user, email="SAM@northside.example.edu"
    )
    assert invitation.email == "sam@northside.example.edu"
    colleague.__dict__.pop("roles", None)
    assert not colleague.has_role(Role.PROVIDER)
    assert not colleague.has_perm("courses.act_for_provider", provider)


def test_an_address_without_an_account_is_invited_all_the_same(provider, provider_user):
    invitation = services.provider_member_invite(
        provider=provider, actor=provider_user, email="no@x.org"
    )
    assert invitation.status == "pending"


def test_a_malformed_address_is_refused_in_words(provider, provider_user):
    with pytest.raises(DomainError, match="Enter an e-mail address") as error:
        services.provider_member_invite(provider=provider, actor=provider_user, email="no-at-sign")
    assert error.value.field == "email"


def test_another_providers_staff_cannot_add_colleagues(provider, other_provider_user):
    with pytest.raises(DomainError, match="You do not act for Northside"):
        services.provider_member_invite(
            provider=provider, actor=other_provider_user, email=other_provider_user.email
        )


# --- API keys ----------------------------------------------------------------------------------


def test_a_key_is_shown_once_stored_hashed_and_authenticates(provider, provider_user):
    key, raw = services.api_key_create(provider=provider, actor=provider_user, name="Moodle")
    assert raw.startswith(f"cpk_{key.prefix}_")
    assert raw not in key.key_hash
    assert len(key.key_hash) == 64
    found = services.api_key_authenticate(raw)
    assert found == key
    assert found.last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # wrong secret
        lambda raw: "cpk_deadbeef_" + raw.split("_", 2)[2],  # unknown prefix
        lambda raw: raw.replace("cpk_", "xyz_"),  # not our format
        lambda raw: "",  # missing
    ],
)
def test_wrong_keys_are_refused(provider, provider_user, mangle):
    _, raw = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    assert services.api_key_authenticate(mangle(raw)) is None


def test_a_revoked_key_no_longer_works(provider, provider_user):
    key, raw = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    services.api_key_revoke(key=key, actor=provider_user)
    assert services.api_key_authenticate(raw) is None
    with pytest.raises(DomainError, match="already revoked"):
        services.api_key_revoke(key=key, actor=provider_user)


def test_last_used_is_written_at_most_once_a_minute(
    provider, provider_user, django_assert_num_queries
):
    key, raw = services.api_key_create(provider=provider, actor=provider_user, name="LMS")
    services.api_key_authenticate(raw)
    # The lookup, then whether its maker still acts for the provider (their roles, their seat)
    # and whether they have 2FA on (ADR 0023).
    with django_assert_num_queries(4):
        services.api_key_authenticate(raw)
    ProviderApiKey.objects.filter(pk=key.pk).update(
        last_used_at=key.created_at - timedelta(minutes=5)
    )
    with django_assert_num_queries(5):  # the same and one update
        services.api_key_authenticate(raw)


def test_a_pending_provider_gets_no_key(db, provider_user):
    provider = ProviderFactory(status="pending", staff=[provider_user])
    with pytest.raises(DomainError, match="waiting for program staff to approve it"):
        services.api_key_create(provider=provider, actor=provider_user, name="LMS")
