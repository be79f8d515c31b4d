"""The renewal cycle turns with the program's day, as the certificate does (RULINGS: dates in the
program's time zone). A program in Auckland: a second after its certificate's last day ends
there, the certificate is expired on every surface and the renewal cycle is in its grace
period, although it is still the last day in Chicago (the site's time zone)."""

import zoneinfo
from datetime import date, timedelta

from django.utils import timezone

from certify.certificates import dates
from certify.renewals.lifecycle import Phase
from certify.renewals.selectors import certificate_lifecycle
from tests.renewals.conftest import holder_with_certificate

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_the_renewal_cycle_turns_at_the_programs_midnight(program, monkeypatch):
    program.time_zone = "Pacific/Auckland"
    program.save(update_fields=["time_zone"])
    certificate = holder_with_certificate(program, issued_on=date(2021, 6, 30))
    end = dates.valid_until(certificate.expires_on, program)

    monkeypatch.setattr(timezone, "now", lambda: end)
    assert not certificate.is_expired
    assert certificate_lifecycle(certificate=certificate).phase == Phase.WINDOW

    after = end + timedelta(seconds=1)
    assert timezone.localtime(after, CHICAGO).date() == certificate.expires_on
    monkeypatch.setattr(timezone, "now", lambda: after)
    assert certificate.is_expired
    assert certificate_lifecycle(certificate=certificate).phase == Phase.GRACE
