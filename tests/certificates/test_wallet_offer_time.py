"""The wallet offer's page says until when the offer works in the program's time zone (RULINGS:
dates are shown in the program's time zone), not the site's: a program in Denver reads MST or
MDT, and the hour there."""

import zoneinfo

from certify.certificates.models import WalletOffer
from tests.certificates.conftest import finish, nearly_done
from tests.certificates.wallet import once

DENVER = zoneinfo.ZoneInfo("America/Denver")


def test_the_offer_says_until_when_in_the_programs_time_zone(client, program):
    program.time_zone = "America/Denver"
    program.save(update_fields=["time_zone"])
    application, last = nearly_done(program, name="Aroha Ngata")
    finish(last)
    certificate = application.certificate
    client.force_login(certificate.holder)
    page = client.post(f"/certificates/{certificate.number}/wallet/", once(client))
    assert page.status_code == 200
    until = WalletOffer.objects.get(certificate=certificate).code_expires_at.astimezone(DENVER)
    zone = until.tzname()
    assert zone in ("MST", "MDT")
    half = "a.m." if until.hour < 12 else "p.m."
    assert f"(until {until.hour % 12 or 12}:{until:%M} {half} {zone})" in page.text
    assert "CST)" not in page.text  # the site's zone, Chicago, before
    assert "CDT)" not in page.text
