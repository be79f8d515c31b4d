"""A closed account opened again by a superuser keeps the closure's placeholder address and its
unusable password: the admin's change page says how the person gets back in (a superuser types
their name and an address they read, which is sent a link to confirm it; then staff send a
password reset), nothing is sent to the placeholder, and no reset goes to a typed address the
person has not confirmed (ADR 0016). Walked through the admin as a superuser, to the person's
first sign-in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from certify.accounts.models import Role, User
from certify.accounts.privacy import CLOSED_NAME, account_close
from certify.accounts.reactivation import HOW_BACK_IN, NEEDS_ADDRESS, NEEDS_NAME
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW = "a-new-Passphrase-9417"
ADDRESS = "dana.again@example.org"


def _change(client, person: User, **fields):
    person = User.objects.get(pk=person.pk)
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
        **({"is_active": "on"} if person.is_active else {}),
        **fields,
    }
    return client.post(reverse("admin:accounts_user_change", args=[person.pk]), data, follow=True)


def _reset(client, person: User):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_password_reset", "_selected_action": [person.pk]},
        follow=True,
    )


def _link(mail, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}[^\s]+)", mail.body).group(1)


@pytest.fixture
def closed(db, client, django_capture_on_commit_callbacks):
    """Dana closed her account; a superuser opened it again (still the placeholder's)."""
    dana = UserFactory(full_name="Dana Okafor", email="dana@example.org", roles=[Role.CANDIDATE])
    with django_capture_on_commit_callbacks(execute=True):
        account_close(user=dana, password=PASSWORD)
    boss = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(boss)
    with django_capture_on_commit_callbacks(execute=True):
        _change(client, dana, is_active="on")
    dana.refresh_from_db()
    assert dana.is_active
    assert dana.email.endswith("@closed.invalid")
    return dana


def test_the_change_page_says_how_the_person_gets_back_in(client, closed):
    page = client.get(reverse("admin:accounts_user_change", args=[closed.pk])).text
    assert HOW_BACK_IN in page.replace("&#x27;", "'")


def test_nothing_is_sent_to_the_placeholder(client, closed, mailoutbox):
    said = _reset(client, closed).text
    assert mailoutbox == []
    assert "it has no e-mail address since its owner closed it" in said


def test_a_new_address_needs_the_persons_name_and_a_real_address(client, closed, mailoutbox):
    kept = _change(client, closed, email=ADDRESS)
    assert NEEDS_NAME in kept.text.replace("&#x27;", "'")
    other = _change(client, closed, email=f"x-{closed.pk}@closed.invalid", full_name="Dana O")
    assert NEEDS_ADDRESS in other.text.replace("&#x27;", "'")
    closed.refresh_from_db()
    assert (closed.full_name, closed.email) == (CLOSED_NAME, f"closed-{closed.pk}@closed.invalid")
    assert mailoutbox == []


def test_the_person_confirms_the_new_address_then_resets_and_signs_in(
    client, closed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        said = _change(client, closed, email=ADDRESS, full_name="Dana Okafor").text
    assert f"A link to confirm {ADDRESS} was sent there" in said
    row = EmailAddress.objects.get(user=closed)
    assert (row.email, row.primary, row.verified) == (ADDRESS, True, False)
    assert [m.to for m in mailoutbox] == [[ADDRESS]]
    confirm = _link(mailoutbox[0], "/accounts/confirm-email/")

    # Not confirmed yet: a reset link would go to whoever owns the typed address.
    with django_capture_on_commit_callbacks(execute=True):
        said = _reset(client, closed).text
    assert "its owner has not confirmed its new e-mail address yet" in said
    assert len(mailoutbox) == 1

    client.logout()
    client.post(confirm)
    row.refresh_from_db()
    assert row.verified
    client.logout()

    client.force_login(User.objects.get(is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        _reset(client, closed)
    assert [m.to for m in mailoutbox][1:] == [[ADDRESS]]
    reset = _link(mailoutbox[1], "/accounts/password/reset/key/")
    client.logout()

    form_at = client.get(reset, follow=True).redirect_chain[-1][0]
    assert client.post(form_at, {"password1": NEW, "password2": NEW}).status_code == 302
    client.logout()
    signed_in = client.post(reverse("account_login"), {"login": ADDRESS, "password": NEW})
    assert signed_in.status_code == 302
    assert client.get(reverse("accounts:home")).context["user"].pk == closed.pk
