"""The API gives a set's credential's days as its pages do, in the program's time zone, beside
the instant (RULINGS; the timestamps keep their ISO 8601 offset), and the account page says the
day the holder was listed in the public register in their certificate's program's time zone:
RMT (Denver) at 23:30 on 2 March, when it is already 3 March in Chicago (the site's zone)."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from certify.certificates.models import Certificate, RegisterListing, SetCredential
from tests.certificates.conftest import finish, nearly_done
from tests.programs.second_program import rmt_set_up

MOMENT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)  # 23:30 MST on the 2nd, 00:30 CST on the 3rd


@pytest.fixture
def rmt_done(staff, monkeypatch):
    rmt = rmt_set_up(staff)
    application, last = nearly_done(rmt, name="Robin Vega")
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    finish(last)
    monkeypatch.undo()
    return application, SetCredential.objects.get(planned_set=last)


def test_the_api_gives_a_sets_days_in_its_programs_zone_beside_the_instant(rmt_done, staff, client):
    _, made = rmt_done
    assert timezone.localtime(MOMENT).day == 3  # the site's zone is on the 3rd
    client.force_login(staff)
    answer = client.post(
        f"/api/v1/staff/certificates/sets/{made.pk}/revoke",
        {"reason": "Not the candidate's own work."},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert datetime.fromisoformat(body["completed_at"]) == MOMENT
    assert body["completed_on"] == "2027-03-02"
    assert body["issued_on"] == "2027-03-02"
    assert body["status"] == "revoked"


def test_the_account_page_gives_the_day_of_the_listing_in_the_programs_zone(rmt_done, client):
    application, _ = rmt_done
    Certificate.objects.filter(holder=application.candidate).update(status=Certificate.Status.VALID)
    RegisterListing.objects.create(
        user=application.candidate, state="CO", search_name=" robin vega", listed_at=MOMENT
    )
    client.force_login(application.candidate)
    page = " ".join(client.get("/account/").text.split())
    assert "public register of holders</a>, under Colorado, since March 2, 2027." in page
