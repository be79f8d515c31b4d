"""A holder who renewed once reads her log: what her finished renewal counted is shown apart,
under that renewal and the day it was approved (page and API in the same words), never as "does
not count"; this period's activities count as before; an activity that truly does not count for
this period still says so (ADR 0014: an activity counts toward one renewal only)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils.formats import date_format

from certify.renewals import ce
from certify.renewals.services import ce_activity_create
from tests.conftest import count_queries
from tests.renewals.conftest import renewed_once

DOES_NOT_COUNT = "does not count"


def _add(holder, program, title: str, on, *, code: str = "FLS", hours: str = "3"):
    sets = [program.competency_sets.get(code=code).pk] if code else []
    return ce_activity_create(
        actor=holder,
        title=title,
        provider="Lakeside College",
        completed_on=on,
        format="hours",
        amount=Decimal(hours),
        set_ids=sets,
        today=on,
    )


@pytest.fixture
def renewed(program, staff_user):
    """Renewed once: submitted ten days ago, approved today, with the 28 + 4 hours it counted;
    since then one activity that counts now, and one done before the renewal was submitted that
    it did not count (outside the new period: does not count)."""
    renewal, used, today = renewed_once(program, staff_user, waited_days=10)
    holder = renewal.holder
    now = _add(holder, program, "Readers advisory webinar", today - timedelta(days=5))
    outside = _add(holder, program, "Old book repair class", today - timedelta(days=12))
    return renewal, used, now, outside, today


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_page_shows_what_the_finished_renewal_counted_apart(client, program, renewed):
    renewal, used, now, outside, today = renewed
    client.force_login(renewal.holder)
    text = client.get("/renewal/").content.decode()
    heading = f"Counted toward your renewal approved on {date_format(today, 'DATE_FORMAT')}"
    assert re.search(rf"<h3 id=\"ce-earlier-{renewal.pk}\">{heading}</h3>", text), text
    this_period = _section(text, 'id="ce-title"', f'id="ce-earlier-{renewal.pk}"')
    earlier = _section(text, f'id="ce-earlier-{renewal.pk}"', 'id="ce-add"')
    for activity in used:
        assert activity.title in earlier
        assert activity.title not in this_period
        assert f"/renewal/activities/{activity.pk}/" not in this_period
    assert DOES_NOT_COUNT not in earlier
    for activity in (now, outside):
        assert activity.title in this_period
        assert activity.title not in earlier
    # Only the activity that truly does not count for this period says so, with its reason.
    assert this_period.count(f">{DOES_NOT_COUNT}<") == 1
    assert "1 of yours is outside these dates and does not count." in this_period
    outside_row = _section(this_period, outside.title, "</tr>")
    assert DOES_NOT_COUNT in outside_row
    assert "Outside the certification period" in outside_row
    assert "2 activities in this period" in this_period
    assert "2 activities</caption>" in earlier


def test_the_api_says_the_same_in_the_same_words(client, program, renewed):
    renewal, used, now, outside, today = renewed
    client.force_login(renewal.holder)
    items = {a["id"]: a for a in client.get("/api/v1/renewals/activities").json()["items"]}
    heading = f"Counted toward your renewal approved on {date_format(today, 'DATE_FORMAT')}"
    page = client.get("/renewal/").content.decode()
    for activity in used:
        item = items[activity.pk]
        assert item["counts"] is False
        assert item["counted_toward"] == {"renewal": renewal.pk, "approved_on": str(today)}
        assert item["not_counted_reason"].startswith(heading + ":")
        assert DOES_NOT_COUNT not in item["not_counted_reason"]
        assert heading in page
    assert (items[now.pk]["counts"], items[now.pk]["counted_toward"]) == (True, None)
    assert items[outside.pk]["counts"] is False
    assert items[outside.pk]["counted_toward"] is None
    assert items[outside.pk]["not_counted_reason"] == ce.OUTSIDE


def test_an_untied_activity_of_this_period_still_does_not_count(client, program, renewed):
    renewal, _, _, _, today = renewed
    day = today - timedelta(days=2)
    untied = _add(renewal.holder, program, "Library trivia night", day, code="")
    client.force_login(renewal.holder)
    this_period = _section(client.get("/renewal/").content.decode(), 'id="ce-title"', "ce-earlier-")
    row = _section(this_period, untied.title, "</tr>")
    assert DOES_NOT_COUNT in row
    assert "Not tied to a competency set" in row
    item = next(
        a for a in client.get("/api/v1/renewals/activities").json()["items"] if a["id"] == untied.pk
    )
    assert (item["counts"], item["not_counted_reason"]) == (False, ce.NOT_TIED)


def test_the_page_and_the_api_keep_their_query_counts(client, program, renewed):
    renewal, _, _, _, today = renewed
    client.force_login(renewal.holder)
    client.get("/renewal/")
    page = count_queries(lambda: client.get("/renewal/"))
    api = count_queries(lambda: client.get("/api/v1/renewals/activities"))
    for days in range(1, 4):
        _add(renewal.holder, program, f"Workshop {days}", today - timedelta(days=days))
        _add(renewal.holder, program, f"Older class {days}", today - timedelta(days=20 + days))
    assert count_queries(lambda: client.get("/renewal/")) == page
    assert count_queries(lambda: client.get("/api/v1/renewals/activities")) == api


def test_a_period_with_nothing_yet_says_so_of_this_period_not_of_her_log(
    client, program, staff_user
):
    """Just renewed, nothing recorded since: her log is not empty, this period is."""
    renewal, used, _ = renewed_once(program, staff_user, waited_days=0)
    client.force_login(renewal.holder)
    text = client.get("/renewal/").content.decode()
    this_period = _section(text, 'id="ce-title"', f'id="ce-earlier-{renewal.pk}"')
    assert "0 activities in this period" in this_period
    assert "No activities recorded in this period yet." in this_period
    assert "No activities recorded yet." not in text
    assert all(activity.title in text for activity in used)
