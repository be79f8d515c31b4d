import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.notifications import services
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.hidden import assert_answers_as_unknown

REFUSED = ["candidate", "reviewer", "provider", "sponsor", "no_role"]


def _notification(user, **kwargs):
    values = {"recipient": user, "event": "application.received", "title": "We received it"}
    return Notification.objects.create(**{**values, **kwargs})


def test_notifications_need_a_sign_in(db, client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_bell_counts_unread_notifications(db, client, candidate):
    _notification(candidate)
    _notification(candidate)
    _notification(candidate, read_at=timezone.now())
    _notification(UserFactory())  # someone else's
    client.force_login(candidate)
    html = client.get("/").text
    assert 'Notifications <span class="badge">2<span class="visually-hidden"> unread' in html


def test_opening_a_notification_marks_it_read_and_follows_its_link(db, client, candidate):
    note = _notification(candidate, link="/programs/lsscp/costs/")
    client.force_login(candidate)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.url == "/programs/lsscp/costs/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_outside_link_is_not_followed(db, client, candidate):
    note = _notification(candidate, link="https://evil.example/phish")
    client.force_login(candidate)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.url == reverse("notifications:list")


def test_another_persons_notification_is_not_found(db, client, candidate):
    note = _notification(UserFactory())
    client.force_login(candidate)
    url, unknown = (reverse("notifications:open", args=[pk]) for pk in (note.pk, note.pk + 1000))
    assert_answers_as_unknown(client, url, unknown, "post")
    note.refresh_from_db()
    assert note.read_at is None


def test_the_service_refuses_another_persons_notification_as_an_unknown_one(db, candidate):
    """The service's own check says what an unknown notification gets (404), never "not yours",
    so no door built on it tells that the id exists."""
    note = _notification(UserFactory())
    with pytest.raises(Http404):
        services.notification_mark_read(notification=note, user=candidate)
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(db, client, candidate):
    _notification(candidate)
    _notification(candidate)
    client.force_login(candidate)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=candidate, read_at__isnull=True).exists()


def test_notification_list_query_count_does_not_grow(db, client, candidate):
    client.force_login(candidate)
    _notification(candidate)
    few = count_queries(lambda: client.get(reverse("notifications:list")))
    for _ in range(20):
        _notification(candidate)
    assert count_queries(lambda: client.get(reverse("notifications:list"))) == few


def test_preferences_switch_optional_emails_off(db, client, candidate):
    client.force_login(candidate)
    page = client.get(reverse("notifications:preferences")).text
    assert "Reminder of your completion deadline" in page
    assert "Your application was received" in page  # listed as always sent
    client.post(reverse("notifications:preferences"), {"review.due": "on"})
    prefs = dict(EmailPreference.objects.filter(user=candidate).values_list("event", "enabled"))
    assert prefs["deadline.reminder"] is False
    assert prefs["review.due"] is True


def test_the_outbox_sends_anonymous_visitors_to_sign_in(db, client):
    assert client.get(reverse("notifications:outbox")).status_code == 302


@pytest.mark.parametrize("role", REFUSED)
def test_the_outbox_is_refused_to_everyone_but_staff(db, client_as, role):
    client = client_as(role)
    email = OutgoingEmail.objects.create(
        to="x@example.org", subject="S", text_body="T", status=OutgoingEmail.Status.FAILED
    )
    assert client.get(reverse("notifications:outbox")).status_code == 403
    assert client.post(reverse("notifications:outbox_retry", args=[email.pk])).status_code == 403
    assert client.post(reverse("notifications:outbox_test"), {"to": "a@b.org"}).status_code == 403
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


def test_staff_see_failed_emails_and_send_them_again(
    db, client, staff, django_capture_on_commit_callbacks
):
    email = OutgoingEmail.objects.create(
        to="dana@example.org",
        subject="Your receipt",
        text_body="Thanks",
        attempts=6,
        status=OutgoingEmail.Status.FAILED,
        last_error="SMTPRecipientsRefused: mailbox full",
    )
    client.force_login(staff)
    page = client.get(reverse("notifications:outbox"), {"status": "failed"}).text
    assert "mailbox full" in page
    assert "Failed: needs attention (1)" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:outbox_retry", args=[email.pk]))
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert mail.outbox[0].subject == "Your receipt"


def test_staff_send_a_test_email(db, client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:outbox_test"), {"to": staff.email}, follow=True
        )
    assert "is on its way" in response.text
    assert mail.outbox[0].to == [staff.email]


def test_outbox_query_count_does_not_grow(db, client, staff):
    client.force_login(staff)
    OutgoingEmail.objects.create(to="a@example.org", subject="S", text_body="T")
    few = count_queries(lambda: client.get(reverse("notifications:outbox")))
    for i in range(25):
        OutgoingEmail.objects.create(to=f"p{i}@example.org", subject="S", text_body="T")
    assert count_queries(lambda: client.get(reverse("notifications:outbox"))) == few


def test_staff_role_is_needed_not_just_a_login(db, client):
    reviewer = UserFactory(roles=[Role.REVIEWER])
    client.force_login(reviewer)
    assert "E-mail delivery" not in client.get("/").text
