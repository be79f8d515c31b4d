"""The account links Certify e-mails (allauth's e-mail confirmation and password reset): a mail
scanner's GET or HEAD decides nothing, a used link does nothing again, a link made before the
address or the account changed stops, and a link opened while another account is signed in
acts only for the person it was made for."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.urls import reverse

from certify.accounts.models import Role
from certify.accounts.privacy import account_close
from tests.conftest import writes_during
from tests.factories import PASSWORD, UserFactory

NEW = "a-new-Passphrase-9417"


@pytest.fixture
def person(db):
    return UserFactory(roles=[Role.CANDIDATE])


def _added_address(person, email="dana.new@example.org"):
    return EmailAddress.objects.create(user=person, email=email, verified=False, primary=False)


def _confirm_url(address):
    return reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])


def _reset_url(person):
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(person),
            "key": default_token_generator.make_token(person),
        },
    )


def _scanned(client, url):
    """GET, HEAD and GET again, as a mail scanner and a preview do: the answers, and the writes
    they made (none may be, the session aside)."""
    answers, writes = [], []
    for method in (client.get, client.head, client.get):
        writes += writes_during(lambda m=method: answers.append(m(url)))
    return answers, writes


def test_a_scanned_confirmation_link_confirms_nothing_and_its_button_does(client, person):
    address = _added_address(person)
    url = _confirm_url(address)
    answers, writes = _scanned(client, url)
    assert writes == []
    assert {a.status_code for a in answers} == {200}
    assert {a["Referrer-Policy"] for a in answers} == {"same-origin"}
    address.refresh_from_db()
    assert not address.verified
    assert client.post(url).status_code == 302
    address.refresh_from_db()
    assert address.verified


def test_a_confirmation_link_opened_as_another_account_confirms_only_its_own_address(
    client, person
):
    address = _added_address(person)
    other = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(other)
    client.post(_confirm_url(address))
    address.refresh_from_db()
    assert (address.verified, address.user_id) == (True, person.pk)
    assert not EmailAddress.objects.filter(user=other, email=address.email).exists()
    # allauth signs the other account out, and signs nobody in: the person never signed in here.
    assert not client.get(reverse("accounts:home")).wsgi_request.user.is_authenticated


def test_a_confirmation_link_stops_once_its_address_was_removed(client, person):
    address = _added_address(person)
    url = _confirm_url(address)
    address.delete()
    again = _added_address(person)  # the same address added again: a new link is needed
    page = client.get(url)
    assert "This confirmation link cannot be used" in page.text
    client.post(url)
    again.refresh_from_db()
    assert not again.verified


def test_a_scanned_reset_link_changes_nothing_and_a_used_one_works_no_more(client, person):
    url = _reset_url(person)
    answers, writes = _scanned(client, url)
    assert writes == []
    assert {a["Referrer-Policy"] for a in answers} == {"same-origin"}
    # The key leaves the address at once: the form's own address (and any Referer) holds none.
    form_at = client.get(url, follow=True).redirect_chain[-1][0]
    assert url.rstrip("/").rsplit("/", 1)[-1].split("-", 1)[1] not in form_at
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert client.post(form_at, {"password1": NEW, "password2": NEW}).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    replayed = client.get(url, follow=True)
    assert "This link cannot be used" in replayed.text
    assert client.post(form_at, {"password1": PASSWORD, "password2": PASSWORD}).status_code != 302
    person.refresh_from_db()
    assert person.check_password(NEW)


@pytest.mark.parametrize("change", ["e-mail changed", "password changed", "account closed"])
def test_a_reset_link_made_before_a_change_stops(client, person, change):
    url = _reset_url(person)
    if change == "e-mail changed":
        person.email = "dana.elsewhere@example.org"
        person.save()
    elif change == "password changed":
        person.set_password("another-Passphrase-5512")
        person.save()
    else:
        account_close(user=person, password=PASSWORD)
    page = client.get(url, follow=True)
    assert "This link cannot be used" in page.text
    form_at = page.redirect_chain[-1][0] if page.redirect_chain else url
    client.post(form_at, {"password1": NEW, "password2": NEW})
    assert not get_user_model().objects.get(pk=person.pk).check_password(NEW)


def test_a_reset_link_opened_as_another_account_changes_only_the_persons_password(client, person):
    other = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(other)
    form_at = client.get(_reset_url(person), follow=True).redirect_chain[-1][0]
    assert client.post(form_at, {"password1": NEW, "password2": NEW}).status_code == 302
    person.refresh_from_db()
    other.refresh_from_db()
    assert (person.check_password(NEW), other.check_password(PASSWORD)) == (True, True)
    assert not client.get(reverse("accounts:home")).wsgi_request.user.is_authenticated
