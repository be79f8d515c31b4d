"""A submission, and an appeal sent back, lock the reviewer pool's profiles once, before their
first write (ADR 0007's lock order), and the automatic assignment picks among those: it does not
lock the pool a second time after those writes. A reviewer who joins the pool in between (here:
made right after the first lock, as another transaction's commit would show under READ
COMMITTED) is neither locked out of order nor picked; staff see the place left empty."""

import pytest

from certify.core.models import AuditEvent
from certify.portfolios import automatic_reviewers, services
from certify.portfolios.models import ReviewerProfile
from tests.portfolios.conftest import make_reviewer
from tests.portfolios.test_reviewer_access import _candidate, _fail_and_send_back
from tests.portfolios.test_reviewer_access import first as first


@pytest.fixture
def joins_after_the_lock(monkeypatch):
    """Calls of `pool_lock` for `round_` (None: any); a reviewer joins the pool right after the
    first of them."""
    original, calls, joined = automatic_reviewers.pool_lock, [], []

    def arm(round_=None):
        def pool_lock(**kwargs):
            locked = original(**kwargs)
            if round_ is None or kwargs.get("round_") == round_:
                calls.append(locked)
                if not joined:
                    joined.append(make_reviewer("Jo Joiner"))
            return locked

        monkeypatch.setattr(automatic_reviewers, "pool_lock", pool_lock)
        return calls, joined

    return arm


def test_a_submission_locks_the_pool_once_and_picks_among_it(
    complete_portfolio, reviewers, joins_after_the_lock
):
    rita = reviewers[0]
    ReviewerProfile.objects.exclude(user=rita).update(active=False)  # one place stays empty
    calls, joined = joins_after_the_lock()
    submission = services.portfolio_submit(
        portfolio=complete_portfolio, actor=_candidate(complete_portfolio)
    )
    assert calls == [{rita.pk}]  # the caller's lock, and no second one
    assert [a.reviewer_id for a in submission.assignments.all()] == [rita.pk]
    assert joined[0].pk not in {a.reviewer_id for a in submission.assignments.all()}
    assert AuditEvent.objects.filter(
        verb="portfolio.needs_reviewers", target_id=str(submission.pk)
    ).exists()


def test_an_appeal_sent_back_locks_the_new_rounds_pool_once(first, reviewers, joins_after_the_lock):
    calls, joined = joins_after_the_lock(round_=2)
    second, round_one = _fail_and_send_back(first)
    assert reviewers[2].pk not in {a.reviewer_id for a in round_one}
    assert calls == [{reviewers[2].pk}]
    new_round = second.assignments.filter(round=2)
    assert [a.reviewer_id for a in new_round] == [reviewers[2].pk]
    assert not new_round.filter(reviewer=joined[0]).exists()
