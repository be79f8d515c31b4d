"""Staff press "Assign automatically" on a version's staff page (or call the API): it assigns
whom `portfolios.automatic_reviewers` picks, the same selector the page showed them and the
service uses when a version is submitted, and only if it still picks exactly the reviewers staff
saw. When the picture changed since they read it (a reviewer reached capacity, someone was
assigned by hand, a reviewer was added to the pool), nothing is assigned and the refusal says
what changed, so staff decide again on what is true now."""

from typing import TYPE_CHECKING

from django.db import transaction

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.workflow import relation_check
from certify.portfolios.models import ReviewAssignment, Submission
from certify.portfolios.services.closed_candidate import CLOSED, candidate_closed
from certify.portfolios.services.review import _assign, profiles_lock, reviewer_refusals
from certify.portfolios.workflows import portfolio as portfolio_workflow

if TYPE_CHECKING:
    from certify.portfolios.automatic_reviewers import AutomaticReviewers


def _names(users: list[User]) -> str:
    names = [str(u) for u in users]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _what_changed(
    *, submission: Submission, seen: list[int], picks: "AutomaticReviewers", now: list[User]
) -> str:
    """Why each reviewer staff saw is no longer picked, and whom it picks now, in words."""
    from certify.portfolios.automatic_reviewers import NOBODY_TO_PICK

    if not picks.places:
        return (
            "Nobody was assigned: this version has its two reviewers now (someone assigned one "
            "since you opened the page)."
        )
    reasons: dict[int, str] = {user.pk: reason for user, reason in picks.left_out}
    behind = {c.reviewer.pk for c in picks.behind}
    gone = [pk for pk in seen if pk not in {u.pk for u in now}]
    people = {u.pk: u for u in User.objects.filter(pk__in=gone)}
    # Not in the pool at all now (on this version, expertise removed, profile inactive…): the
    # rule says why.
    refusals = reviewer_refusals(
        submission=submission,
        reviewers=[
            people[pk] for pk in gone if pk in people and pk not in reasons and pk not in behind
        ],
    )
    said = []
    for pk in gone:
        if pk not in people:
            continue
        if pk in reasons:
            said.append(reasons[pk])
        elif pk in behind:
            said.append(f"{people[pk]} now comes after {_names(now)} in the order.")
        else:
            said.append(refusals.get(pk) or f"{people[pk]} can no longer be picked automatically.")
    picked = f"It now picks {_names(now)}." if now else f"It now picks nobody. {NOBODY_TO_PICK}"
    return " ".join(
        [
            "Nobody was assigned: whom the automatic assignment picks changed since you opened "
            "the page.",
            *said,
            picked,
            "Check the page as it stands now, and assign again if you agree.",
        ]
    )


@transaction.atomic
def reviewers_assign_automatic(
    *, submission: Submission, actor: User, picked_seen: list[int]
) -> list[ReviewAssignment]:
    """Staff assign the reviewers the automatic assignment picks for `submission`, which must be
    `picked_seen` (the ids the page or `GET …/reviewers/automatic` marked picked, in their
    order): otherwise nothing is assigned and the `DomainError` says what changed. Program staff
    other than the candidate (and without a declared conflict), as adding a reviewer by hand.

    Under the version's row lock (two presses assign once: the second finds the places filled)
    and the seen reviewers' profile rows, locked before their open reviews are counted, so a
    reviewer another assignment brought to capacity meanwhile is seen at capacity."""
    # (the selector reads the rule in this package: imported here, not at the module's top)
    from certify.portfolios.automatic_reviewers import NOBODY_TO_PICK, automatic_reviewers

    relation_check(portfolio_workflow.STAFF, submission.portfolio, actor=actor)
    submission = row_lock(submission)
    if candidate_closed(submission):  # read after the version's lock: the closure holds it
        raise DomainError(CLOSED)
    profiles_lock(set(picked_seen))
    picks = automatic_reviewers(submission=submission)
    now = [c.reviewer for c in picks.picked]
    if [u.pk for u in now] != list(picked_seen):
        raise DomainError(
            _what_changed(submission=submission, seen=list(picked_seen), picks=picks, now=now)
        )
    if not now:
        raise DomainError(
            "Nobody was assigned: this version has its two reviewers."
            if not picks.places
            else f"Nobody was assigned: the automatic assignment picks nobody. {NOBODY_TO_PICK}"
        )
    return [
        _assign(submission=submission, reviewer=user, actor=actor, round_=picks.round, auto=True)
        for user in now
    ]
