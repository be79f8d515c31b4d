"""The reviewers staff may choose for a submitted version, on its staff page: whom to add, and
whom to put in place of each open review; the page's and the API's (`GET
/api/v1/staff/portfolios/submissions/{id}/reviewers`). Made by the service's own rule
(`services.reviewer_refusals`), so a list never offers someone `reviewer_assign` would refuse,
and it says when nobody can be chosen."""

from dataclasses import dataclass, field

from certify.accounts.models import Role, User
from certify.portfolios.models import ReviewAssignment, Submission
from certify.portfolios.services import reviewer_refusals
from certify.portfolios.services.review import REVIEWERS_PER_SUBMISSION


@dataclass(frozen=True)
class ReviewerChoices:
    add: list[User]
    # Why nobody can be added ("" when someone can).
    add_none: str
    # Per open assignment (id): who may take its place.
    replace: dict[int, list[User]] = field(default_factory=dict)


NOBODY_TO_REPLACE = (
    "Nobody else can take this review: every other reviewer is on this version, has a conflict "
    "or has no expertise in the set."
)


def reviewer_choices(
    *, submission: Submission, assignments: list[ReviewAssignment]
) -> ReviewerChoices:
    """The choices for `submission`, whose assignments (all rounds) are `assignments`. The pool:
    the active people with the reviewer role, by name; the rule leaves out the rest (an inactive
    reviewer profile among them). A fixed number of queries whatever the pool's size: the
    pool's, and the rule's per list (one to add, one per open review)."""
    pool = list(
        User.objects.filter(role_assignments__role=Role.REVIEWER, is_active=True)
        .distinct()
        .order_by("full_name", "pk")
    )

    def allowed(replacing: ReviewAssignment | None) -> list[User]:
        refusals = reviewer_refusals(submission=submission, reviewers=pool, replacing=replacing)
        return [r for r in pool if not refusals[r.pk]]

    add = allowed(None)
    add_none = ""
    if not add:
        on_it = [
            a
            for a in assignments
            if a.status != ReviewAssignment.Status.WITHDRAWN and a.round == submission.review_round
        ]
        full = len(on_it) >= REVIEWERS_PER_SUBMISSION
        add_none = (
            "This version has its two reviewers: to change one, replace them above."
            if full
            else "No reviewer can be added: nobody else in the pool has expertise in "
            f"{submission.portfolio.planned_set.competency_set.name} without a conflict. Add "
            "the set to a reviewer's profile first."
        )
    replace = {
        a.pk: allowed(a) for a in assignments if a.status == ReviewAssignment.Status.ASSIGNED
    }
    return ReviewerChoices(add=add, add_none=add_none, replace=replace)
