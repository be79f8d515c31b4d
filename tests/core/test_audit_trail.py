from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from certify.core.models import AuditEvent
from certify.core.services import audit_record
from tests.conftest import count_queries
from tests.factories import UserFactory


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger is PostgreSQL's (runs in the PostgreSQL suite)",
)
def test_postgresql_refuses_to_change_or_delete_audit_rows(db):
    event = audit_record(actor=None, verb="application.accepted", reason="Met every rule")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="Changed my mind")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "Met every rule"


def test_a_person_with_a_history_cannot_be_deleted(db):
    from django.db.models import ProtectedError

    person = UserFactory()
    audit_record(actor=person, verb="application.submitted")
    with pytest.raises(ProtectedError):
        person.delete()


def test_staff_search_the_audit_trail(client, staff):
    actor = UserFactory(full_name="Sam Decider")
    audit_record(actor=actor, verb="application.rejected", reason="Not library work")
    audit_record(actor=None, verb="email.failed", reason="mailbox full")
    client.force_login(staff)
    page = client.get(reverse("core:audit"), {"verb": "application."}).text
    assert "Not library work" in page
    assert "mailbox full" not in page
    page = client.get(reverse("core:audit"), {"actor": "decider"}).text
    assert "application.rejected" in page


def test_the_csv_export_defuses_spreadsheet_formulas(client, staff):
    audit_record(actor=None, verb="role.granted", reason='=HYPERLINK("http://evil")')
    client.force_login(staff)
    response = client.get(reverse("core:audit"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"].startswith("attachment;")
    assert body.splitlines()[0].endswith(",who,action,target,target id,reason,details")
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_the_audit_trail_is_refused_to_everyone_but_staff(db, client_as, role):
    assert client_as(role).get(reverse("core:audit")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    assert client.get(reverse("core:audit")).status_code == 302


def test_the_audit_page_query_count_does_not_grow(client, staff):
    client.force_login(staff)
    audit_record(actor=UserFactory(), verb="a")
    few = count_queries(lambda: client.get(reverse("core:audit")))
    for i in range(30):
        audit_record(actor=UserFactory(), verb=f"v{i}")
    assert count_queries(lambda: client.get(reverse("core:audit"))) == few


# --- Days in the program's time zone (RULINGS) ---------------------------------------------------

# 02:30 UTC on March 1: still February 28 in Chicago (the site's zone), March 1 in London.
LATE = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)


def _event_at(monkeypatch, moment, **kwargs):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    event = audit_record(actor=None, **kwargs)
    monkeypatch.undo()
    return event


def test_the_audit_trails_days_are_the_programs_when_every_program_shares_one_zone(
    client, staff, lsscp, monkeypatch, settings
):
    assert settings.TIME_ZONE == "America/Chicago"
    lsscp.time_zone = "Europe/London"
    lsscp.save(update_fields=["time_zone"])
    _event_at(monkeypatch, LATE, verb="application.accepted", reason="Late in London")
    client.force_login(staff)
    url = reverse("core:audit")
    page = client.get(url, {"since": "2026-03-01", "until": "2026-03-01"}).text
    assert "Late in London" in page  # March 1 in the program's zone
    assert "Europe/London, LSSCP&#x27;s time zone" in page
    assert "March 1, 2026, 2:30 a.m." in page  # the row's time, in that zone too
    assert "Late in London" not in client.get(url, {"until": "2026-02-28"}).text
    body = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode()
    assert body.splitlines()[0].startswith("when (Europe/London),")
    assert "2026-03-01T02:30:00+00:00" in body


def test_over_programs_in_different_zones_the_audit_trail_says_it_uses_the_sites_and_offers_each(
    client, staff, lsscp, monkeypatch
):
    from tests.factories import ProgramFactory

    ProgramFactory(slug="rmt", short_name="RMT", time_zone="Europe/London")
    _event_at(monkeypatch, LATE, verb="application.accepted", reason="Late in London")
    client.force_login(staff)
    url = reverse("core:audit")
    page = client.get(url, {"since": "2026-03-01"}).text
    assert "Days and times are in America/Chicago, the site&#x27;s time zone." in page
    assert "Late in London" not in page  # February 28 in Chicago
    assert "Europe/London, RMT&#x27;s time zone" in page  # offered
    chosen = client.get(url, {"since": "2026-03-01", "zone": "Europe/London"}).text
    assert "Late in London" in chosen
    assert "Days and times are in Europe/London, RMT&#x27;s time zone." in chosen


@pytest.mark.database_free
def test_the_zone_of_a_page_over_every_program_is_named_by_whose_it_is(settings):
    from certify.core.zones import zone_choices, zone_for_all

    one = [("LSSCP", "America/Chicago")]
    assert zone_for_all(one).words == "America/Chicago, LSSCP's time zone"
    both = [("LSSCP", "Europe/London"), ("RMT", "Europe/London")]
    assert zone_for_all(both).words == "Europe/London, every program's time zone"
    apart = [("LSSCP", "America/Chicago"), ("RMT", "Europe/London"), ("CPLA", "Europe/London")]
    assert zone_for_all(apart).words == "America/Chicago, the site's time zone"
    assert [z.words for z in zone_choices(apart)] == [
        "America/Chicago, LSSCP's time zone",
        "Europe/London, RMT's and CPLA's time zone",
    ]
    assert zone_for_all([("OLD", "Nowhere/Unknown")]).name == settings.TIME_ZONE
