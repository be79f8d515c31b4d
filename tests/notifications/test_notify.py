import pytest
from django.core import mail

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.notifications.events import EVENTS
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.notifications.services import email_preferences_set, email_render, notify
from tests.factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])


def test_notify_shows_in_the_app_and_emails_after_commit(
    person, lsscp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=person, event="application.received", link="/account/")
    assert notification.title == "We received your application"
    assert notification.read_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert message.subject == "We received your application"
    assert "Hello Dana" in message.body
    assert "Library Support Staff Certification Program" in message.body
    assert "http://127.0.0.1:8000/account/" in message.body
    html = message.alternatives[0].content
    assert 'href="http://127.0.0.1:8000/account/"' in html
    assert "lsscp@certify.invalid" in html
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_nothing_is_sent_when_the_transaction_rolls_back(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipient=person, event="application.received")
    assert len(callbacks) == 1  # delivery waits for the commit
    assert mail.outbox == []


def test_a_dedupe_key_sends_a_reminder_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipient=person, event="application.received", dedupe_key="reminder:1:12m")
        second = notify(recipient=person, event="application.received", dedupe_key="reminder:1:12m")
    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_optional_emails_can_be_switched_off_but_still_show_in_the_app(
    person, django_capture_on_commit_callbacks
):
    email_preferences_set(user=person, enabled={"deadline.reminder": False})
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=person,
            event="deadline.reminder",
            context={"months": 6, "deadline": "2027-01-01"},
        )
    assert Notification.objects.filter(recipient=person).count() == 1
    assert mail.outbox == []


def test_essential_emails_cannot_be_switched_off(person):
    with pytest.raises(DomainError, match="cannot be switched off"):
        email_preferences_set(user=person, enabled={"application.decided": False})
    assert not EmailPreference.objects.exists()


def test_unknown_events_are_refused(person):
    with pytest.raises(DomainError, match="not a notification event"):
        notify(recipient=person, event="made.up")


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_has_an_email_with_a_subject_and_text(person, lsscp, event):
    subject, text, html = email_render(
        event=event,
        context={
            "recipient": person,
            "program": lsscp,
            "link_url": "https://x.test/a",
            "candidate_name": "O'Brien",
        },
    )
    assert subject
    assert "{{" not in subject + text
    assert "&#x27;" not in subject + text  # plain text is not HTML-escaped
    assert text.startswith("Hello") or "Hello" in text
    assert lsscp.name in html
    assert "https://x.test/a" in text


def test_the_in_app_notification_shows_what_happened_not_the_greeting(person, lsscp):
    """The notifications page showed "Hello Dana," under every title: the e-mail's first
    paragraph is its greeting."""
    notification = notify(recipient=person, event="application.received", link="/account/")

    assert not notification.body.startswith("Hello")
    assert "application" in notification.body


def test_notify_latest_keeps_one_notice_per_key_and_one_email_per_group(
    person, lsscp, django_capture_on_commit_callbacks
):
    from certify.notifications.services import notify_latest

    group = "share:1:2:2026-12-06:"
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_latest(
            recipient=person, event="certificate.shared", key=group + "7", email_group=group
        )
        again = notify_latest(
            recipient=person, event="certificate.unshared", key=group + "7", email_group=group
        )
        other = notify_latest(
            recipient=person, event="certificate.shared", key=group + "8", email_group=group
        )
    assert first.pk == again.pk != other.pk
    first.refresh_from_db()
    assert first.event == "certificate.unshared"
    assert Notification.objects.filter(recipient=person).count() == 2
    assert len(mail.outbox) == 1  # one e-mail for the group
    with pytest.raises(ValueError, match="starts with its e-mail group"):
        notify_latest(recipient=person, event="certificate.shared", key="x", email_group=group)
