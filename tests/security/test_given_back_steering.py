"""Can a reviewer steer the review she gives back, or get it back? The automatic reassignment
(`portfolios/services/given_back.py`) tried by the reviewer who gave the review back: withdrawing
her conflict declaration before Certify's assignment runs, sending her old forms again (a rating,
"Finish", the API's rating) on the withdrawn review, and the next reviewer giving it back in turn.
She never gets it back, her late forms change no row, and each place is filled once."""

import pytest

from certify.accounts.conflicts import conflict_declare, conflict_withdraw
from certify.portfolios.models import ReviewAssignment
from certify.portfolios.services import given_back_review_reassign
from tests.portfolios.conftest import (  # noqa: F401  (fixtures)
    _clean_private_storage,
    complete_portfolio,
    enrolled,
    make_reviewer,
    planned,
    portfolio,
    reviewers,
)
from tests.portfolios.test_views import submitted  # noqa: F401  (a fixture)
from tests.security.walk import baseline, changed_tables, state_of

pytestmark = pytest.mark.django_db


def _candidate(submission):
    return submission.portfolio.planned_set.application.candidate


def _open(submission):
    return set(
        submission.assignments.filter(status=ReviewAssignment.Status.ASSIGNED).values_list(
            "reviewer", flat=True
        )
    )


def test_withdrawing_her_declaration_before_certify_assigns_does_not_give_it_back(
    submitted,  # noqa: F811
):
    """Declared, then withdrawn at once, before the release's event was delivered: she could
    take reviews of this candidate again, but the place goes to someone else (the spare)."""
    leaving, staying = submitted.assignments.order_by("pk")
    declared = conflict_declare(
        actor=leaving.reviewer, person_email=_candidate(submitted).email, reason="My cousin."
    )
    leaving.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
    conflict_withdraw(declaration=declared, actor=leaving.reviewer)

    [new] = given_back_review_reassign(review_id=leaving.pk)

    assert new.reviewer.full_name == "Rosa Rater"
    assert _open(submitted) == {staying.reviewer_id, new.reviewer_id}
    assert given_back_review_reassign(review_id=leaving.pk) == []  # delivered again: no more


def test_passed_on_and_given_back_again_it_never_returns_to_either(
    submitted,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """The first reviewer gives it back; the next one gives it back too: a third takes it, not
    the first (conflicted), nor the second, nor the version's other reviewer."""
    leaving, staying = submitted.assignments.order_by("pk")
    candidate = _candidate(submitted)
    third = make_reviewer("Tess Third")
    with django_capture_on_commit_callbacks(execute=True):
        conflict_declare(actor=leaving.reviewer, person_email=candidate.email, reason="Cousin.")
    [second] = submitted.assignments.filter(status="assigned").exclude(pk=staying.pk)
    assert second.reviewer.full_name == "Rosa Rater"
    with django_capture_on_commit_callbacks(execute=True):
        conflict_declare(actor=second.reviewer, person_email=candidate.email, reason="Friend.")

    assert _open(submitted) == {staying.reviewer_id, third.pk}
    assert submitted.assignments.filter(reviewer=leaving.reviewer, status="assigned").count() == 0


def test_her_old_forms_on_the_given_back_review_change_nothing(
    client,
    submitted,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Her assess page was open when she declared the conflict in another tab: a rating saved,
    "Finish" pressed and the API's rating sent afterwards are refused and write no row."""
    leaving, _ = submitted.assignments.order_by("pk")
    competency = submitted.portfolio.planned_set.competency_set.competencies.first()
    with django_capture_on_commit_callbacks(execute=True):
        conflict_declare(
            actor=leaving.reviewer, person_email=_candidate(submitted).email, reason="Cousin."
        )
    client.force_login(leaving.reviewer)
    before = baseline()
    rating = client.post(
        f"/review/{leaving.pk}/ratings/{competency.pk}/", {"rating": "met", "comment": "Fine."}
    )
    finish = client.post(f"/review/{leaving.pk}/complete/", {"recommendation": "met"})
    api = client.put(
        f"/api/v1/reviews/{leaving.pk}/ratings/{competency.code}",
        {"rating": "met", "comment": "Fine."},
        content_type="application/json",
    )
    page = client.get(f"/review/{leaving.pk}/")
    changed = changed_tables(before.state, state_of(before.tables))

    assert not changed, changed
    assert api.status_code in (400, 403, 404), api.status_code
    for answer in (rating, finish):
        assert answer.status_code in (302, 400, 403, 404), answer.status_code
    # Her own review stays readable to her, without the candidate's answers (ADR 0026).
    narrative = submitted.portfolio.responses.first().narrative
    assert page.status_code in (200, 403, 404)
    assert narrative not in page.text
    leaving.refresh_from_db()
    assert leaving.status == ReviewAssignment.Status.WITHDRAWN
