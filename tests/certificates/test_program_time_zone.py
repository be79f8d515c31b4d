"""A certificate's days are days in its program's time zone, on every surface.

The site's time zone (`TIME_ZONE`, Chicago) is only the default of `Program.time_zone`. A program
in Auckland issues certificates whose last day ends at midnight in Auckland: the credential's
`validUntil`, the page, the API and the own check all turn "expired" at that moment, while it is
still the last day in Chicago (before, they followed the site's day).
"""

import json
import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from certify.certificates import dates, services
from certify.certificates.credentials.verify import parse_datetime
from certify.programs.models import Program
from tests.certificates.conftest import finish, nearly_done

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


def test_a_program_takes_the_site_time_zone_and_refuses_an_unknown_one(program):
    assert settings.TIME_ZONE == "America/Chicago"
    assert Program._meta.get_field("time_zone").get_default() == "America/Chicago"
    assert program.time_zone == "America/Chicago"
    field = Program._meta.get_field("time_zone")
    field.run_validators("Europe/Paris")
    with pytest.raises(ValidationError, match="is not a time zone"):
        field.run_validators("Mars/Olympus_Mons")


def test_the_lsscp_data_file_names_its_time_zone():
    from certify.programs.services import builtin_program_data

    assert builtin_program_data("lsscp")["time_zone"] == "America/Chicago"


@pytest.fixture
def in_auckland(program):
    program.time_zone = "Pacific/Auckland"
    program.save(update_fields=["time_zone"])
    application, last = nearly_done(program, name="Aroha Ngata")
    finish(last)
    return application.certificate


def test_the_credential_ends_at_midnight_in_the_programs_time_zone(in_auckland):
    certificate = in_auckland
    end = parse_datetime(certificate.credential["validUntil"])
    midnight = datetime.combine(certificate.expires_on + timedelta(days=1), time.min, AUCKLAND)
    assert end == midnight - timedelta(seconds=1)
    assert certificate.issued_on == timezone.localdate(timezone=AUCKLAND)


def test_every_surface_turns_expired_at_the_programs_midnight(in_auckland, client, monkeypatch):
    certificate = in_auckland
    end = dates.valid_until(certificate.expires_on, certificate.program)
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    credential = json.dumps(certificate.credential)

    def answers(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        page = client.get(f"/verify/{certificate.number}/").text
        api = client.get(f"/api/v1/certificates/{certificate.number}").json()["status"]
        own = services.credential_check(read=lambda: credential, now=moment).result.status
        return ("<strong>Expired.</strong>" in page, api, own)

    # The last second of the last day in Auckland: valid everywhere.
    assert answers(end) == (False, "valid", "valid")
    # A second later it is the next day in Auckland, still the last day in Chicago.
    after = end + timedelta(seconds=1)
    assert timezone.localtime(after, chicago).date() == certificate.expires_on
    assert answers(after) == (True, "expired", "expired")


def test_the_days_and_the_time_of_the_check_are_written_in_the_programs_zone(in_auckland, client):
    certificate = in_auckland
    page = client.get(f"/verify/{certificate.number}/").text
    form = client.post("/verify/credential/", {"text": json.dumps(certificate.credential)}).text
    issued, until = (
        date_format(d, "F j, Y") for d in (certificate.issued_on, certificate.expires_on)
    )
    assert f"<dt>Valid</dt><dd>{issued} to {until}</dd>" in form
    assert f"<dd>{issued}</dd>" in page
    zone_name = timezone.localtime(timezone.now(), AUCKLAND).strftime("%Z")
    assert zone_name in ("NZDT", "NZST")
    assert f"{zone_name}. For software that checks certificates, the same information" in page
