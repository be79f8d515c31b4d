"""An employer a certificate is shared with is told, in the app and by e-mail, when it is
suspended, reinstated, revoked, replaced by its renewal or lapses: one e-mail per change, even
when the event is delivered twice; none for a share stopped, for another employer, for an address
nobody confirmed, or for one who turned that e-mail off; never staff's reason."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse

from certify.accounts.models import Role
from certify.certificates.models import Certificate
from certify.certificates.services import certificate_act, certificate_replace
from certify.core.events import publish
from certify.core.models import Event
from certify.notifications.models import EmailPreference, Notification, OutgoingEmail
from certify.programs.api import program_day
from certify.webhooks.employer_notices import NOTICE, employers_told, long_day
from certify.webhooks.services import share_create, share_withdraw
from tests.certificates.conftest import finish, nearly_done
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.shared import copy_of, shared_in_module
from tests.webhooks.conftest import small_program

REASON = "Internal: a complaint from the Eastside branch is under review."
PAGE = reverse("webhooks:shared_with_you")


def _certified():
    program = small_program()
    application, last = nearly_done(program, name="Dana Okafor", email="dana@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):  # as after a request
        finish(last)
    return program, application.certificate


certified_in_module = shared_in_module(_certified)


@pytest.fixture
def certificate(db, certified_in_module):
    return copy_of(certified_in_module[1])


@pytest.fixture
def staff(db):
    return UserFactory(full_name="Kim Staff", roles=[Role.PROGRAM_STAFF])


def _employer(email="hr@employer.example"):
    return UserFactory(email=email, full_name="Robin Hale")


def _share(certificate, email):
    return share_create(certificate=certificate, email=email, actor=certificate.holder)


def _changed(user):
    return list(Notification.objects.filter(recipient=user, event=NOTICE).order_by("id"))


def _emails(user):
    return list(
        OutgoingEmail.objects.filter(
            notification__recipient=user, notification__event=NOTICE
        ).order_by("id")
    )


def _replacement(certificate, suffix="R"):
    """Another valid certificate of the holder's (a renewal, or one to follow in a test)."""
    made = Certificate.objects.create(
        holder=certificate.holder,
        program=certificate.program,
        number=f"{certificate.number}{suffix}",
        holder_name=certificate.holder_name,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on + timedelta(days=730),
    )
    Certificate.objects.filter(pk=made.pk).update(status=Certificate.Status.VALID)
    return Certificate.objects.get(pk=made.pk)


def _change(kind, certificate, staff, commit):
    """Make the change as Certify makes it; the event's delivery runs after commit."""
    with commit(execute=True):
        if kind in ("suspend", "revoke"):
            certificate_act(certificate=certificate, actor=staff, action=kind, reason=REASON)
        elif kind == "reinstate":
            certificate_act(certificate=certificate, actor=staff, action="suspend", reason=REASON)
        elif kind == "replace":
            certificate_replace(
                certificate=certificate, replacement=_replacement(certificate), actor=None
            )
        else:  # the daily job publishes the lapse with the holder's notice (ADR 0053)
            with transaction.atomic():
                publish(
                    "certificate.lapsed",
                    certificate_id=certificate.pk,
                    holder_id=certificate.holder_id,
                    program_id=certificate.program_id,
                    number=certificate.number,
                    lapses_on="2026-12-05",
                )
    if kind == "reinstate":
        certificate.refresh_from_db()
        with commit(execute=True):
            certificate_act(certificate=certificate, actor=staff, action="reinstate", reason="Ok")


SUBJECTS = {
    "suspend": "Dana Okafor's LSSCP certificate is suspended",
    "reinstate": "Dana Okafor's LSSCP certificate is valid again",
    "revoke": "Dana Okafor's LSSCP certificate was revoked",
    "replace": "Dana Okafor's LSSCP certificate was replaced by its renewal",
    "lapse": "Dana Okafor's LSSCP certificate has lapsed",
}
MEANS = {
    "suspend": "Not valid while the program looks into it; it may be reinstated. Ask Dana Okafor",
    "reinstate": "It is valid again, through ",
    "revoke": "The program withdrew it, so it is no longer valid.",
    "replace": "replaces it. Ask Dana Okafor to share the new one with you.",
    "lapse": "It was not renewed in time, so it is no longer valid.",
}


@pytest.mark.parametrize("kind", list(SUBJECTS))
def test_each_change_is_emailed_once_to_the_employer_it_is_shared_with(
    kind, certificate, staff, django_capture_on_commit_callbacks
):
    employer = _employer()
    other = _employer("hr@other-library.example")
    _share(certificate, "HR@Employer.example")

    _change(kind, certificate, staff, django_capture_on_commit_callbacks)

    notices, emails = _changed(employer), _emails(employer)
    if kind == "reinstate":  # suspended first: told of each change, in order
        assert [e.subject for e in emails] == [SUBJECTS["suspend"], SUBJECTS["reinstate"]]
        notices, emails = notices[1:], emails[1:]
    (notice,), (email,) = notices, emails
    assert email.subject == SUBJECTS[kind]
    assert notice.title == SUBJECTS[kind]
    assert notice.link == PAGE
    assert email.to == employer.email
    text = email.text_body
    assert certificate.number in text
    assert MEANS[kind] in text
    assert f"See the certificates shared with you: {settings.SITE_URL}{PAGE}" in text
    assert "Stop e-mails of this kind" in text  # optional: one click turns it off
    for words in (text, email.html_body):
        assert REASON not in words  # never staff's reason
        assert "Eastside" not in words
    if kind == "lapse":
        assert "On December 5, 2026, " in text
    else:
        event = Event.objects.filter(name__startswith="certificate.").latest("id")
        day = program_day(event.created_at, certificate.program)
        assert f"On {day:%B} {day.day}, {day.year}, " in text
    if kind == "replace":
        assert f"Its renewal, {certificate.number}R, replaces it." in text
    assert not _changed(other)  # another employer hears nothing
    # Nobody else was told of it by this notice (the holder has their own e-mail).
    assert not Notification.objects.filter(event=NOTICE).exclude(recipient=employer).exists()


def test_a_replayed_event_sends_nothing_more(
    certificate, staff, django_capture_on_commit_callbacks
):
    employer = _employer()
    _share(certificate, employer.email)
    _change("suspend", certificate, staff, django_capture_on_commit_callbacks)
    event = Event.objects.get(name="certificate.suspended")
    with transaction.atomic():
        employers_told(event_id=event.pk, **event.payload)  # delivered again
    assert len(_emails(employer)) == 1
    assert len(_changed(employer)) == 1


def test_the_lapse_day_is_the_programs_and_a_moment_is_in_its_zone(certificate, staff, at):
    """Suspended at 02:00 UTC: still the day before in a program west of UTC. The moment is
    after everything the test made (at tomorrow's 02:00 UTC): a fixed one went by, and the
    share, made later than the suspension, was told nothing."""
    program = certificate.program
    program.time_zone = "America/Los_Angeles"
    program.save(update_fields=["time_zone"])
    employer = _employer()
    _share(certificate, employer.email)
    moment = (datetime.now(UTC) + timedelta(days=1)).replace(hour=2, minute=0, second=0)
    at(moment)
    with TestCase.captureOnCommitCallbacks(execute=True):
        certificate_act(certificate=certificate, actor=staff, action="suspend", reason=REASON)
    (email,) = _emails(employer)
    day = moment.date() - timedelta(days=1)
    assert f"On {day:%B} {day.day}, {day.year}, the program suspended" in email.text_body


def test_a_stopped_share_hears_nothing(certificate, staff, django_capture_on_commit_callbacks):
    employer = _employer()
    share = _share(certificate, employer.email)
    share_withdraw(share=share, actor=certificate.holder)
    _change("revoke", certificate, staff, django_capture_on_commit_callbacks)
    assert not _changed(employer)


def test_a_share_made_after_the_change_is_not_told_of_it(
    certificate, staff, django_capture_on_commit_callbacks
):
    """The share's own notice already says where it stands; a late delivery adds nothing."""
    employer = _employer()
    with transaction.atomic():
        certificate_act(certificate=certificate, actor=staff, action="suspend", reason=REASON)
    event = Event.objects.get(name="certificate.suspended")
    Event.objects.filter(pk=event.pk).update(created_at=event.created_at - timedelta(minutes=1))
    _share(Certificate.objects.get(pk=certificate.pk), employer.email)
    with transaction.atomic():
        employers_told(event_id=event.pk, **event.payload)
    assert not _changed(employer)


def test_an_address_nobody_confirmed_is_not_written_to(
    certificate, staff, django_capture_on_commit_callbacks
):
    """ADR 0029: Certify writes nowhere on a holder's behalf; the share waits for whoever
    confirms the address. An account that typed it but never confirmed it is not told either."""
    unproven = UserFactory(email="typed@employer.example", verified=False)
    _share(certificate, "nobody@employer.example")
    _share(certificate, unproven.email)
    _change("suspend", certificate, staff, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(event=NOTICE).exists()
    assert not OutgoingEmail.objects.filter(to__endswith="@employer.example").exists()


def test_an_employer_who_turned_it_off_is_told_in_the_app_only(
    certificate, staff, django_capture_on_commit_callbacks
):
    employer = _employer()
    EmailPreference.objects.create(user=employer, event=NOTICE, enabled=False)
    _share(certificate, employer.email)
    _change("revoke", certificate, staff, django_capture_on_commit_callbacks)
    assert len(_changed(employer)) == 1
    assert not _emails(employer)


def test_an_issue_or_approval_is_not_a_change_to_tell(certificate):
    employer = _employer()
    _share(certificate, employer.email)
    with transaction.atomic():
        publish(
            "certificate.valid",
            certificate_id=certificate.pk,
            holder_id=certificate.holder_id,
            program_id=certificate.program_id,
            number=certificate.number,
            actor_id=None,
            move="approve",
        )
    event = Event.objects.filter(name="certificate.valid").latest("id")
    with transaction.atomic():
        employers_told(event_id=event.pk, **event.payload)
    assert not _changed(employer)


def _suspended(certificate) -> Event:
    """A suspension's event for `certificate` (published as the workflow would)."""
    with transaction.atomic():
        publish(
            "certificate.suspended",
            certificate_id=certificate.pk,
            holder_id=certificate.holder_id,
            program_id=certificate.program_id,
            number=certificate.number,
            actor_id=None,
            move="suspend",
        )
    event = Event.objects.filter(name="certificate.suspended").latest("id")
    Event.objects.filter(pk=event.pk).update(created_at=event.created_at + timedelta(seconds=1))
    event.refresh_from_db()
    return event


def test_the_handlers_queries_do_not_grow_with_the_employers_told(certificate):
    """Everyone is told at once (`notify_each`): one employer or ten, and shares stopped or
    unconfirmed beside them, cost the same queries."""
    used = {}
    for n, (employers, extra) in enumerate([(1, 0), (10, 0), (1, 6), (10, 6)]):
        followed = _replacement(certificate, suffix=f"Q{n}")
        for i in range(employers):
            _share(followed, _employer(f"hr{i}@employer{n}-{i}.example").email)
        for i in range(extra):
            stopped = _share(followed, f"left{i}@gone{n}.example")
            share_withdraw(share=stopped, actor=followed.holder)
            _share(followed, f"nobody{i}@unconfirmed{n}.example")
        event = _suspended(followed)
        with transaction.atomic():
            used[(employers, extra)] = count_queries(
                lambda event=event: employers_told(event_id=event.pk, **event.payload)
            )
        assert Notification.objects.filter(event=NOTICE).count() == sum(e for e, _ in list(used))
        assert OutgoingEmail.objects.filter(notification__event=NOTICE).count() == sum(
            e for e, _ in list(used)
        )
    assert len(set(used.values())) == 1, used


def test_the_email_goes_to_the_shared_address_the_employer_confirmed(
    certificate, staff, django_capture_on_commit_callbacks
):
    """Shared with the HR address the employer confirmed beside their own: the notices of the
    share and of the change go there, not to the account's main address."""
    employer = _employer("robin@home.example")
    EmailAddress.objects.create(user=employer, email="Jobs@Employer.example", verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        _share(certificate, "jobs@employer.example")
    _change("suspend", certificate, staff, django_capture_on_commit_callbacks)
    sent = OutgoingEmail.objects.filter(notification__recipient=employer).order_by("id")
    assert [e.to for e in sent] == ["Jobs@Employer.example"] * 2
    assert [e.notification.event for e in sent] == ["certificate.shared", NOTICE]
    assert [m.to for m in mail.outbox if m.to != [certificate.holder.email]] == [
        ["Jobs@Employer.example"]
    ] * 2
    # Its one-click link stops them, though it is not the account's main address.
    link = next(line for line in sent[1].text_body.splitlines() if "/unsubscribe/" in line)
    path = urlsplit(link[link.index("http") :].strip()).path
    assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert EmailPreference.objects.filter(user=employer, event=NOTICE, enabled=False).exists()


@pytest.mark.database_free
def test_the_days_are_long_dates():
    assert long_day(date(2026, 3, 4)) == "March 4, 2026"


def test_the_pages_say_the_employer_is_told(client, certificate):
    """What the employer page and the holder's share page promise is what the handler does."""
    employer = _employer()
    _share(certificate, employer.email)
    client.force_login(employer)
    page = client.get(PAGE).text
    assert "this page shows it the same day, and we tell you here and by e-mail" in page
    assert "We do not e-mail you about it" not in page
    client.force_login(certificate.holder)
    page = client.get(reverse("webhooks:shares")).text
    assert "when your certificate is suspended, reinstated, revoked, replaced" in page
