"""A set's credential says the day the set was complete in its program's time zone (RULINGS:
dates are shown there), not the site's: RMT (Denver) completes a set at 23:30 on 2 March, when it
is already 3 March in Chicago (the site's `TIME_ZONE`). Both the set's own credential and the
certificate's evidence naming it say "complete on March 2, 2027". Credentials already signed keep
what they say (they are never rebuilt); this is the words of credentials issued from now on."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from certify.certificates.models import SetCredential
from tests.certificates.conftest import finish, nearly_done
from tests.programs.second_program import rmt_set_up

MOMENT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)  # 23:30 MST on the 2nd, 00:30 CST on the 3rd


@pytest.fixture
def rmt(staff):
    return rmt_set_up(staff)


def test_a_set_completed_at_half_past_eleven_in_denver_is_complete_that_day(rmt, monkeypatch):
    assert timezone.localtime(MOMENT, timezone.get_default_timezone()).day == 3
    application, last = nearly_done(rmt, name="Robin Vega")
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    finish(last)
    made = SetCredential.objects.get(planned_set=last)
    assert made.completed_at == MOMENT
    narrative = made.credential["evidence"][0]["narrative"]
    assert narrative.startswith("Portfolio, complete on March 2, 2027: ")
    evidence = application.certificate.credential["evidence"]
    named = next(e for e in evidence if e["id"] == f"urn:uuid:{made.credential_id}")
    assert named["narrative"].startswith("Portfolio, complete on March 2, 2027; ")
