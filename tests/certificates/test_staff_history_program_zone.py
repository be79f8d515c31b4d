"""Staff's certificate page gives its history's times in the program's time zone, the zone named
(RULINGS: a case's dates are the program's), as the staff renewal and application pages do: a
certificate suspended at 23:30 in Denver was suspended that day, though it is already the next
day in Chicago (the site's `TIME_ZONE`)."""

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone

from certify.certificates.services import certificate_suspend

# 3 March 2027, 06:30 UTC: 00:30 on the 3rd in Chicago, still 23:30 on the 2nd in Denver.
MOMENT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)


def test_the_history_is_in_the_programs_zone_named(certificate, staff_user, client, monkeypatch):
    program = certificate.program
    program.time_zone = "America/Denver"
    program.save(update_fields=["time_zone"])
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    certificate_suspend(certificate=certificate, actor=staff_user, reason="Under review.")
    monkeypatch.undo()
    client.force_login(staff_user)
    url = reverse("certificates:staff_detail", args=[certificate.pk])
    page = " ".join(client.get(url).text.split())
    assert "<li>March 2, 2027, 11:30 p.m. MST: Valid → Suspended by Sam Staff" in page
    assert "March 3, 2027" not in page
    assert "March 3, 2027" not in page
