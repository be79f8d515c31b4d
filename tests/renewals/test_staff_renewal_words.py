"""Staff's renewal pages in the words and date format the holder's page uses: a renewal "chosen at
random for an evidence check" (they said "Drawn for audit", the holder reads "chosen at random
for a check"), every date the long way ("July 6, 2027", they wrote "July 6, 2027"), and the day
and time applied in the program's time zone (Denver's 23:30, not Chicago's 00:30 the next day).
"""

import re
import zoneinfo
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from certify.core.rows import date_text
from tests.renewals.conftest import certificate_per_module
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()

SHORT_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? \d{1,2}, \d{4}")
CHOSEN = "Chosen at random for an evidence check"


def _page(client, staff_user, url) -> str:
    client.force_login(staff_user)
    return " ".join(client.get(url).text.split())


def test_staff_read_the_same_plain_words_as_the_holder(client, certificate, today, staff_user):
    renewal = _submitted(certificate, today, audited=True)
    queue = _page(client, staff_user, reverse("renewals:staff_queue"))
    assert f'<span class="tag tag--warn">{CHOSEN}</span>' in queue
    assert f'<label for="id_audited">{CHOSEN}:</label>' in queue
    detail = _page(client, staff_user, reverse("renewals:staff_detail", args=[renewal.pk]))
    assert f"<dt>Evidence check</dt><dd>{CHOSEN}: roll" in detail
    for page in (queue, detail):
        assert "drawn for" not in page.lower()
        assert "Not drawn" not in page
        assert "Audited" not in page


def test_staff_renewal_pages_write_every_date_the_long_way(client, certificate, today, staff_user):
    renewal = _submitted(certificate, today)
    day = date_text(today, "F j, Y")
    queue = _page(client, staff_user, reverse("renewals:staff_queue"))
    assert f'<td data-label="Applied">{day}</td>' in queue
    detail = _page(client, staff_user, reverse("renewals:staff_detail", args=[renewal.pk]))
    assert "Not chosen: roll" in detail
    for page in (queue, detail):
        assert SHORT_DATE.search(page) is None, SHORT_DATE.search(page)


def test_staff_see_the_day_applied_in_the_programs_time_zone(
    client, certificate, today, staff_user, monkeypatch
):
    """Applied at 23:30 in Denver, when it is already the next day in Chicago (the site's)."""
    program = certificate.program
    program.time_zone = "America/Denver"
    program.save(update_fields=["time_zone"])
    denver = zoneinfo.ZoneInfo("America/Denver")
    moment = datetime.combine(today - timedelta(days=1), time(23, 30), denver)  # 00:30 in Chicago
    assert timezone.localtime(moment, timezone.get_default_timezone()).date() == today
    monkeypatch.setattr(timezone, "now", lambda: moment)
    renewal = _submitted(certificate, today)
    monkeypatch.undo()
    day = date_text(today - timedelta(days=1), "F j, Y")
    queue = _page(client, staff_user, reverse("renewals:staff_queue"))
    assert f'<td data-label="Applied">{day}</td>' in queue
    detail = _page(client, staff_user, reverse("renewals:staff_detail", args=[renewal.pk]))
    assert f"<dt>Applied</dt><dd>{day}, 11:30 p.m. {moment:%Z}</dd>" in detail
