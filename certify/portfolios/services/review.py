"""The reviewers' side: assignment, rating, verdicts and the combined outcome."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from certify.accounts.api import conflicted_with, roles_ended_at
from certify.accounts.models import Role, RoleAssignment, User
from certify.appeals.api import appeal_window
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.names import fold
from certify.core.rows import date_text
from certify.core.services import audit_record
from certify.core.workflow import SYSTEM, check, relation_check, transition
from certify.notifications.api import notify
from certify.portfolios.models import (
    CompetencyRating,
    Portfolio,
    ReviewAssignment,
    ReviewerProfile,
    Submission,
)
from certify.portfolios.services.closed_candidate import CLOSED, SENT_BACK_CLOSED, candidate_closed
from certify.portfolios.verdicts import Outcome, Rating, combined_outcome, reviewer_verdict
from certify.portfolios.workflows import portfolio as portfolio_workflow
from certify.programs.api import program_day, program_today
from certify.progress.api import AUDITED_WITH_SET, planned_set_satisfy, ways_left

REVIEWERS_PER_SUBMISSION = 2
_VERDICT_MOVES = {
    Outcome.PASSED: "record_met",
    Outcome.MORE_EVIDENCE: "ask_for_more_evidence",
    Outcome.FAILED: "record_not_met",
}


def _candidate_of(submission: Submission) -> User:
    return submission.portfolio.planned_set.application.candidate


def _libraries_of(submission: Submission) -> set[str]:
    application = submission.portfolio.planned_set.application
    return {fold(e.library_name) for e in application.experience.all() if e.library_name}


_OWN = "A candidate cannot review their own portfolio."
_DECLARED = "The reviewer declared a conflict of interest with this candidate or their library."
_SAME_LIBRARY = "The reviewer works at a library where the candidate works or worked."


def reviewer_refusals(
    *, submission: Submission, reviewers: list[User], replacing: ReviewAssignment | None = None
) -> dict[int, str]:
    """Why each of `reviewers` may not be given this submission, adding a reviewer or
    (`replacing`) putting one in place of that assignment: '' for each who may. The one rule
    staff's `reviewer_assign` refuses by, staff's lists of reviewers to choose from are made by
    (`portfolios.reviewer_choices`, also the API's) and the automatic assignment
    (`reviewers_assign_auto`) picks from, read in a fixed number of queries whatever the number
    of reviewers: not the reviewer being replaced; an active reviewer (the account active, the
    reviewer role held, the reviewer profile not marked inactive: each read from the database,
    not from the objects passed); not the candidate, no declared conflict with the candidate or
    their library, not at a library where the candidate works or worked (ADR 0022); expertise
    in the set; not a reviewer whose verdict an appeal sent back; not already on this version,
    and a place left on it."""
    if not reviewers:
        return {}
    ids = {r.pk for r in reviewers}
    candidate_id = _candidate_of(submission).pk
    # (id, account active, reviewer role held, profile active or None without a profile); the
    # candidate's row in the same query: a closed account's version is refused to everyone
    standing = {
        pk: (is_active, holds, profile_active)
        for pk, is_active, holds, profile_active in User.objects.filter(pk__in=ids | {candidate_id})
        .annotate(
            holds=Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=Role.REVIEWER))
        )
        .values_list("pk", "is_active", "holds", "reviewer_profile__active")
    }
    conflicted = conflicted_with(people={candidate_id}, candidates=ids)
    # When those who no longer hold the role stopped: "ended on" rather than "not a reviewer".
    lapsed = [pk for pk, (_, holds, _) in standing.items() if not holds and pk in ids]
    ended = roles_ended_at(users=lapsed, role=Role.REVIEWER) if lapsed else {}
    program = submission.portfolio.planned_set.application.program
    employers = dict(
        ReviewerProfile.objects.filter(user_id__in=ids)
        .exclude(employer="")
        .values_list("user_id", "employer")
    )
    libraries = _libraries_of(submission) if employers else set()
    cset = submission.portfolio.planned_set.competency_set
    experts = set(
        ReviewerProfile.objects.filter(
            user_id__in=ids,
            expertise__program_id=cset.program_id,
            expertise__case_identifier=cset.case_identifier,
        ).values_list("user_id", flat=True)
    )
    round_ = _current_round(submission)
    appealed = (
        set(
            submission.assignments.filter(
                round__lt=round_, status=ReviewAssignment.Status.COMPLETED
            ).values_list("reviewer_id", flat=True)
        )
        if round_ > 1
        else set()
    )
    active = [a for a in _active(submission) if replacing is None or a.pk != replacing.pk]
    on_it = {a.reviewer_id for a in active}

    closed = not standing.get(candidate_id, (True,))[0]

    def refusal(reviewer: User) -> str:
        if closed:  # the candidate closed their account: nobody reviews it any more
            return CLOSED
        if replacing is not None and replacing.reviewer_id == reviewer.pk:
            # it would withdraw their review, ratings and all
            return (
                f"{reviewer} already reviews this portfolio: choose someone else to replace "
                "them with."
            )
        is_active, holds, profile_active = standing.get(reviewer.pk, (False, False, None))
        if not is_active:  # nothing withdrawn: the refusal comes before any move
            return f"{reviewer}'s account is deactivated: choose another reviewer."
        if not holds and reviewer.pk in ended:
            day = program_day(ended[reviewer.pk], program)
            return (
                f"{reviewer}'s reviewer role ended on {day:%B} {day.day}, {day.year}: choose "
                "another reviewer."
            )
        if not holds:
            return f"{reviewer} is not a reviewer."
        if profile_active is False:
            return (
                f"{reviewer} is not taking reviews now (their reviewer profile is inactive): "
                "choose another reviewer."
            )
        if reviewer.pk == candidate_id:
            return _OWN
        if reviewer.pk in conflicted:
            return _DECLARED
        employer = employers.get(reviewer.pk)
        if employer and fold(employer) in libraries:
            return _SAME_LIBRARY
        if reviewer.pk not in experts:  # the portfolio rule: reviewers with expertise in the set
            return (
                f"{reviewer} has no expertise in {cset.name}: add the set to their reviewer "
                "profile first, or choose another reviewer."
            )
        if reviewer.pk in appealed:  # the appeal sent their verdict back (ADR 0006)
            return f"{reviewer} assessed the verdict the appeal sent back: choose another reviewer."
        if reviewer.pk in on_it:
            return f"{reviewer} already reviews this portfolio."
        if len(active) >= REVIEWERS_PER_SUBMISSION:
            return "This portfolio already has two reviewers; replace one instead."
        return ""

    return {r.pk: refusal(r) for r in reviewers}


def _current_round(submission: Submission) -> int:
    """Read from the row: an appeal sent back may have opened a new round since `submission`
    was loaded, even one no reviewer could be found for yet."""
    return Submission.objects.values_list("review_round", flat=True).get(pk=submission.pk)


def _active(submission: Submission) -> list[ReviewAssignment]:
    round_ = _current_round(submission)
    return list(
        submission.assignments.exclude(status=ReviewAssignment.Status.WITHDRAWN).filter(
            round=round_
        )
    )


@transaction.atomic
def reviewers_assign_auto(
    *, submission: Submission, round_: int | None = None, locked: set[int] | None = None
) -> list[ReviewAssignment]:
    """Fill the submission's two places with the least-loaded eligible reviewers.

    Eligible: whom `reviewer_refusals` accepts (staff's own rule: an active reviewer, expert in
    the set, no conflict), below capacity. A resubmission goes back to the reviewers who asked
    for more evidence, when they can still take it. An appeal sent back (`round_` 2) goes to
    reviewers who have not reviewed this portfolio. Whom, in which order: the selector staff read
    through the API too (`portfolios.automatic_reviewers`); a fixed number of queries to choose,
    however many reviewers are in the pool.

    `locked`: the pool the caller already locked (`pool_lock`'s answer) before its own writes;
    it picks only among those, and locks nothing more. Locking the pool again here would lock a
    reviewer who joined it since after the caller's writes, out of ADR 0007's order.
    """
    from certify.portfolios.automatic_reviewers import NOT_ENOUGH, automatic_reviewers, pool_lock

    # The pool's profile rows locked before their open reviews are counted: two submissions at
    # once cannot both give a reviewer their last place (ADR 0007's lock order).
    if candidate_closed(submission):  # closed since (the appeal's send-back is refused)
        return []
    if locked is None:
        locked = pool_lock(submission=submission, round_=round_)
    picks = automatic_reviewers(submission=submission, round_=round_, among=locked)
    if not picks.places:
        return picks.current
    created = [
        _assign(submission=submission, reviewer=c.reviewer, actor=None, round_=picks.round)
        for c in picks.candidates[: picks.places]
    ]
    if len(picks.current) + len(created) < REVIEWERS_PER_SUBMISSION:
        audit_record(
            actor=None, verb="portfolio.needs_reviewers", target=submission, reason=NOT_ENOUGH
        )
    return picks.current + created


def profiles_lock(user_ids: set[int]) -> None:
    """Lock these reviewers' profile rows, in the order of their ids, before anything is written
    for them: every assignment takes a reviewer's profile first (ADR 0007's lock order). A
    write to a reviewer's assignment, ratings or version changes their data version (ADR 0071):
    whoever writes several reviewers' versions takes all their profiles first, in one
    statement, so two such writers meet at a profile before either holds a version row."""
    if not user_ids:
        return
    list(
        ReviewerProfile.objects.select_for_update()
        .filter(user_id__in=user_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def version_reviewers_lock(submission: Submission) -> None:
    """Lock the version's row, then the profiles of everyone who ever had an assignment on it,
    before anything is written: a write to the version's row gives each of them a new data
    version, in an order of the database's choosing (ADR 0007's lock order)."""
    row_lock(submission)
    profiles_lock(set(submission.assignments.values_list("reviewer_id", flat=True)))


def _assign(
    *,
    submission: Submission,
    reviewer: User,
    actor: User | None,
    round_: int,
    auto: bool = False,
    reason: str = "",
    given_back: int | None = None,
) -> ReviewAssignment:
    """`auto`: staff (`actor`) pressed the automatic assignment; without an actor it is.
    `given_back`: the review given back this one takes the place of (its audit entry says so)."""
    assignment = ReviewAssignment.objects.create(
        submission=submission,
        reviewer=reviewer,
        assigned_by=actor,
        automatic=auto or actor is None,
        round=round_,
        # the program's day (ADR 0036): due "by" that day means to the end of it there
        due_on=program_today(submission.portfolio.planned_set.application.program)
        + timedelta(days=settings.REVIEW_DAYS),
    )
    CompetencyRating.objects.bulk_create(
        [
            CompetencyRating(assignment=assignment, competency=c)
            for c in submission.portfolio.planned_set.competency_set.competencies.all()
        ]
    )
    data: dict[str, object] = {"reviewer": reviewer.pk, "auto": auto or actor is None}
    if given_back is not None:
        data["given_back"] = given_back
    audit_record(actor=actor, verb="review.assigned", target=submission, reason=reason, data=data)
    notify(
        recipient=reviewer,
        event="review.assigned",
        context={
            "program": submission.portfolio.planned_set.application.program,
            "set_name": submission.portfolio.planned_set.competency_set.name,
            "due": assignment.due_on,
        },
        link=f"/review/{assignment.pk}/",
    )
    return assignment


@transaction.atomic
def reviewer_assign(
    *,
    submission: Submission,
    reviewer: User,
    actor: User,
    replacing: ReviewAssignment | None = None,
) -> ReviewAssignment:
    """Staff override: add a reviewer, or put one in place of another (whose assignment is
    withdrawn by its move, which says who may). Refused by `reviewer_refusals`' rule."""
    if replacing is not None:
        replacing = row_lock(replacing)
        check(replacing, "withdraw", actor=actor)
    else:  # adding a reviewer is no move, but the same people decide it
        relation_check(portfolio_workflow.STAFF, submission.portfolio, actor=actor)
    # The version, then both reviewers' profiles, before anything is written: the staff press's
    # order (ADR 0007). Two staff adding at once then count each other's reviewer.
    row_lock(submission)
    profiles_lock({reviewer.pk} | ({replacing.reviewer_id} if replacing is not None else set()))
    refusal = reviewer_refusals(submission=submission, reviewers=[reviewer], replacing=replacing)
    if refusal[reviewer.pk]:
        raise DomainError(refusal[reviewer.pk])
    round_ = _current_round(submission)
    if replacing is not None:
        transition(replacing, "withdraw", actor=actor)
    return _assign(submission=submission, reviewer=reviewer, actor=actor, round_=round_)


def _require_reviewer(assignment: ReviewAssignment, actor: User) -> None:
    if assignment.reviewer_id != actor.pk:
        raise DomainError("This review is assigned to someone else.")
    if assignment.status != ReviewAssignment.Status.ASSIGNED:
        raise DomainError("This review is finished and can no longer be changed.")


@transaction.atomic
def rating_save(
    *, assignment: ReviewAssignment, actor: User, competency_id: int, rating: str, comment: str
) -> CompetencyRating:
    # Locked, and its status read again: a rating saved while the review completes must not
    # change a finished assessment behind its verdict.
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    _require_reviewer(assignment, actor)
    if rating and rating not in Rating.values:
        raise DomainError("Rate Met, Partially met or Not met.", field="rating")
    row = assignment.ratings.filter(competency_id=competency_id).first()
    if row is None:
        raise DomainError("That competency is not part of this set.")
    row.rating, row.comment = rating, comment.strip()
    row.save(update_fields=["rating", "comment"])
    return row


class UnfinishedReviewError(DomainError):
    """A review finished too early: "Rate every competency first: CT-01, CT-04." The codes
    (`codes`) and what each still needs (`todo`: "rate" or "explain") let a page link each
    competency."""

    def __init__(self, lead: str, *, codes: list[str], todo: str) -> None:
        super().__init__(f"{lead}: {', '.join(codes)}.")
        self.lead, self.codes, self.todo = lead, codes, todo


@transaction.atomic
def assessment_complete(
    *, assignment: ReviewAssignment, actor: User, comment: str, refer_to_course: bool = False
) -> ReviewAssignment:
    """Finish one reviewer's assessment; when both are in, the outcome is decided."""
    # With what the audit entry names (the reviewer, the portfolio's candidate and set) and the
    # program whose rule decides the verdict.
    planned_set = "submission__portfolio__planned_set"
    assignment = row_lock(
        assignment, "reviewer", *(f"{planned_set}__{path}" for path in AUDITED_WITH_SET)
    )
    check(assignment, "complete", actor=actor)  # whose review it is, and that it is open
    # The version, then its reviewers' profiles, before this review's row is written: finishing
    # may decide the version, whose row gives both reviewers a new data version; an assignment
    # writing the two the other way waits at a profile instead of deadlocking (ADR 0007).
    version_reviewers_lock(assignment.submission)
    ratings = list(assignment.ratings.select_related("competency"))
    unrated = [r.competency.code for r in ratings if not r.rating]
    if unrated:
        raise UnfinishedReviewError("Rate every competency first", codes=unrated, todo="rate")
    needs_comment = [r.competency.code for r in ratings if r.rating != Rating.MET and not r.comment]
    if needs_comment:
        raise UnfinishedReviewError(
            "Explain each rating below Met so the candidate knows what to add",
            codes=needs_comment,
            todo="explain",
        )
    application = assignment.submission.portfolio.planned_set.application
    assignment.verdict = reviewer_verdict(
        [r.rating for r in ratings], met_percent=application.rule("portfolio_met_percent")
    )
    assignment.comment = comment.strip()
    assignment.refer_to_course = refer_to_course
    assignment.completed_at = timezone.now()
    transition(assignment, "complete", actor=actor, data={"verdict": assignment.verdict})
    submission_decide(submission=assignment.submission)
    return assignment


@transaction.atomic
def submission_decide(*, submission: Submission) -> Outcome | None:
    """Combine the two verdicts once both reviewers have finished (the rule in `verdicts.py`)."""
    submission = row_lock(submission)
    active = _active(submission)
    done = [a for a in active if a.status == ReviewAssignment.Status.COMPLETED]
    if len(done) < REVIEWERS_PER_SUBMISSION or submission.outcome:
        return None
    portfolio = (
        Portfolio.objects.select_for_update(of=("self", "planned_set", "planned_set__application"))
        .select_related("planned_set__application__program", "planned_set__competency_set")
        .get(pk=submission.portfolio_id)
    )
    program = portfolio.planned_set.application.program
    outcome = combined_outcome(
        done[0].verdict,
        done[1].verdict,
        attempt=submission.number,
        resubmissions_allowed=portfolio.planned_set.application.rule("portfolio_resubmissions"),
    )
    submission.outcome, submission.decided_at = outcome, timezone.now()
    submission.save(update_fields=["outcome", "decided_at"])
    set_name = portfolio.planned_set.competency_set.name
    if outcome == Outcome.MORE_EVIDENCE:
        portfolio.attempt = submission.number + 1
    # Certify records the combined verdict: it is the rule's, not one reviewer's (each reviewer's
    # own decision is their `complete` move, under their name).
    transition(
        portfolio,
        _VERDICT_MOVES[outcome],
        actor=SYSTEM,
        data={"submission": submission.pk, "verdicts": [a.verdict for a in done]},
        update_fields=["attempt", "updated_at"],
    )
    if outcome == Outcome.PASSED:
        planned_set_satisfy(
            planned=portfolio.planned_set,
            actor=None,
            route="portfolio",
            evidence=f"Portfolio, version {submission.number}",
        )
        next_step = f"{set_name} is complete."
    elif outcome == Outcome.MORE_EVIDENCE:
        refer = any(a.refer_to_course for a in done)
        next_step = (
            "Your reviewers ask for more evidence. Their comments are beside each competency; "
            "add to your portfolio and submit it once more."
            + (" They also suggest an approved course for this set." if refer else "")
        )
    else:
        ways = ways_left(competency_set=portfolio.planned_set.competency_set, program=program)
        still = (
            f"You can still complete the set with {ways}, or appeal" if ways else "You can appeal"
        )
        appeal_by = appeal_window(program=program, decided_at=submission.decided_at).notice_by
        next_step = (
            f"This was the last try by portfolio. {still} by "
            f"{date_text(appeal_by, 'DATE_FORMAT')}, "
            f"within {program.appeal_notice_days} days."
        )
    notify(
        recipient=portfolio.planned_set.application.candidate,
        event="portfolio.result",
        context={
            "program": program,
            "set_name": set_name,
            "result": Outcome(outcome).label,
            "next_step": next_step,
        },
        link=f"/portfolios/{portfolio.planned_set_id}/",
    )
    return Outcome(outcome)


@transaction.atomic
def submission_reopen_after_appeal(*, submission: Submission, actor: User, reason: str) -> None:
    """An appeal sent a final 'not met' back: new reviewers assess the same version. Refused
    when the candidate's account is closed (read under the version's lock; ADR 0007)."""
    from certify.portfolios.automatic_reviewers import pool_lock

    submission = row_lock(submission)
    if candidate_closed(submission):
        raise DomainError(SENT_BACK_CLOSED)
    portfolio = row_lock(submission.portfolio)
    # The new round's pool, with the appealed rounds' reviewers (the version's row written below
    # gives them a new data version), locked in one statement before anything here is written
    # (ADR 0007's lock order).
    earlier = frozenset(submission.assignments.values_list("reviewer_id", flat=True))
    locked = pool_lock(submission=submission, round_=submission.review_round + 1, also=earlier)
    submission.outcome, submission.decided_at = "", None
    # A new round, whether or not reviewers are found for it now: the appealed verdict's
    # reviewers are no longer its reviewers, and staff add new ones if the pool had none.
    submission.review_round += 1
    submission.save(update_fields=["outcome", "decided_at", "review_round"])
    transition(
        portfolio,
        "reopen_after_appeal",
        actor=actor,
        reason=reason,
        data={"submission": submission.pk},
        update_fields=["updated_at"],
    )
    reviewers_assign_auto(submission=submission, round_=submission.review_round, locked=locked)
