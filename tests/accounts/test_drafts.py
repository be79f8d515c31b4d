"""Drafts kept in the browser (ADR 0037): the per-account key id, the session probe the autosave
script asks after a refused save, and the page a new sign-in returns to."""

from django.urls import reverse

from certify.accounts.drafts import draft_key_id
from tests.factories import UserFactory


def test_the_key_id_is_the_same_for_an_account_and_differs_between_accounts(db):
    one, other = UserFactory(email="dana@example.org"), UserFactory()
    assert draft_key_id(one.pk) == draft_key_id(one.pk)
    assert draft_key_id(one.pk) != draft_key_id(other.pk)
    assert "dana" not in draft_key_id(one.pk)
    assert len(draft_key_id(one.pk)) == 32


def test_only_a_signed_in_page_names_the_key_and_only_its_own(client, db):
    one, other = UserFactory(), UserFactory()
    assert 'name="certify-drafts"' not in client.get("/").text
    client.force_login(one)
    page = client.get(reverse("accounts:home")).text
    assert f'<meta name="certify-drafts" content="{draft_key_id(one.pk)}"' in page
    assert draft_key_id(other.pk) not in page
    assert one.email not in page.split("<body>")[0]  # the head names no e-mail address


def test_the_session_probe_says_who_is_signed_in_and_gives_a_fresh_token(client, db):
    anonymous = client.get(reverse("accounts:session_probe"))
    assert anonymous.status_code == 200
    assert anonymous.json()["signed_in"] is False
    assert anonymous.json()["key"] is None
    assert "no-store" in anonymous["Cache-Control"]
    person = UserFactory()
    client.force_login(person)
    signed_in = client.get(reverse("accounts:session_probe")).json()
    assert signed_in == {
        "signed_in": True,
        "key": draft_key_id(person.pk),
        "csrf": signed_in["csrf"],
    }
    assert len(signed_in["csrf"]) >= 32
    assert client.post(reverse("accounts:session_probe")).status_code == 405


def test_the_page_a_new_sign_in_returns_to_needs_a_sign_in(client, db):
    url = reverse("accounts:signed_in_again")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    page = client.get(url)
    assert page.status_code == 200
    assert "data-signed-in-again" in page.text
