"""The links e-mailed to people without an account, where the per-app tests left a gap
(`test_registry.py` names the tests that prove the rest):

- an attester's link after the candidate completed the competency set another way (an approved
  course): the set is never redone, so nothing the attester writes can count. The link went on
  answering and wrote the attestation into a portfolio that would never be read; it says what
  happened and writes nothing;
- an attester's link opened in a browser signed in as another account acts for the link's
  holder only: the record never names the signed-in person;
- a stop link ("This was not expected") with one character changed answers as one never made;
  pressed in another account's browser it stops that sender only; once the sender closed their
  account it says so and records nothing;
- an unsubscribe link pressed in another account's browser switches off its own person's kind.
"""

from urllib.parse import urlsplit

from django.urls import reverse

from certify.accounts.models import Role
from certify.core.models import AuditEvent
from certify.notifications.models import EmailPreference, OutgoingEmail, RelayStop
from certify.notifications.relay import relay_stop_url
from certify.notifications.unsubscribe import unsubscribe_url
from certify.portfolios.models import EvidenceItem
from certify.progress.api import planned_set_satisfy
from tests.conftest import writes_during
from tests.factories import PASSWORD, UserFactory
from tests.security.test_stale_links import NAME, _altered, _flat, _without_csrf, attester_asked

TEXT = "Dana ran our evening desk alone for a year and handled every complaint with care."
COMPLETED = (
    "The candidate completed this competency set another way, so this link no longer works. "
    "Nothing more is needed from you."
)


def test_an_attesters_link_after_the_set_was_completed_by_a_course_says_so_and_writes_nothing(
    client, lsscp, staff, django_capture_on_commit_callbacks
):
    item, token = attester_asked(lsscp, django_capture_on_commit_callbacks)
    planned_set_satisfy(
        planned=item.response.portfolio.planned_set,
        actor=staff,
        route="course",
        evidence="Completed an approved course",
    )
    url = f"/attest/{token}/"
    seen: list = []
    assert writes_during(lambda: seen.append(client.get(url))) == []  # a scanner's GET
    body = {"answer": "give", "text": TEXT}
    assert writes_during(lambda: seen.append(client.post(url, body))) == []
    for page in seen:
        assert page.status_code == 410
        assert COMPLETED in _flat(page.text)
        assert NAME not in page.text
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.REQUESTED
    assert item.attestation_text == ""


def test_an_attesters_link_opened_as_another_account_answers_for_its_holder_only(
    client, lsscp, django_capture_on_commit_callbacks
):
    """A colleague's browser, signed in to their own account: the answer is the link holder's;
    the record and the audit trail never name the signed-in person."""
    item, token = attester_asked(lsscp, django_capture_on_commit_callbacks)
    other = UserFactory(full_name="Sam Rivera")
    client.force_login(other)
    page = client.get(f"/attest/{token}/")
    assert page.status_code == 200
    assert "Sam Rivera" not in page.text.split('<main id="main"')[1]
    assert client.post(f"/attest/{token}/", {"answer": "give", "text": TEXT}).status_code == 200
    item.refresh_from_db()
    assert item.attestation_status == EvidenceItem.AttestationStatus.GIVEN
    assert not AuditEvent.objects.filter(actor=other).exists()


def test_a_stop_link_changed_by_one_character_answers_as_one_never_made(
    client, lsscp, django_capture_on_commit_callbacks
):
    entry_item, _token = attester_asked(lsscp, django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.exclude(sent_for=None).latest("pk")
    token = relay_stop_url(email).rstrip("/").rsplit("/", 1)[1]
    never = [client.get(reverse("notifications:relay_stop", args=["x" * len(token)]))]
    never.append(client.post(reverse("notifications:relay_stop", args=["x" * len(token)])))
    url = reverse("notifications:relay_stop", args=[_altered(token)])
    seen: list = []
    assert writes_during(lambda: seen.append(client.get(url))) == []
    assert writes_during(lambda: seen.append(client.post(url))) == []
    for page, unknown in zip(seen, never, strict=True):
        assert page.status_code == unknown.status_code
        assert _without_csrf(page.text) == _without_csrf(unknown.text)
        assert NAME not in page.text
    assert not RelayStop.objects.exists()
    assert entry_item.attestation_status == EvidenceItem.AttestationStatus.REQUESTED


def test_an_unsubscribe_link_pressed_in_another_accounts_browser_stops_only_its_own_persons(
    client, lsscp
):
    """The link names one account, one kind and one address: pressed in a browser signed in as
    someone else, it switches that off for the link's person, never for the signed-in one."""
    person = UserFactory(full_name="Dana Okafor", email="dana@example.org", roles=[Role.REVIEWER])
    other = UserFactory(full_name="Sam Rivera", email="sam@example.org", roles=[Role.REVIEWER])
    path = urlsplit(unsubscribe_url(user=person, event="review.due", address=person.email)).path
    client.force_login(other)
    page = client.get(path)
    assert page.status_code == 200
    assert "sam@example.org" not in page.text.split('<main id="main"')[1]
    assert client.post(path).status_code == 200
    off = EmailPreference.objects.filter(event="review.due", enabled=False)
    assert list(off.values_list("user", flat=True)) == [person.pk]


def test_a_stop_link_pressed_in_another_accounts_browser_stops_only_that_sender(
    client, lsscp, django_capture_on_commit_callbacks
):
    _item, _token = attester_asked(lsscp, django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.exclude(sent_for=None).latest("pk")
    other = UserFactory(full_name="Sam Rivera", email="sam@example.org")
    client.force_login(other)
    assert client.post(urlsplit(relay_stop_url(email)).path).status_code == 200
    stop = RelayStop.objects.get()
    assert (stop.sender_id, stop.address) == (email.sent_for_id, email.to)
    assert not AuditEvent.objects.filter(actor=other).exists()


def test_a_stop_link_once_its_sender_closed_the_account_says_so_and_records_nothing(
    client, lsscp, django_capture_on_commit_callbacks
):
    from certify.accounts.privacy import account_close

    _item, _token = attester_asked(lsscp, django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.exclude(sent_for=None).latest("pk")
    path = urlsplit(relay_stop_url(email)).path
    account_close(user=email.sent_for, password=PASSWORD)
    for page in (client.get(path), client.post(path)):
        assert page.status_code != 200
        assert "the account that asked Certify to write to you is closed" in _flat(page.text)
    assert not RelayStop.objects.exists()
