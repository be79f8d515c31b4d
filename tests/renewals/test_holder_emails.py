"""Each e-mail a certificate holder gets, sent by the real services on a program in Denver (not
the site's Chicago) and read once as HTML: the reminder before expiry, the one at expiry (the
grace period), the lapse notice, the renewal accepted (the new certificate), a renewal refused,
and the certificate suspended and revoked. Each passes the e-mail checks (nothing empty, no
escaped markup, no link elsewhere), writes amounts with their cents, dates the long way in the
program's days and US English, and its one button opens, for its holder, the page it names.
tests/notifications/test_renewal_emails.py reads the same templates from contexts made by hand;
this module reads what the services put in them."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from certify.accounts.models import User
from certify.certificates.services import certificate_revoke, certificate_suspend
from certify.notifications.models import OutgoingEmail
from certify.renewals.lifecycle import add_months
from certify.renewals.services import (
    reminders_send,
    renewal_decide,
    renewal_submit,
    renewal_sync,
)
from tests.money_words import short_amounts
from tests.notifications.emails.checks import problems
from tests.payments.conftest import card_paid
from tests.renewals.conftest import in_window, log
from tests.spelling import not_us_english

SITE = "https://certify.example.org"
BUTTON = re.compile(r'<a href="([^"]+)" style="background:#1d4e89')
NUMERIC_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


@pytest.fixture(autouse=True)
def served(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def denver(program):
    program.time_zone = "America/Denver"
    program.contact_email = "renewals@lsscp.example.org"
    program.renewal_reminder_months = [6, 0]
    program.save(update_fields=["time_zone", "contact_email", "renewal_reminder_months"])
    return program


def _long(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _emails(holder: User, after: int = 0) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(to=holder.email, pk__gt=after).order_by("pk"))


def _last() -> int:
    """The newest e-mail so far: what a step sends comes after it."""
    return OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _read_right(client, email: OutgoingEmail, holder: User, page: str) -> str:
    """The e-mail's checks; its button opens `page` for `holder`. Its words, flattened."""
    text, html = email.text_body, email.html_body
    assert problems(text, html) == [], (email.subject, problems(text, html))
    words = " ".join(text.split())
    assert short_amounts(words) == [], words
    assert short_amounts(" ".join(html.split())) == []
    assert not NUMERIC_DATE.search(words), words
    assert not_us_english(words) == [], words
    assert not_us_english(email.subject) == []
    buttons = BUTTON.findall(html)
    assert len(buttons) == 1, (email.subject, buttons)
    assert buttons[0].startswith(SITE + page), (email.subject, buttons[0])
    assert f": {buttons[0]}" in text  # the text part's action line, to the same page
    client.force_login(holder)
    opened = client.get(buttons[0].removeprefix(SITE))
    assert opened.status_code == 200, (email.subject, buttons[0])
    return words


def test_the_reminders_and_the_lapse_notice_read_right(client, denver):
    program = denver
    today = timezone.localdate()
    with TestCase.captureOnCommitCallbacks(execute=True):
        six = in_window(program, today, months_left=6, name="Ada Moss")
        at_expiry = in_window(program, today, months_left=0, name="Ben Okoro")
        expired = add_months(today, -program.renewal_grace_months) - timedelta(days=1)
        lapsing = in_window(program, expired, months_left=0, name="Mei Chen")
        before = _last()  # after the issue notices
        reminders_send(today=today, since=today - timedelta(days=3))

    (reminder,) = _emails(six.holder, before)
    words = _read_right(client, reminder, six.holder, "/renewal/")
    assert f"expires on {_long(six.expires_on)}" in words
    last = add_months(six.expires_on, program.renewal_grace_months)
    assert f"you can still renew until {_long(last)}" in words
    assert "32 hours of continuing education, at least 4 of them on Technology" in words

    (at_expiry_email,) = _emails(at_expiry.holder, before)
    words = _read_right(client, at_expiry_email, at_expiry.holder, "/renewal/")
    assert f"expires on {_long(at_expiry.expires_on)}" in words

    (lapse,) = _emails(lapsing.holder, before)
    words = _read_right(client, lapse, lapsing.holder, "/renewal/")
    assert f"expired on {_long(lapsing.expires_on)} and the grace period has ended" in words
    assert "renewals@lsscp.example.org" in words


def test_a_renewal_accepted_and_one_refused_read_right(client, denver, staff_user):
    program = denver
    today = timezone.localdate()
    accepted = in_window(program, today, name="Ada Moss")
    refused = in_window(program, today, name="Ben Okoro")
    for certificate in (accepted, refused):
        log(certificate.holder, program=program, on=today)
    before = _last()
    with TestCase.captureOnCommitCallbacks(execute=True):
        renewal = renewal_submit(certificate=accepted, actor=accepted.holder)
        card_paid(renewal.invoice, intent="pi_accepted")
        renewal_sync(renewal=renewal)
    sent = _emails(accepted.holder, before)
    for email in sent:  # the receipt (its invoice's page) and the new certificate
        _read_right(client, email, accepted.holder, "/")
    (renewed,) = [e for e in sent if e.subject.endswith("certificate is renewed")]
    words = _read_right(client, renewed, accepted.holder, "/certificates/")
    new = type(accepted).objects.exclude(pk=accepted.pk).get(holder=accepted.holder)
    assert new.number in words

    with TestCase.captureOnCommitCallbacks(execute=True):
        program.renewal_audit_percent = 100
        program.save(update_fields=["renewal_audit_percent"])
        renewal = renewal_submit(certificate=refused, actor=refused.holder)
        card_paid(renewal.invoice, intent="pi_refused")
        renewal = renewal_sync(renewal=renewal)
        before = _last()
        renewal_decide(
            renewal=renewal, actor=staff_user, action="refuse", reason="No evidence of the hours."
        )
    (decided,) = _emails(refused.holder, before)
    words = _read_right(client, decided, refused.holder, "/renewal/")
    assert "No evidence of the hours." in words
    assert "write to them at renewals@lsscp.example.org" in words


@pytest.mark.parametrize("move", ["suspend", "revoke"])
def test_a_certificate_suspended_or_revoked_reads_right(client, denver, staff_user, move):
    certificate = in_window(denver, timezone.localdate(), name="Ada Moss")
    before = _last()
    with TestCase.captureOnCommitCallbacks(execute=True):
        stop = certificate_suspend if move == "suspend" else certificate_revoke
        stop(certificate=certificate, actor=staff_user, reason="Evidence was not her own.")
    told = [e for e in _emails(certificate.holder, before) if "is now" in e.subject]
    assert len(told) == 1, [e.subject for e in _emails(certificate.holder, before)]
    words = _read_right(client, told[0], certificate.holder, "/certificates/")
    assert "Evidence was not her own." in words
    assert "reply to program staff" not in words  # replies go to an address nobody reads
    assert "write to program staff at renewals@lsscp.example.org" in words
    said = {
        "suspend": "While it is suspended it is not valid; program staff may reinstate it",
        "revoke": "A revoked certificate is not valid and cannot be renewed.",
    }
    assert said[move] in words
    assert settings.SITE_URL == SITE
