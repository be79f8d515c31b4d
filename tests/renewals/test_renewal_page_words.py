"""The holder's renewal page in plain words, with one date format (the project's long date,
"July 6, 2027") and the day in the program's time zone:
- a renewal chosen for an evidence check says "chosen at random" (it said "drawn for a check");
- the page wrote some dates "July 6, 2027" and others "July 6, 2027";
- the status tag and the sentence after it ran together ("Waiting for the renewal fee applied
  for on …"), which read worst when the certificate was suspended and the button to pay was gone.
"""

import re
from datetime import UTC, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from certify.certificates.services import certificate_suspend
from certify.core.rows import date_text
from tests.renewals.conftest import certificate_per_module
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()

SHORT_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? \d{1,2}, \d{4}")


def _page(client, certificate) -> str:
    client.force_login(certificate.holder)
    return " ".join(client.get(reverse("renewals:home")).text.split())


def test_a_renewal_chosen_for_an_evidence_check_says_so_plainly(client, certificate, today):
    _submitted(certificate, today, audited=True)
    page = _page(client, certificate)
    assert "Your renewal was chosen at random for a check of its evidence: once the fee" in page
    assert "drawn" not in page


def test_the_renewal_page_writes_every_date_the_long_way(client, certificate, today):
    _submitted(certificate, today)
    page = _page(client, certificate)
    assert SHORT_DATE.search(page) is None, SHORT_DATE.search(page)
    day = date_text(today, "F j, Y")
    assert f"You applied on {day} with 32 hours (4 on Technology)." in page
    assert f"applied {day}: Waiting for the renewal fee" in page  # the list of renewals


def test_the_status_tag_stands_apart_from_the_sentence_when_suspended(
    client, certificate, today, staff_user
):
    _submitted(certificate, today)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    page = _page(client, certificate)
    tag = '<span class="tag">Waiting for the renewal fee</span>'
    assert f"Your renewal application: {tag}</h3>" in page
    assert f"{tag} applied for on" not in page


def test_the_day_applied_is_the_day_in_the_programs_time_zone(
    client, certificate, today, monkeypatch
):
    """Applied at 23:30 in Denver, when it is already the next day in Chicago (the site's zone):
    the page says the day in Denver."""
    program = certificate.program
    program.time_zone = "America/Denver"
    program.save(update_fields=["time_zone"])
    moment = datetime.combine(today, time(6, 30), UTC)  # 00:30 in Chicago, 23:30 the day before
    assert timezone.localtime(moment, timezone.get_default_timezone()).date() == today
    monkeypatch.setattr(timezone, "now", lambda: moment)
    renewal = _submitted(certificate, today)
    monkeypatch.undo()
    assert renewal.submitted_at == moment
    page = _page(client, certificate)
    assert f"You applied on {date_text(today - timedelta(days=1), 'F j, Y')} with" in page
