"""An appeal that sends a final "not met" back opens a new review round on the submission
(`Submission.review_round`), even when the automatic assignment finds nobody for it: staff then
add reviewers to that round, never one who assessed the verdict the appeal sent back, and the
appealed verdict's reviewers see nothing of the work (certify/portfolios/access.py)."""

import pytest
from django.apps import apps
from django.urls import reverse

from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import ReviewerProfile, Submission
from certify.portfolios.selectors import reviews_waiting, submission_list_for_staff
from tests.portfolios import test_reviewer_access as access
from tests.portfolios.test_reviewer_access import _fail_and_send_back, _refused_everywhere

first = access.first  # the fixture: version 1, assigned to two of the three reviewers


@pytest.fixture
def stranded(first, reviewers):
    """The appeal is sent back while the only reviewer left in the pool is away."""
    ReviewerProfile.objects.filter(user=reviewers[2]).update(active=False)
    second, round_one = _fail_and_send_back(first)
    ReviewerProfile.objects.filter(user=reviewers[2]).update(active=True)
    return second, round_one


def test_a_round_nobody_was_found_for_is_still_the_current_round(stranded):
    second, round_one = stranded
    assert second.review_round == 2
    assert not second.assignments.filter(round=2).exists()
    assert {a.round for a in round_one} == {1}


def test_staff_see_it_waiting_for_reviewers(stranded, staff):
    second, _ = stranded
    waiting = submission_list_for_staff(needs_reviewers=True)
    assert second.pk in {s.pk for s in waiting}
    row = next(s for s in waiting if s.pk == second.pk)
    assert (row.reviewer_count, row.done_count) == (0, 0)
    assert reviews_waiting()[0].count == 1  # the staff home's card: only this one


def test_staff_add_a_new_reviewer_to_it_and_the_appealed_ones_are_refused(
    client, stranded, reviewers, staff
):
    second, round_one = stranded
    for assignment in round_one:
        with pytest.raises(DomainError, match="assessed the verdict the appeal sent back"):
            services.reviewer_assign(submission=second, reviewer=assignment.reviewer, actor=staff)
    new = services.reviewer_assign(submission=second, reviewer=reviewers[2], actor=staff)
    assert new.round == 2
    item = second.portfolio.responses.first().evidence.get()
    client.force_login(new.reviewer)
    assert client.get(reverse("portfolios:assess", args=[new.pk])).status_code == 200
    assert client.get(reverse("portfolios:evidence", args=[item.pk])).status_code == 200
    client.force_login(round_one[0].reviewer)
    _refused_everywhere(client, second.portfolio, item)


def test_the_migration_reads_the_round_off_the_assignments(stranded, first):
    from importlib import import_module

    migration = import_module("certify.portfolios.migrations.0009_submission_review_round")
    second, _ = stranded
    Submission.objects.update(review_round=1)
    migration.rounds_from_assignments(apps, None)
    # The stranded round: both reviews of round 1 in, no verdict: an appeal sent it back.
    assert Submission.objects.get(pk=second.pk).review_round == 2
    # Version 1 was decided in round 1 (more evidence): it stays there.
    assert Submission.objects.get(pk=first.pk).review_round == 1
