"""A resubmission and its reviewers' data versions (ADR 0007's lock order, ADR 0071): it writes no
reviewer's version before it locks its pool's profiles, and none of a reviewer of the earlier
version who is not in that pool. The new version's row has no reviewers when it is made, the
portfolio's status is not a column the reviewers' versions track, and the earlier version's rows
are not written; so the pool it locks (the reviewers it may assign, the earlier ones first) is
every reviewer whose version it writes."""

from certify.core.models import DataVersion
from certify.portfolios import automatic_reviewers, services
from certify.portfolios.models import Portfolio, ReviewerProfile
from certify.portfolios.verdicts import Outcome
from tests.portfolios.conftest import _rate, owner
from tests.portfolios.test_version_lock_order import _first

_REVIEWERS_ROWS = ("portfolios_reviewassignment", "portfolios_competencyrating")


def _version_of(person) -> int:
    return DataVersion.objects.filter(key=person.pk).values_list("version", flat=True).first() or 0


def test_a_resubmission_locks_its_pool_before_it_writes_any_reviewers_version(
    complete_portfolio, reviewers, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    candidate = owner(complete_portfolio)
    first = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    leaving, staying = first.assignments.order_by("pk")
    _rate(leaving, ["met"] * 6 + ["partial"] * 3)
    with django_capture_on_commit_callbacks(execute=True):
        _rate(staying, ["met"] * 5 + ["partial"] * 4)
    first.refresh_from_db()
    assert first.outcome == Outcome.MORE_EVIDENCE
    # One reviewer of version 1 no longer takes reviews: out of the resubmission's pool.
    ReviewerProfile.objects.filter(user=leaving.reviewer).update(active=False)
    before, staying_before = _version_of(leaving.reviewer), _version_of(staying.reviewer)
    portfolio = Portfolio.objects.get(pk=complete_portfolio.pk)

    locked, original = [], automatic_reviewers.pool_lock

    def pool_lock(**kwargs):
        locked.append(original(**kwargs))
        return locked[-1]

    monkeypatch.setattr(automatic_reviewers, "pool_lock", pool_lock)
    with CaptureQueriesContext(connection) as queries:
        second = services.portfolio_submit(portfolio=portfolio, actor=candidate)

    sent = queries.captured_queries
    assert second.number == 2
    # The one still in the pool goes back to it; her profile was locked with the pool's.
    assert staying.reviewer in {a.reviewer for a in second.assignments.all()}
    [pool] = locked
    assert staying.reviewer_id in pool
    assert leaving.reviewer_id not in pool
    profiles = _first(sent, lambda sql: 'FROM "portfolios_reviewerprofile"' in sql)
    written = _first(
        sent,
        lambda sql: (
            (sql.startswith(("UPDATE", "INSERT")) and any(t in sql for t in _REVIEWERS_ROWS))
            or (sql.startswith("UPDATE") and '"portfolios_submission"' in sql)
        ),
    )
    assert profiles < written, [q["sql"][:120] for q in sent[: written + 1]]
    # The reviewer outside the pool: nothing of hers written, no new data version (the one
    # assigned again has one: the triggers are there).
    assert _version_of(leaving.reviewer) == before
    assert _version_of(staying.reviewer) != staying_before
