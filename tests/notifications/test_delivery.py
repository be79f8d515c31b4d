"""Delivery through a real SMTP server on loopback, retries with backoff, and interrupted sends."""

import socket
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from certify.core.models import AuditEvent
from certify.notifications import services
from certify.notifications.models import OutgoingEmail
from certify.notifications.services import (
    BACKOFF,
    MAX_ATTEMPTS,
    email_deliver,
    email_queue,
    email_retry_due,
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 Message accepted"


def smtp_settings(port: int):
    return override_settings(
        MAILERS={
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
            }
        }
    )


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with smtp_settings(controller.port):
            yield inbox
    finally:
        controller.stop()


@pytest.fixture
def dead_smtp():
    with smtp_settings(_free_port()):  # nothing listens there
        yield


def _queued(**kwargs) -> OutgoingEmail:
    values = {
        "to": "dana@example.org",
        "subject": "Your certificate was issued",
        "text_body": "Hello Dana,\n\nCongratulations.\n",
        "html_body": "<p>Hello Dana,</p><p>Congratulations.</p>",
        "next_attempt_at": timezone.now(),
    }
    return OutgoingEmail.objects.create(**{**values, **kwargs})


def test_a_real_smtp_server_receives_text_and_html(db, smtp_server):
    email = email_deliver(email_id=_queued().pk)
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["dana@example.org"]
    parsed = message_from_bytes(envelope.content)
    assert parsed["Subject"] == "Your certificate was issued"
    types = [part.get_content_type() for part in parsed.walk()]
    assert "text/plain" in types
    assert "text/html" in types


def test_a_failed_send_is_kept_and_retried_with_backoff(db, dead_smtp):
    before = timezone.now()
    email = email_deliver(email_id=_queued().pk)
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at >= before + BACKOFF[0]
    # Not yet due: the sweep leaves it alone.
    assert email_retry_due(now=timezone.now()) == 0


def test_after_the_last_attempt_staff_see_the_failure(db, dead_smtp):
    email = _queued()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        email = email_deliver(email_id=email.pk)
        assert email.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert email.next_attempt_at - timezone.now() <= BACKOFF[attempt - 1]
    assert email.status == OutgoingEmail.Status.FAILED
    assert AuditEvent.objects.filter(verb="email.failed", target_id=str(email.pk)).exists()
    assert email_deliver(email_id=email.pk).attempts == MAX_ATTEMPTS  # no more tries


def test_the_sweep_delivers_due_retries(db, smtp_server):
    email = _queued(attempts=2, next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert email_retry_due() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(smtp_server.messages) == 1


def test_a_send_interrupted_by_a_dead_worker_is_tried_again(db, smtp_server):
    stuck = _queued(
        status=OutgoingEmail.Status.SENDING,
        attempts=1,
        claimed_at=timezone.now() - services.STUCK_AFTER - timedelta(minutes=1),
    )
    in_progress = _queued(
        status=OutgoingEmail.Status.SENDING, attempts=1, claimed_at=timezone.now()
    )
    assert email_retry_due() == 1
    stuck.refresh_from_db()
    in_progress.refresh_from_db()
    assert stuck.status == OutgoingEmail.Status.SENT
    assert in_progress.status == OutgoingEmail.Status.SENDING
    assert len(smtp_server.messages) == 1


def test_delivering_twice_sends_once(db, smtp_server):
    email = _queued()
    email_deliver(email_id=email.pk)
    email_deliver(email_id=email.pk)
    assert len(smtp_server.messages) == 1


def test_the_database_worker_delivers_queued_email(transactional_db):
    # transactional_db: the worker closes its database connection when it finishes, which would
    # end the transaction a plain `db` test runs in.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ):
        email = email_queue(to="a@example.org", subject="Hi", text="Hello")
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.QUEUED  # waiting for a worker
        assert mail.outbox == []
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
