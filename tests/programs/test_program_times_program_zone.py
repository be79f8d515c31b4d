"""A program's framework versions, its settings history and the staff list of programs give
their days and times in the program's time zone, the zone named where a time is shown (RULINGS);
the API adds the day as the pages show it beside the instant: RMT (Denver) at 23:30 on 2 March,
when it is already 3 March in Chicago (the site's zone)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.programs.models import FrameworkVersion, Program
from tests.programs.second_program import rmt_set_up

MOMENT = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)  # 23:30 MST on the 2nd, 00:30 CST on the 3rd


@pytest.fixture
def rmt(lsscp, staff, monkeypatch):
    # set up at that moment: published, its settings changed (the audit trail is append-only)
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    rmt = rmt_set_up(staff)
    monkeypatch.undo()
    assert FrameworkVersion.objects.get(program=rmt, number=1).published_at == MOMENT
    assert Program.objects.get(pk=rmt.pk).updated_at == MOMENT
    return rmt


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(response.text.split())


def test_the_framework_pages_give_the_day_it_was_published_in_the_programs_zone(rmt, staff, client):
    assert timezone.localtime(MOMENT).day == 3  # the site's zone is on the 3rd
    client.force_login(staff)
    versions = _text(client.get(reverse("programs:framework_versions", args=[rmt.slug])))
    assert "Published March 2, 2027" in versions
    assert "March 3, 2027" not in versions
    one = _text(client.get(reverse("programs:framework_version", args=[rmt.slug, 1])))
    assert "Published March 2, 2027" in one


def test_the_settings_history_and_the_programs_list_are_in_the_programs_zone(rmt, staff, client):
    client.force_login(staff)
    settings = _text(client.get(reverse("programs:setup_settings", args=[rmt.slug])))
    assert "March 2, 2027, 11:30 p.m. MST" in settings
    assert "March 3, 2027" not in settings
    listed = _text(client.get(reverse("programs:setup_list")))
    assert "March 2, 2027" in listed


def test_the_api_gives_the_day_it_was_published_beside_the_instant(rmt, staff, client):
    client.force_login(staff)
    rows = client.get(f"/api/v1/staff/programs/{rmt.slug}/framework").json()
    published = next(row for row in rows if row["status"] == "published")
    assert published["published_at"].startswith("2027-03-0")  # the instant, with its offset
    assert datetime.fromisoformat(published["published_at"]) == MOMENT
    assert published["published_on"] == "2027-03-02"
