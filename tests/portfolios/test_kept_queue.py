"""The reviewer's queue kept by the versions of the data it shows (ADR 0071). Review is blind
(ADR 0026, amended in session 56): the queue shows no candidate's name and its query reads none,
so the trigger migration `portfolios.0008` keeps on the candidate's `full_name` only gives a
reviewer a needless re-read; the tests here check what the queue does show."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.core.data_versions import tracked_tables
from certify.core.models import DataVersion
from certify.portfolios import review_views
from certify.portfolios.models import CompetencyRating, ReviewAssignment, Submission
from certify.programs.models import Competency, CompetencySet
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_queue import _assignment

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)
URL = "portfolios:review_queue"


@pytest.fixture
def reviewer(lsscp):
    review_views.forget_kept_queues()
    return make_reviewer("Rita Reviewer")


def _named(reviewer, name: str) -> ReviewAssignment:
    """An open review of a candidate with this name (which the reviewer never sees)."""
    return _assignment(reviewer, name=name)


def queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(URL)).status_code == 200
    # The session is every request's (its text holds the time), not the queue's.
    return [q["sql"] for q in captured.captured_queries if "django_session" not in q["sql"]]


def test_every_table_the_queue_reads_is_tracked(client, reviewer):
    """The queries a kept queue no longer runs read only tables with the triggers (read from
    the database): a change to any of them gives the reviewer, or everyone, a new version. None
    of them reads the people table: the candidate's name is not on the blind queue."""
    assignment = _assignment(reviewer)
    competency = Competency.objects.filter(competency_set__code="CT").first()
    CompetencyRating.objects.create(assignment=assignment, competency=competency)
    client.force_login(reviewer)
    read = queries(client)
    again = queries(client)
    skipped = [sql for sql in read if sql not in again]
    assert skipped  # the figures and the rows
    tables = {t for sql in skipped for t in TABLE.findall(sql)}
    assert {"portfolios_reviewassignment", "portfolios_competencyrating"} <= tables
    assert tables <= tracked_tables(connection)
    assert "accounts_user" not in tables


def test_every_change_to_what_the_blind_queue_shows_shows_at_once(client, reviewer):
    """A rating, the submission's version, the set's name and the assignment's status each show
    on the next visit; the candidate's name shows on none of them."""
    assignment = _named(reviewer, "Dana Okafor")
    competency = Competency.objects.filter(competency_set__code="CT").first()
    rating = CompetencyRating.objects.create(assignment=assignment, competency=competency)
    client.force_login(reviewer)

    def page() -> str:
        return client.get(reverse(URL)).text

    assert "Anonymous (blind review)" in page()
    assert "Dana Okafor" not in page()
    assert "0 of 1" in page()  # kept
    CompetencyRating.objects.filter(pk=rating.pk).update(rating="met")
    assert "1 of 1" in page()
    Submission.objects.filter(pk=assignment.submission_id).update(number=2)
    assert '<td data-label="Version">2</td>' in page()
    CompetencySet.objects.filter(code="CT").update(name="Communication, renamed")
    assert "Communication, renamed" in page()
    ReviewAssignment.objects.filter(pk=assignment.pk).update(
        status=ReviewAssignment.Status.WITHDRAWN
    )
    assert "No reviews assigned to you." in page()


def test_each_reviewer_is_given_only_their_own_queue(client, reviewer):
    """Two reviewers at the same version (0, no row) are each given their own kept queue, never
    the other's: the queue is kept per reviewer."""
    other = make_reviewer("Ravi Reader")
    dana = reverse("portfolios:assess", args=[_named(reviewer, "Dana Okafor").pk])
    lee = reverse("portfolios:assess", args=[_named(other, "Lee Park").pk])
    # Data from before the triggers has no version row: both at version 0.
    DataVersion.objects.filter(key__in=[reviewer.pk, other.pk]).delete()
    for _ in range(2):
        for person, theirs, not_theirs in ((reviewer, dana, lee), (other, lee, dana)):
            client.force_login(person)
            page = client.get(reverse(URL)).text
            assert theirs in page
            assert not_theirs not in page


def test_a_sign_in_or_another_column_of_the_candidate_leaves_the_reviewers_version(
    client, reviewer
):
    """The trigger on the people table fires only for `full_name` (`columns=`), so a candidate's
    sign-in (`last_login`) or another column gives no reviewer a new version: this fails if the
    trigger grows to the whole row, when every sign-in would re-read queues.

    The last line only proves that a name change still refreshes the queue, which the blind
    queue does not need (ADR 0026): it is kept as the proof that the trigger tried above is
    installed and watched, so the first two checks cannot pass for want of one. Remove it with
    the trigger, should a migration drop it."""
    assignment = _named(reviewer, "Dana Okafor")
    candidate = assignment.submission.portfolio.planned_set.application.candidate

    def version() -> int | None:
        return DataVersion.objects.filter(key=reviewer.pk).values_list("version", flat=True).first()

    before = version()
    client.force_login(candidate)  # writes her last_login: no column the queue shows
    type(candidate).objects.filter(pk=candidate.pk).update(preferred_name="Dee")
    assert version() == before
    type(candidate).objects.filter(pk=candidate.pk).update(full_name="Dana Okafor-Reyes")
    assert version() != before
