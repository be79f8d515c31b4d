"""Webhook endpoints follow the two-factor rule of their maker's API tokens and provider keys
(ADR 0023, ADR 0053): one saved with a password alone stops once its maker turns two-factor
authentication on, until it is saved again; while the maker's role needs it and it is off,
nothing is sent. The endpoint lists (the maker's and their colleagues') say why, and what to
do, in the words the API answers with."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from certify.accounts.mfa import BEFORE_MFA, MAKER_NEEDS_MFA, two_factor_rule
from certify.accounts.models import Role
from certify.core.models import Event
from certify.webhooks.access import (
    MADE_BEFORE_TWO_FACTOR,
    MAKER_WITHOUT_TWO_FACTOR,
    YOU_MADE_IT_BEFORE_TWO_FACTOR,
    not_sending,
)
from certify.webhooks.catalog import Change, Facts
from certify.webhooks.delivery import delivery_send, receivers
from certify.webhooks.models import CertificateShare, Delivery, Endpoint
from certify.webhooks.services import endpoint_create, endpoint_enable, endpoint_update
from tests.certificates.conftest import finish, nearly_done
from tests.conftest import count_queries
from tests.factories import ProviderFactory, SponsorFactory, SponsorMemberFactory, UserFactory

PUBLIC_URL = "https://93.184.216.34/hook"
ROLES = ["program staff", "provider", "sponsor", "employer"]


def two_factor_on(person):
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})


def owner_and_makers(role, program, django_capture_on_commit_callbacks):
    """Who sets up an endpoint for `role`, a colleague who acts for the same owner (None for an
    employer: the endpoint is their own), the owner's key and a change it hears of."""
    if role == "program staff":
        maker, colleague = (UserFactory(roles=[Role.PROGRAM_STAFF]) for _ in range(2))
        return (
            maker,
            colleague,
            f"program:{program.pk}",
            Change("invoice.paid", Facts(program_id=program.pk), {}),
        )
    if role == "provider":
        maker, colleague = (UserFactory(roles=[Role.PROVIDER]) for _ in range(2))
        provider = ProviderFactory(staff=[maker, colleague])
        return (
            maker,
            colleague,
            f"provider:{provider.pk}",
            Change("completion.recorded", Facts(provider_id=provider.pk), {}),
        )
    if role == "sponsor":
        sponsor = SponsorFactory()
        maker, colleague = (SponsorMemberFactory(sponsor=sponsor).user for _ in range(2))
        return (
            maker,
            colleague,
            f"sponsor:{sponsor.pk}",
            Change("award.decided", Facts(sponsor_id=sponsor.pk), {}),
        )
    employer = UserFactory(email="hr@employer.example")
    application, last = nearly_done(program)
    with django_capture_on_commit_callbacks(execute=True):
        finish(last)
    certificate = application.certificate
    CertificateShare.objects.create(certificate=certificate, email=employer.email)
    return (
        employer,
        None,
        f"employer:{employer.pk}",
        Change("certificate.suspended", Facts(certificate_id=certificate.pk), {}),
    )


@pytest.mark.parametrize("role", ROLES)
def test_an_endpoint_saved_before_its_maker_turned_on_two_factor_stops_until_saved_again(
    client, program, django_capture_on_commit_callbacks, role
):
    """As a token made before 2FA was turned on: the maker's page and their colleagues' say
    why nothing is sent and what to do, the API the same; saving it again sends again."""
    maker, colleague, owner, change = owner_and_makers(
        role, program, django_capture_on_commit_callbacks
    )
    kinds = [change.type]
    made = endpoint_create(actor=maker, owner=owner, url=PUBLIC_URL, event_types=kinds)
    assert not made.endpoint.made_with_mfa
    assert receivers(change) == [made.endpoint]

    two_factor_on(maker)  # whoever had the password alone may have set its address
    assert receivers(change) == []
    client.force_login(maker)
    page = client.get("/webhooks/").text
    assert "Not sending" in page
    assert YOU_MADE_IT_BEFORE_TWO_FACTOR in page
    assert "Check the address, then save the endpoint to send to it again." in page
    items = client.get("/api/v1/webhooks/endpoints").json()["items"]
    assert [item["not_sending"] for item in items] == [YOU_MADE_IT_BEFORE_TWO_FACTOR]
    detail = client.get(f"/webhooks/{made.endpoint.pk}/").text
    assert YOU_MADE_IT_BEFORE_TWO_FACTOR in detail
    if colleague is not None:  # the owner's other people read it about its maker
        client.force_login(colleague)
        assert MADE_BEFORE_TWO_FACTOR in client.get("/webhooks/").text
        api = client.get(f"/api/v1/webhooks/endpoints/{made.endpoint.pk}").json()
        assert api["not_sending"] == MADE_BEFORE_TWO_FACTOR

    # Its maker, now with the second factor, checks the address and saves it: it sends again.
    endpoint_update(endpoint=made.endpoint, actor=maker, url=PUBLIC_URL, event_types=kinds)
    made.endpoint.refresh_from_db()
    assert made.endpoint.made_with_mfa
    assert receivers(change) == [made.endpoint]
    client.force_login(maker)
    assert "Not sending" not in client.get("/webhooks/").text
    assert client.get("/api/v1/webhooks/endpoints").json()["items"][0]["not_sending"] is None


@pytest.mark.parametrize("role", ROLES)
def test_an_endpoint_saved_with_two_factor_on_keeps_sending(
    program, django_capture_on_commit_callbacks, role
):
    maker, _colleague, owner, change = owner_and_makers(
        role, program, django_capture_on_commit_callbacks
    )
    two_factor_on(maker)
    made = endpoint_create(actor=maker, owner=owner, url=PUBLIC_URL, event_types=[change.type])
    assert made.endpoint.made_with_mfa
    assert receivers(change) == [made.endpoint]
    assert not_sending(made.endpoint) is None


@pytest.mark.parametrize("role", ["program staff", "provider", "sponsor"])
def test_a_colleague_who_saves_a_stopped_endpoint_makes_it_theirs(
    program, django_capture_on_commit_callbacks, role
):
    """Saved by a colleague without 2FA (their role does not need it here), it is their word,
    under their own two-factor state: it sends until they turn 2FA on, as their tokens."""
    maker, colleague, owner, change = owner_and_makers(
        role, program, django_capture_on_commit_callbacks
    )
    kinds = [change.type]
    made = endpoint_create(actor=maker, owner=owner, url=PUBLIC_URL, event_types=kinds)
    two_factor_on(maker)
    assert receivers(change) == []
    endpoint_update(endpoint=made.endpoint, actor=colleague, url=PUBLIC_URL, event_types=kinds)
    assert receivers(change) == [made.endpoint]
    two_factor_on(colleague)
    assert receivers(change) == []


@pytest.mark.parametrize("role", ["program staff", "provider", "sponsor"])
def test_while_a_makers_role_needs_two_factor_and_it_is_off_the_lists_say_so(
    client, program, settings, django_capture_on_commit_callbacks, role
):
    """The pause: their colleagues' list says why and what to do; once it is on again, an
    endpoint saved with it sends again with nothing to save."""
    maker, colleague, owner, change = owner_and_makers(
        role, program, django_capture_on_commit_callbacks
    )
    settings.MFA_REQUIRED_ROLES = (Role.PROGRAM_STAFF, Role.PROVIDER, Role.SPONSOR)
    for person in (maker, colleague):
        two_factor_on(person)
    made = endpoint_create(actor=maker, owner=owner, url=PUBLIC_URL, event_types=[change.type])
    Authenticator.objects.filter(user=maker).delete()
    assert receivers(change) == []
    client.force_login(colleague)
    page = client.get("/webhooks/").text
    assert MAKER_WITHOUT_TWO_FACTOR in page
    items = client.get("/api/v1/webhooks/endpoints").json()["items"]
    assert [item["not_sending"] for item in items] == [MAKER_WITHOUT_TWO_FACTOR]
    two_factor_on(maker)
    assert receivers(change) == [made.endpoint]
    assert "Not sending" not in client.get("/webhooks/").text


def test_a_message_waiting_when_its_maker_turns_on_two_factor_is_given_up_saying_why(
    program, staff, loopback_allowed
):
    made = endpoint_create(
        actor=staff,
        owner=f"program:{program.pk}",
        url="http://127.0.0.1:9/hook",
        event_types=["set.completed"],
    )
    delivery = Delivery.objects.create(
        endpoint=made.endpoint,
        event=Event.objects.create(name="plan_set.satisfied", payload={}),
        message_id="msg_waiting",
        event_type="set.completed",
        payload={"type": "set.completed", "data": {}},
        next_attempt_at=timezone.now(),
    )
    two_factor_on(staff)
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.tries.get().error == MADE_BEFORE_TWO_FACTOR


def test_the_list_says_why_a_new_password_disabled_an_endpoint_and_what_to_do(
    client, program, staff
):
    made = endpoint_create(
        actor=staff, owner=f"program:{program.pk}", url=PUBLIC_URL, event_types=["invoice.paid"]
    )
    staff.set_password("A new one, long enough 2026")
    staff.save()
    made.endpoint.refresh_from_db()
    assert made.endpoint.disabled_reason == (
        "The password of the person who set it up was changed."
    )
    client.force_login(staff)
    page = client.get("/webhooks/").text
    assert (
        "The password of the person who set it up was changed. Check its address, then enable "
        "it on its page." in page
    )
    assert "Check its address, then enable it to receive events again." in (
        client.get(f"/webhooks/{made.endpoint.pk}/").text
    )
    endpoint_enable(endpoint=made.endpoint, actor=staff)
    made.endpoint.refresh_from_db()
    assert made.endpoint.disabled_reason == ""
    assert "was changed" not in client.get("/webhooks/").text


def test_the_list_reads_every_makers_two_factor_at_once(client, program, staff):
    """The list says why each endpoint does not send: more makers cost no more queries."""
    client.force_login(staff)

    def made_by(person, n):
        endpoint_create(
            actor=person,
            owner=f"program:{program.pk}",
            url=f"{PUBLIC_URL}/{person.pk}/{n}",
            event_types=["invoice.paid"],
        )

    made_by(staff, 0)
    one_maker = count_queries(lambda: client.get("/webhooks/"))
    for n in range(3):
        person = UserFactory(roles=[Role.PROGRAM_STAFF])
        made_by(person, n)
        two_factor_on(person)  # saved before: stopped
    page = client.get("/webhooks/").text
    assert page.count(MADE_BEFORE_TWO_FACTOR) == 3
    assert count_queries(lambda: client.get("/webhooks/")) == one_maker


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("made_with_mfa", "has_two_factor", "required", "stop"),
    [
        (False, False, False, ""),  # nobody needs it, nobody has it
        (False, True, False, BEFORE_MFA),  # turned on since: whoever had the password made it
        (False, True, True, BEFORE_MFA),
        (True, True, True, ""),
        (True, False, True, MAKER_NEEDS_MFA),  # turned off while the role needs it: a pause
        (False, False, True, MAKER_NEEDS_MFA),
        (True, False, False, ""),  # turned off, nobody needs it: as signing in
    ],
)
def test_one_two_factor_rule_for_tokens_keys_and_endpoints(
    made_with_mfa, has_two_factor, required, stop
):
    assert (
        two_factor_rule(
            made_with_mfa=made_with_mfa, has_two_factor=has_two_factor, required=required
        )
        == stop
    )


def test_endpoints_set_up_before_the_rule_count_as_made_with_the_makers_two_factor_now(
    program, staff, second_staff
):
    """The migration cannot know when a maker turned 2FA on: an endpoint of someone with an
    app or a security key now keeps sending (as provider keys, courses 0008); one of someone
    with neither, or with recovery codes alone, stops once they turn it on."""
    from django.apps import apps

    migration = importlib.import_module("certify.webhooks.migrations.0002_endpoint_made_with_mfa")
    third_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    Authenticator.objects.create(user=staff, type=Authenticator.Type.WEBAUTHN, data={})
    Authenticator.objects.create(user=third_staff, type=Authenticator.Type.RECOVERY_CODES, data={})
    made = {
        person: endpoint_create(
            actor=person,
            owner=f"program:{program.pk}",
            url=f"{PUBLIC_URL}/{person.pk}",
            event_types=["invoice.paid"],
        ).endpoint
        for person in (staff, second_staff, third_staff)
    }
    Endpoint.objects.update(made_with_mfa=False)  # as before the field existed
    migration.endpoints_made_before(apps, None)
    assert {p: Endpoint.objects.get(pk=e.pk).made_with_mfa for p, e in made.items()} == {
        staff: True,
        second_staff: False,
        third_staff: False,
    }
