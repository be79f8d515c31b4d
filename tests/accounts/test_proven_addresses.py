"""An account is given what was sent to an e-mail address only once it confirmed that address
(allauth's `EmailAddress`, verified): never for the address typed on the account alone.

Each way an account can come to show an address it never proved is paired with each feature that
trusts an address: the certificates shared with an employer (their webhooks page, the webhook
deliveries, the share notices, their download and closure) and colleague invitations. The same
account, once it confirms the address, gets each of them: the tests could fail."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import colleague_invitations_for
from certify.accounts.models import ColleagueInvitation, Role, User
from certify.accounts.privacy import account_close, privacy_parts
from certify.certificates.models import Certificate
from certify.notifications.models import Notification
from certify.webhooks.catalog import Change, Facts
from certify.webhooks.delivery import receivers
from certify.webhooks.models import CertificateShare
from certify.webhooks.selectors import shared_with
from certify.webhooks.services import endpoint_create, share_create
from tests.factories import PASSWORD, UserFactory
from tests.webhooks.conftest import small_program

ADDRESS = "hr@employer.example"


def _signed_up_never_confirmed(client):
    """allauth's sign-up (verification mandatory): the account exists, the address unproven."""
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Harper Taken",
            "email": ADDRESS,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    return User.objects.get(email=ADDRESS)


def _second_address_not_confirmed(client):
    """A person with a confirmed address adds another on allauth's e-mail page, unconfirmed."""
    user = UserFactory(email="harper@home.example")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": ADDRESS})
    client.logout()
    assert EmailAddress.objects.filter(user=user, email=ADDRESS, verified=False).exists()
    return user


def _as_superuser(client, url, data):
    """A superuser posts the program settings' (the Django admin's) form, then signs out."""
    boss = UserFactory(email="boss@certify.example", is_superuser=True, is_staff=True)
    client.force_login(boss)
    response = client.post(url, data)
    client.logout()
    assert response.status_code == 302, response.context["adminform"].form.errors


def _admin_created(client):
    """A superuser creates the account on the admin's "add" form: what they type is unproven."""
    _as_superuser(
        client,
        reverse("admin:accounts_user_add"),
        {
            "email": ADDRESS,
            "full_name": "Harper Taken",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    return User.objects.get(email=ADDRESS)


def _admin_changed(client):
    """A superuser changes the account's address on the admin's change form: the field
    changes, the address its owner confirmed stays the one they confirmed."""
    user = UserFactory(email="harper@home.example")
    _as_superuser(
        client,
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": ADDRESS,
            "full_name": user.full_name,
            "is_active": "on",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    user.refresh_from_db()
    assert user.email == ADDRESS
    return user


def _admin_added_an_address(client):
    """A superuser adds the address to the account on the admin's e-mail address form, with
    "verified" in the post too: the form has no such field, so it is added unconfirmed."""
    user = UserFactory(email="harper@home.example")
    _as_superuser(
        client,
        reverse("admin:account_emailaddress_add"),
        {"user": user.pk, "email": ADDRESS, "verified": "on"},
    )
    assert EmailAddress.objects.filter(user=user, email=ADDRESS, verified=False).exists()
    return user


WAYS = {
    "signed up, never confirmed": _signed_up_never_confirmed,
    "a second address added, not confirmed": _second_address_not_confirmed,
    "created in the admin": _admin_created,
    "changed in the admin": _admin_changed,
    "added in the admin": _admin_added_an_address,
}


@pytest.fixture
def receiver_url(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    return "http://127.0.0.1:9/hooks/certify"  # never called: the tests only ask who receives


@pytest.fixture
def certificate(db):
    program = small_program()
    today = timezone.localdate()
    return Certificate.objects.create(
        holder=UserFactory(roles=[Role.CANDIDATE], email="holder@home.example"),
        program=program,
        number="LSSCP-2026-PROVEN01",
        holder_name="Robin Holder",
        status=Certificate.Status.VALID,
        issued_on=today,
        expires_on=today + timedelta(days=1000),
    )


def _confirm(user):
    """The owner follows the confirmation link: the address is theirs from now on."""
    other_primary = EmailAddress.objects.filter(user=user, primary=True).exclude(email=ADDRESS)
    EmailAddress.objects.update_or_create(
        user=user,
        email=ADDRESS,
        defaults={"verified": True, "primary": not other_primary.exists()},
    )


def _what_the_account_gets(client, user, certificate) -> dict[str, bool]:
    share = CertificateShare.objects.get(certificate=certificate, email=ADDRESS)
    client.force_login(user)
    page = client.get(reverse("webhooks:shared_with_you")).content.decode()
    client.logout()
    change = Change("certificate.revoked", Facts(certificate_id=certificate.pk), {})
    export = next(p for p in privacy_parts() if p.name == "webhooks").export(user)
    return {
        "the page of certificates shared with it": certificate.number in page,
        "the selector": shared_with(user=user).filter(pk=share.pk).exists(),
        "the webhook deliveries": any(e.owner_id == user.pk for e in receivers(change)),
        "the download": any(s["id"] == share.pk for s in export["certificate_shares"]),
        "the invitations": colleague_invitations_for(user=user).exists(),
    }


def _invite():
    inviter = UserFactory()
    return ColleagueInvitation.objects.create(
        kind="provider",
        organisation_id=1,
        organisation_name="Hill Library",
        email=ADDRESS,
        invited_by=inviter,
        token_hash="x" * 64,
        expires_at=timezone.now() + timedelta(days=14),
    )


@pytest.mark.parametrize("way", WAYS)
def test_an_address_the_account_never_confirmed_gives_it_nothing(
    way, client, certificate, receiver_url, django_capture_on_commit_callbacks
):
    user = WAYS[way](client)
    endpoint_create(
        actor=user,
        owner=f"employer:{user.pk}",
        url=receiver_url,
        event_types=["certificate.revoked"],
    )
    _invite()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        share_create(certificate=certificate, email=ADDRESS, actor=certificate.holder)

    gets = _what_the_account_gets(client, user, certificate)
    assert not any(gets.values()), gets
    assert not Notification.objects.filter(recipient=user).exists()  # no share notice

    _confirm(user)
    gets = _what_the_account_gets(client, user, certificate)
    assert all(gets.values()), gets


@pytest.mark.parametrize("way", WAYS)
def test_closing_an_account_leaves_what_was_sent_to_an_address_it_never_confirmed(
    way, client, certificate
):
    user = WAYS[way](client)
    share = share_create(certificate=certificate, email=ADDRESS, actor=certificate.holder)
    invitation = _invite()
    account_close(user=user, password=PASSWORD)
    assert CertificateShare.objects.filter(pk=share.pk).exists()
    assert ColleagueInvitation.objects.filter(pk=invitation.pk).exists()


def test_closing_an_account_removes_what_was_sent_to_an_address_it_confirmed(certificate):
    """The person's addresses go after every part's erasing, which matches them."""
    user = UserFactory(email=ADDRESS)
    share = share_create(certificate=certificate, email=ADDRESS, actor=certificate.holder)
    account_close(user=user, password=PASSWORD)
    assert not CertificateShare.objects.filter(pk=share.pk).exists()
    assert not EmailAddress.objects.filter(user=user).exists()


def test_the_share_notice_reaches_the_account_that_confirmed_the_address(certificate):
    """Not the account that only shows it: an admin typed it on one, another confirmed it."""
    shown = UserFactory(email=ADDRESS, verified=False)
    owner = UserFactory(email="harper@home.example")
    EmailAddress.objects.create(user=owner, email=ADDRESS, verified=True, primary=False)
    share_create(certificate=certificate, email=ADDRESS.upper(), actor=certificate.holder)
    assert Notification.objects.filter(recipient=owner).exists()
    assert not Notification.objects.filter(recipient=shown).exists()
