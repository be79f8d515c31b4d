"""Whom the automatic assignment picks for a submitted version, in its order: the service's
(`services.reviewers_assign_auto` assigns the first of them) and staff's read through the API
(`GET /api/v1/staff/portfolios/submissions/{id}/reviewers/automatic`), so the two cannot differ.

The pool: reviewers whose profile is active, with expertise in the set (any version of the
framework: the same CASE identifier), whose account is active, not already on this round (nor,
after an appeal sent a verdict back, anyone who reviewed this version). Of those, the ones below
their capacity whom the staff rule accepts (`services.reviewer_refusals`: no conflict, not at the
candidate's library, …) are candidates: first those who reviewed an earlier version of the
portfolio (a resubmission goes back to who asked for more evidence), then the least loaded,
then by id. The others are left out with the reason. A fixed number of queries, however many
reviewers are in the pool.

`pool_lock` takes the pool's profile rows before an assignment counts their open reviews (ADR
0007's lock order), so two versions assigned at once cannot both give a reviewer their last
place."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from certify.accounts.models import User
from certify.portfolios.models import ReviewAssignment, ReviewerProfile, Submission
from certify.portfolios.services.review import (
    REVIEWERS_PER_SUBMISSION,
    _active,
    _current_round,
    profiles_lock,
    reviewer_refusals,
)

NOT_ENOUGH = "Not enough eligible reviewers with capacity: staff must assign."
# What staff can do when it would leave a place empty (the staff page, and its refusals).
NOBODY_TO_PICK = (
    "Add a reviewer by hand (their load is yours to judge), or give one room: raise a "
    "reviewer's capacity, or add the set to a reviewer's profile in the program settings."
)


@dataclass(frozen=True)
class AutomaticCandidate:
    reviewer: User
    open_reviews: int
    capacity: int
    # Reviewed an earlier version of this portfolio: goes before the others.
    reviewed_earlier_version: bool


@dataclass(frozen=True)
class AutomaticReviewers:
    round: int
    # The open and finished reviews of this round (not withdrawn ones).
    current: list[ReviewAssignment]
    # How many places the automatic assignment fills now (0 when the version has its two).
    places: int
    # In the order it takes them: the first `places` are assigned.
    candidates: list[AutomaticCandidate]
    # The rest of the pool, and why each one is passed by.
    left_out: list[tuple[User, str]]

    @property
    def picked(self) -> list[AutomaticCandidate]:
        """Whom it assigns now: the first `places` candidates."""
        return self.candidates[: self.places]

    @property
    def behind(self) -> list[AutomaticCandidate]:
        """The candidates after them, in the order it would take them next."""
        return self.candidates[self.places :]

    @property
    def empty(self) -> int:
        """How many places it would leave empty, for want of candidates."""
        return self.places - len(self.picked)


def _at_capacity(name: str, open_reviews: int) -> str:
    reviews = "open review" if open_reviews == 1 else "open reviews"
    return f"{name} has {open_reviews} {reviews}, as many as their reviewer profile takes."


def _pool(
    submission: Submission, round_: int, current: list[ReviewAssignment]
) -> QuerySet[ReviewerProfile]:
    """The first narrowing of the pool, in the database (the rule decides): active profiles
    with expertise in the set, active accounts, not on this round (nor, after an appeal sent a
    verdict back, anyone who reviewed this version)."""
    cset = submission.portfolio.planned_set.competency_set
    taken = {a.reviewer_id for a in current}
    if round_ > 1:
        taken |= set(submission.assignments.values_list("reviewer_id", flat=True))
    return ReviewerProfile.objects.filter(
        active=True,
        user__is_active=True,
        expertise__program_id=cset.program_id,
        expertise__case_identifier=cset.case_identifier,
    ).exclude(user_id__in=taken)


def pool_lock(
    *, submission: Submission, round_: int | None = None, also: frozenset[int] = frozenset()
) -> set[int]:
    """Lock the profile rows of the reviewers the automatic assignment could pick for
    `submission` (the pool but the candidate), in the order of their ids, until the
    transaction ends, and give their user ids. Taken before their open reviews are counted, so
    two assignments at once wait for each other and the second counts the first's reviews
    (ADR 0007's lock order). `also`: more reviewers (user ids) whose versions the caller writes
    (the appealed round's), locked in the same statement and so in the same order. One query,
    however many reviewers are in the pool."""
    round_ = round_ or _current_round(submission)
    current = [a for a in _active(submission) if a.round == round_]
    if len(current) >= REVIEWERS_PER_SUBMISSION:
        profiles_lock(set(also))
        return set()  # no place to fill: nobody else to wait for
    candidate_id = submission.portfolio.planned_set.application.candidate_id
    pool = _pool(submission, round_, current).exclude(user_id=candidate_id)
    # `of`: the profiles alone (the pool's joins are in the subqueries, locking nothing); the
    # candidate is never picked (their own rows are written first)
    rows = (
        ReviewerProfile.objects.select_for_update(of=("self",))
        .filter(Q(pk__in=pool.values("pk")) | Q(user_id__in=also))
        .annotate(pooled=Exists(pool.filter(pk=OuterRef("pk"))))
        .order_by("pk")
        .values_list("user_id", "pooled")
    )
    return {user_id for user_id, pooled in rows if pooled}


def automatic_reviewers(
    *, submission: Submission, round_: int | None = None, among: set[int] | None = None
) -> AutomaticReviewers:
    """Whom the automatic assignment would give `submission` (in `round_`, by default its
    current one) now: nothing is read from the pool when it has no place to fill. `among`: only
    these reviewers (user ids) are considered, those whose profiles `pool_lock` locked (one who
    joined the pool since is left for the next assignment)."""
    round_ = round_ or _current_round(submission)
    current = [a for a in _active(submission) if a.round == round_]
    places = max(REVIEWERS_PER_SUBMISSION - len(current), 0)
    if not places:
        return AutomaticReviewers(round_, current, 0, [], [])
    earlier = set(
        ReviewAssignment.objects.filter(submission__portfolio=submission.portfolio)
        .exclude(submission=submission)
        .values_list("reviewer_id", flat=True)
    )
    narrowed = _pool(submission, round_, current)
    if among is not None:
        narrowed = narrowed.filter(user_id__in=among)
    pool = list(
        narrowed.annotate(
            open_count=Count(
                "user__review_assignments",
                filter=Q(user__review_assignments__status="assigned"),
                distinct=True,
            )
        )
        .select_related("user")
        .order_by("open_count", "user_id")
    )
    refusals = reviewer_refusals(submission=submission, reviewers=[p.user for p in pool])
    candidates: list[AutomaticCandidate] = []
    left_out: list[tuple[User, str]] = []
    for profile in pool:
        open_reviews: int = profile.open_count  # type: ignore[attr-defined]
        if open_reviews >= profile.capacity:
            left_out.append((profile.user, _at_capacity(str(profile.user), open_reviews)))
        elif refusals[profile.user_id]:
            left_out.append((profile.user, refusals[profile.user_id]))
        else:
            candidates.append(
                AutomaticCandidate(
                    profile.user, open_reviews, profile.capacity, profile.user_id in earlier
                )
            )
    candidates.sort(key=lambda c: (not c.reviewed_earlier_version, c.open_reviews, c.reviewer.pk))
    return AutomaticReviewers(round_, current, places, candidates, left_out)
