"""Each receiver hears only what it may see: a provider about its own courses' completions, a
sponsor about its own funds, an employer about certificates shared with it."""

import json

import pytest
from django.urls import reverse

from certify.accounts.models import Role, RoleAssignment, User
from certify.core.errors import DomainError
from certify.core.workflow import transition
from certify.courses.models import CourseCompletion
from certify.programs.api import program_today
from certify.webhooks.access import owners_for
from certify.webhooks.models import Delivery
from certify.webhooks.services import endpoint_create, share_create, share_withdraw
from tests.certificates.conftest import finish, nearly_done
from tests.factories import CourseFactory, ProviderFactory, SponsorMemberFactory, UserFactory


def test_a_provider_hears_only_of_its_own_courses_and_no_personal_data(
    program, staff, receiver, django_capture_on_commit_callbacks
):
    ours, theirs = UserFactory(roles=[Role.PROVIDER]), UserFactory(roles=[Role.PROVIDER])
    provider_a = ProviderFactory(staff=[ours])
    provider_b = ProviderFactory(staff=[theirs])
    kinds = ["completion.recorded"]
    mine = endpoint_create(
        actor=ours, owner=f"provider:{provider_a.pk}", url=receiver.url + "/a", event_types=kinds
    )
    other = endpoint_create(
        actor=theirs, owner=f"provider:{provider_b.pk}", url=receiver.url + "/b", event_types=kinds
    )
    application, _ = nearly_done(program, name="Dana Okafor", email="dana@example.org")
    tec = program.competency_sets.get(code="TEC")
    course = CourseFactory(provider=provider_a, competency_set=tec, status="approved")
    completion = CourseCompletion.objects.create(
        course=course,
        application=application,
        candidate=application.candidate,
        completed_on=program_today(program),  # not a fixed day: one the rules allow
        source="candidate",
        reported_by=application.candidate,
    )
    with django_capture_on_commit_callbacks(execute=True):
        transition(completion, "confirm", actor=ours)

    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [mine.endpoint.pk]
    assert not Delivery.objects.filter(endpoint=other.endpoint).exists()
    ((_headers, body),) = receiver.requests
    message = json.loads(body)
    assert set(message["data"]) == {
        "completion_id",
        "course_id",
        "candidate_number",
        "completed_on",
    }
    assert message["data"]["course_id"] == course.pk
    for personal in ("Dana", "Okafor", "dana@example.org", provider_b.name):
        assert personal not in body


def test_providers_and_sponsors_cannot_choose_or_register_for_others(program, staff):
    ours = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[ours])
    stranger = ProviderFactory()
    with pytest.raises(DomainError, match="cannot register"):
        endpoint_create(
            actor=ours,
            owner=f"provider:{stranger.pk}",
            url="https://93.184.216.34/in",
            event_types=["completion.recorded"],
        )
    with pytest.raises(DomainError, match="not available"):
        endpoint_create(
            actor=ours,
            owner=f"provider:{provider.pk}",
            url="https://93.184.216.34/in",
            event_types=["invoice.paid"],  # the program's, not a provider's
        )
    with pytest.raises(DomainError, match="cannot register"):
        endpoint_create(
            actor=ours,
            owner=f"program:{program.pk}",
            url="https://93.184.216.34/in",
            event_types=["invoice.paid"],
        )


def test_an_employer_follows_a_certificate_only_while_the_holder_shares_it(
    program, staff, second_staff, receiver, django_capture_on_commit_callbacks
):
    from certify.certificates.services import certificate_act

    employer = UserFactory(email="hr@employer.example")
    made = endpoint_create(
        actor=employer,
        owner=f"employer:{employer.pk}",
        url=receiver.url,
        event_types=["certificate.suspended", "certificate.reinstated", "certificate.revoked"],
    )
    application, last = nearly_done(program)
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    certificate = application.certificate
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action="suspend", reason="R")
    assert receiver.requests == []  # not shared yet
    with pytest.raises(DomainError):
        share_create(certificate=certificate, email=employer.email, actor=employer)
    share = share_create(
        certificate=certificate, email="HR@employer.example", actor=certificate.holder
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action="reinstate", reason="R")
    assert receiver.types() == ["certificate.reinstated"]
    assert made.endpoint.deliveries.count() == 1
    share_withdraw(share=share, actor=certificate.holder)
    certificate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action="revoke", reason="R")
    assert receiver.types() == ["certificate.reinstated"]


def test_an_employer_whose_address_has_capitals_is_found_as_the_page_finds_them(
    client, program, second_staff, receiver, django_capture_on_commit_callbacks
):
    """The shares page matched the account's address case-folded and the delivery exactly: an
    account written "Robin.Hale@Employer.example" saw the certificate on its page but its
    endpoint heard nothing. One rule now: the address case-folded, in both places."""
    from certify.certificates.services import certificate_act

    employer = UserFactory(email="robin.hale@employer.example")
    User.objects.filter(pk=employer.pk).update(email="Robin.Hale@Employer.example")
    employer.refresh_from_db()
    made = endpoint_create(
        actor=employer,
        owner=f"employer:{employer.pk}",
        url=receiver.url,
        event_types=["certificate.suspended"],
    )
    application, last = nearly_done(program)
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    certificate = application.certificate
    share_create(
        certificate=certificate, email="ROBIN.HALE@employer.EXAMPLE", actor=certificate.holder
    )
    client.force_login(employer)
    assert certificate.number in client.get(reverse("webhooks:shared_with_you")).text
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action="suspend", reason="R")
    assert receiver.types() == ["certificate.suspended"]
    assert made.endpoint.deliveries.count() == 1


def test_the_employer_finds_the_certificates_shared_with_them_and_how_to_follow_them(
    client, program, django_capture_on_commit_callbacks
):
    """The account page leads to webhooks and to the certificates shared with this account;
    the webhooks page counts them and links there (it showed only endpoints: a share left the
    employer nowhere to go)."""
    employer = UserFactory(email="hr@employer.example")
    application, last = nearly_done(program)
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    certificate = application.certificate
    client.force_login(employer)
    home = client.get(reverse("accounts:home")).text
    assert reverse("webhooks:list") in home
    assert reverse("webhooks:shared_with_you") in home
    page = client.get(reverse("webhooks:list")).text
    assert "None. When a certificate holder shares" in page
    share = share_create(
        certificate=certificate, email="HR@employer.example", actor=certificate.holder
    )
    page = client.get(reverse("webhooks:list")).text
    assert "1 certificate shared with this account" in page
    assert "add an endpoint</a> for “Certificates shared with you”" in page
    page = client.get(reverse("webhooks:shared_with_you")).text
    verify = reverse("certificates:verify", args=[certificate.number])
    assert f'<a href="{verify}">Check {certificate.number}</a>' in page
    share_withdraw(share=share, actor=certificate.holder)
    assert certificate.number not in client.get(reverse("webhooks:shared_with_you")).text
    assert "None. When a certificate holder shares" in client.get(reverse("webhooks:list")).text


@pytest.mark.parametrize("kind", ["provider", "sponsor"])
def test_someone_who_lost_the_provider_or_sponsor_role_no_longer_acts_for_it(client, db, kind):
    """Webhooks follow the same rule as the provider's and the sponsor's own pages: a seat at
    the organization counts only with its role. Once program staff take the role away, the
    person neither registers endpoints for the organization nor sees or changes its endpoints
    (page and API), though the seat is still recorded."""
    if kind == "provider":
        person = UserFactory(roles=[Role.PROVIDER, Role.CANDIDATE])
        owner = f"provider:{ProviderFactory(staff=[person]).pk}"
        role, kinds = Role.PROVIDER, ["completion.recorded"]
    else:
        person = SponsorMemberFactory(user__roles=[Role.SPONSOR, Role.CANDIDATE]).user
        owner = f"sponsor:{person.sponsor_memberships.get().sponsor_id}"
        role, kinds = Role.SPONSOR, ["award.decided"]
    url = "https://93.184.216.34/in"
    made = endpoint_create(actor=person, owner=owner, url=url, event_types=kinds).endpoint
    RoleAssignment.objects.filter(user=person, role=role).delete()
    person = User.objects.get(pk=person.pk)

    assert owner not in [o.key for o in owners_for(person)]
    with pytest.raises(DomainError, match="cannot register"):
        endpoint_create(actor=person, owner=owner, url=url + "2", event_types=kinds)
    client.force_login(person)
    assert client.get(reverse("webhooks:detail", args=[made.pk])).status_code == 404
    listed = client.get("/api/v1/webhooks/endpoints").json()
    assert made.pk not in [e["id"] for e in listed["items"]]
    response = client.post(reverse("webhooks:disable", args=[made.pk]))
    assert response.status_code == 404
    made.refresh_from_db()
    assert made.is_active


def _completion_confirmed(program, provider, actor, capture, name):
    application, _ = nearly_done(program, name=name, email=f"{name.split()[0].lower()}@ex.org")
    tec = program.competency_sets.get(code="TEC")
    course = CourseFactory(provider=provider, competency_set=tec, status="approved")
    completion = CourseCompletion.objects.create(
        course=course,
        application=application,
        candidate=application.candidate,
        completed_on=program_today(program),  # not a fixed day: one the rules allow
        source="candidate",
        reported_by=application.candidate,
    )
    with capture(execute=True):
        transition(completion, "confirm", actor=actor)


@pytest.mark.parametrize("loses", ["the seat", "the role", "the account"])
def test_an_endpoint_hears_nothing_once_whoever_set_it_up_no_longer_acts_for_the_owner(
    client, program, staff, receiver, django_capture_on_commit_callbacks, loses
):
    """An endpoint is the word of the person who set its address, like a provider API key: one
    who left the provider (or lost the role, or closed the account) gets nothing more at the
    address they chose, until a colleague who acts for it now saves it as theirs."""
    from certify.courses.models import ProviderMembership
    from certify.webhooks.services import endpoint_update

    leaver, colleague = UserFactory(roles=[Role.PROVIDER]), UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[leaver, colleague])
    kinds = ["completion.recorded"]
    made = endpoint_create(
        actor=leaver, owner=f"provider:{provider.pk}", url=receiver.url, event_types=kinds
    )
    _completion_confirmed(
        program, provider, colleague, django_capture_on_commit_callbacks, "Ann Bo"
    )
    assert len(receiver.requests) == 1
    if loses == "the seat":
        ProviderMembership.objects.filter(provider=provider, user=leaver).delete()
    elif loses == "the role":
        RoleAssignment.objects.filter(user=leaver, role=Role.PROVIDER).delete()
    else:
        User.objects.filter(pk=leaver.pk).update(is_active=False)
    _completion_confirmed(program, provider, colleague, django_capture_on_commit_callbacks, "Cy Do")
    assert len(receiver.requests) == 1
    assert Delivery.objects.filter(endpoint=made.endpoint).count() == 1
    client.force_login(colleague)
    page = client.get(reverse("webhooks:detail", args=[made.endpoint.pk])).text
    assert "no longer acts for its owner, so nothing is sent" in page
    # the API says the same, in the endpoint and in the list (parity with the page)
    api = f"/api/v1/webhooks/endpoints/{made.endpoint.pk}"
    said = client.get(api).json()["not_sending"]
    assert said.startswith("The person who set up this endpoint no longer acts for its owner")
    assert client.get("/api/v1/webhooks/endpoints").json()["items"][0]["not_sending"] == said
    # A colleague who acts for the provider now saves it: it is their word from then on.
    endpoint_update(endpoint=made.endpoint, actor=colleague, url=receiver.url, event_types=kinds)
    _completion_confirmed(program, provider, colleague, django_capture_on_commit_callbacks, "Ed Fa")
    assert len(receiver.requests) == 2
    assert client.get(api).json()["not_sending"] is None


def test_a_message_waiting_to_be_sent_is_not_sent_after_its_endpoints_maker_left(
    program, staff, receiver, django_capture_on_commit_callbacks
):
    from certify.courses.models import ProviderMembership
    from certify.webhooks.delivery import delivery_send

    leaver, colleague = UserFactory(roles=[Role.PROVIDER]), UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[leaver, colleague])
    receiver.codes = [503]  # the first try fails; the retry waits
    made = endpoint_create(
        actor=leaver,
        owner=f"provider:{provider.pk}",
        url=receiver.url,
        event_types=["completion.recorded"],
    )
    _completion_confirmed(
        program, provider, colleague, django_capture_on_commit_callbacks, "Ann Bo"
    )
    (delivery,) = Delivery.objects.filter(endpoint=made.endpoint)
    assert delivery.status == Delivery.Status.PENDING
    ProviderMembership.objects.filter(provider=provider, user=leaver).delete()
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.created_at)
    delivery_send(delivery_id=delivery.pk)
    assert len(receiver.requests) == 1  # only the first, failed try
    delivery.refresh_from_db()
    attempt = delivery.tries.order_by("-id").first()
    assert "no longer acts for" in attempt.error
    assert delivery.status == Delivery.Status.FAILED


def test_an_endpoint_hears_nothing_while_its_makers_role_needs_two_factor_and_it_is_off(
    client, program, staff, second_staff, receiver, settings, django_capture_on_commit_callbacks
):
    """As a provider API key and an API token: staff (whose role needs 2FA) who turn it off
    make nothing act for them, their program endpoint included, until it is on again; the
    endpoint's page and the API say why."""
    from allauth.mfa.models import Authenticator

    from certify.certificates.services import certificate_act
    from certify.webhooks.access import not_sending

    settings.MFA_REQUIRED_ROLES = ("program_staff", "reviewer")
    for person in (staff, second_staff):
        Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    application, last = nearly_done(program)
    made = endpoint_create(
        actor=staff,
        owner=f"program:{program.pk}",
        url=receiver.url,
        event_types=["certificate.suspended", "certificate.reinstated"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    certificate = application.certificate
    Authenticator.objects.filter(user=staff).delete()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action="suspend", reason="R")
    assert receiver.requests == []
    assert not Delivery.objects.filter(endpoint=made.endpoint).exists()
    said = not_sending(made.endpoint)
    assert said is not None
    assert "turned off two-factor authentication" in said
    client.force_login(second_staff)
    api = client.get(f"/api/v1/webhooks/endpoints/{made.endpoint.pk}").json()
    assert api["not_sending"] == said
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    certificate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_act(certificate=certificate, actor=second_staff, action="reinstate", reason="R")
    assert len(receiver.requests) == 1
    assert not_sending(made.endpoint) is None
