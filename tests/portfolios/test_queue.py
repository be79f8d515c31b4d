"""The reviewer's queue page: its figures are counted in SQL, its rows come from one query, and
it shows exactly what it showed when both were computed from Python objects."""

from datetime import UTC, date, datetime, timedelta
from statistics import median

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.bounded import Bounded
from certify.core.templatetags import fragments
from certify.portfolios import review_views, selectors
from certify.portfolios.models import CompetencyRating, ReviewAssignment
from certify.portfolios.verdicts import Rating
from certify.programs.models import Competency
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.portfolios.conftest import _submission_for, make_reviewer

TODAY = date(2026, 3, 10)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def reviewer(lsscp):
    return make_reviewer("Rita Reviewer")


def _assignment(reviewer, *, name="Dana Okafor", **fields):
    assignment = _submission_for(UserFactory(full_name=name, roles=[Role.CANDIDATE]), reviewer)
    ReviewAssignment.objects.filter(pk=assignment.pk).update(**fields)
    return ReviewAssignment.objects.get(pk=assignment.pk)


def _completed(reviewer, days: float):
    return _assignment(
        reviewer,
        status=ReviewAssignment.Status.COMPLETED,
        assigned_at=T0,
        completed_at=T0 + timedelta(days=days),
        due_on=TODAY,
    )


def _python_turnaround(reviewer, today):
    """The figures as the page computed them before, from every assignment, in Python."""
    rows = list(
        ReviewAssignment.objects.filter(reviewer=reviewer).exclude(
            status=ReviewAssignment.Status.WITHDRAWN
        )
    )
    days = [
        (r.completed_at - r.assigned_at).total_seconds() / 86400 for r in rows if r.completed_at
    ]
    open_rows = [r for r in rows if r.status == ReviewAssignment.Status.ASSIGNED]
    return selectors.Turnaround(
        assignments=len(rows),
        completed=len(days),
        open=len(open_rows),
        overdue=sum(1 for r in open_rows if r.due_on < today),
        median_days=round(median(days), 1) if days else None,
    )


def test_turnaround_counts_open_overdue_and_completed_and_the_median_in_sql(reviewer):
    _assignment(reviewer, due_on=TODAY - timedelta(days=1))  # open, overdue
    _assignment(reviewer, due_on=TODAY)  # open, due today: not overdue
    _assignment(  # withdrawn: in no figure, even with a completion time
        reviewer,
        status=ReviewAssignment.Status.WITHDRAWN,
        assigned_at=T0,
        completed_at=T0 + timedelta(days=90),
        due_on=TODAY - timedelta(days=30),
    )
    for days in (2, 3.5, 10):
        _completed(reviewer, days)
    figures = selectors.reviewer_turnaround(reviewer=reviewer, today=TODAY)
    assert figures == selectors.Turnaround(
        assignments=5, completed=3, open=2, overdue=1, median_days=3.5
    )
    assert figures == _python_turnaround(reviewer, TODAY)
    _completed(reviewer, 1.25)  # an even number: the mean of the middle two, (2 + 3.5) / 2
    figures = selectors.reviewer_turnaround(reviewer=reviewer, today=TODAY)
    assert figures.median_days == 2.8
    assert figures == _python_turnaround(reviewer, TODAY)


def test_turnaround_reads_a_fixed_number_of_rows_and_queries(reviewer):
    _assignment(reviewer, due_on=TODAY)
    figures = selectors.reviewer_turnaround(reviewer=reviewer, today=TODAY)
    assert (figures.completed, figures.median_days) == (0, None)
    assert count_queries(lambda: selectors.reviewer_turnaround(reviewer=reviewer)) == 1
    for days in (1, 2, 3):
        _completed(reviewer, days)
    with CaptureQueriesContext(connection) as ctx:
        selectors.reviewer_turnaround(reviewer=reviewer, today=TODAY)
    assert len(ctx.captured_queries) == 2  # the counts, then the middle duration(s) only
    _completed(reviewer, 4)
    assert count_queries(lambda: selectors.reviewer_turnaround(reviewer=reviewer)) == 2


def test_queue_rows_never_read_the_candidates_name(reviewer):
    blind = _assignment(reviewer, name="Bea Blind", due_on=TODAY + timedelta(days=3))
    named = _assignment(reviewer, name="Nico Named", due_on=TODAY + timedelta(days=1))
    done = _completed(reviewer, 2)
    competencies = list(Competency.objects.filter(competency_set__code="CT")[:3])
    for competency, rating in zip(competencies, [Rating.MET, Rating.NOT_MET, ""], strict=True):
        CompetencyRating.objects.create(assignment=named, competency=competency, rating=rating)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.reviewer_queue_rows(reviewer=reviewer))
    assert len(ctx.captured_queries) == 1
    assert "full_name" not in ctx.captured_queries[0]["sql"]  # blind review, always
    assert [r.pk for r in rows] == [named.pk, blind.pk, done.pk]  # open first, by due date
    by_pk = {r.pk: r for r in rows}
    assert not any(hasattr(r, "candidate_name") for r in rows)
    assert (by_pk[named.pk].rated, by_pk[named.pk].total) == (2, 3)
    assert (by_pk[blind.pk].rated, by_pk[blind.pk].total) == (0, 0)
    assert by_pk[named.pk].set_name == "Communication and Teamwork"
    assert by_pk[named.pk].version == 1


def test_the_queue_page_shows_no_names_but_counts_and_overdue_reviews(client, reviewer):
    overdue = _assignment(reviewer, name="Nico Named", due_on=timezone.localdate() - timedelta(1))
    _assignment(reviewer, name="Bea Blind", due_on=timezone.localdate())
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("portfolios:review_queue")).text
    assert "Nico Named" not in page
    assert "Bea Blind" not in page
    assert page.count("Anonymous (blind review)") == 2
    assert page.count("tag--warn") == 1
    assert reverse("portfolios:assess", args=[overdue.pk]) in page
    assert "<dt>Open</dt><dd>2</dd>" in page
    assert "<dt>Overdue</dt><dd>1</dd>" in page
    assert '<td data-label="Rated">0 of 0</td>' in page
    assert page.count("<strong>(due today)</strong>") == 1
    # The paginator takes the number of rows from the figures: no separate COUNT query.
    counts = [q for q in ctx.captured_queries if '"__count"' in q["sql"]]
    assert not [q for q in counts if "portfolios_reviewassignment" in q["sql"]]


def test_queue_rows_show_the_due_date_and_the_status_with_its_verdict_in_words(client, reviewer):
    done = _completed(reviewer, 2)
    ReviewAssignment.objects.filter(pk=done.pk).update(
        verdict=Rating.PARTIAL, due_on=date(2026, 3, 9)
    )
    late = _assignment(reviewer, due_on=date(2026, 1, 2))
    client.force_login(reviewer)
    page = client.get(reverse("portfolios:review_queue")).text
    assert '<td data-label="Status">Completed (your verdict: Partially met)</td>' in page
    assert '<td data-label="Status">Waiting for the review</td>' in page
    assert '<td data-label="Due">March 9, 2026</td>' in page  # completed: late or not, no tag
    assert (
        '<td data-label="Due">January 2, 2026 <span class="tag tag--warn">Overdue</span></td>'
        in page
    )
    assert f'<a href="{reverse("portfolios:assess", args=[late.pk])}">' in page


def test_the_rows_markup_is_kept_per_rows_read_day_and_link(client, reviewer, monkeypatch):
    """The rows' markup is a fragment keyed by the rows as read, today and the assess link's
    text: served again for the same ones, never for a changed row or the next day."""
    # this test's fragments only
    monkeypatch.setattr(fragments, "_kept", Bounded(max_entries=2048, max_size=8_000_000))
    today = timezone.localdate()
    due = _assignment(reviewer, due_on=today)
    client.force_login(reviewer)
    url = reverse("portfolios:review_queue")
    first = client.get(url).text
    assert first.count("<strong>(due today)</strong>") == 1
    assert "tag--warn" not in first
    kept = len(fragments._kept)
    assert _tbody(client.get(url).text) == _tbody(first)  # same rows, same day: kept markup
    assert len(fragments._kept) == kept
    competency = Competency.objects.filter(competency_set__code="CT").first()
    CompetencyRating.objects.create(assignment=due, competency=competency, rating=Rating.MET)
    rated = client.get(url).text
    assert '<td data-label="Rated">1 of 1</td>' in rated
    assert '<td data-label="Rated">1 of 1</td>' not in first
    assert len(fragments._kept) == kept + 1  # a changed row: new markup, kept beside
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + timedelta(days=1))
    next_day = client.get(url).text
    assert "(due today)" not in next_day
    assert next_day.count('<span class="tag tag--warn">Overdue</span>') == 1


def _tbody(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_queue_page_reads_the_same_number_of_queries_for_more_rows(client, reviewer):
    for days in (1, 2, 3):
        _completed(reviewer, days)
    client.force_login(reviewer)
    url = reverse("portfolios:review_queue")
    client.get(url)
    review_views.forget_kept_queues()  # the queue read afresh (a kept one reads none of it)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        _assignment(reviewer, due_on=TODAY + timedelta(days=i))
        _completed(reviewer, 4 + i)
    # The new rows gave the reviewer a new data version: the queue is read again.
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).text
    assert page.count("<tr>") == 1 + 15  # the header and every row
    assert len(more.captured_queries) == len(few.captured_queries)
    # Viewed again: the session and the person's row only (ADR 0071).
    assert count_queries(lambda: client.get(url)) == 2 < len(few.captured_queries)
