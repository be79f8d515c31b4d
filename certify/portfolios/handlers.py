"""Hooks into other apps: appeals sent back and who decided a verdict, a reviewer whose role
ended, an account deactivated, a review given back, and the daily review reminders."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q, prefetch_related_objects

from certify.accounts.api import ACCOUNT_DEACTIVATED, ROLE_ENDED
from certify.accounts.models import Role
from certify.appeals.api import on_deciders, on_reference, on_sent_back
from certify.core.events import subscriber
from certify.courses.api import candidate_number
from certify.notifications.api import daily_job, notify
from certify.portfolios.models import ReminderSent, ReviewAssignment
from certify.portfolios.selectors import portfolio_reviewer_ids
from certify.portfolios.services import (
    ended_reviewer_reviews_withdraw,
    submission_reopen_after_appeal,
)
from certify.portfolios.services.deactivated import (
    deactivated_candidate_reviews_withdraw,
    deactivated_reviewer_reviews_withdraw,
)
from certify.portfolios.services.given_back import given_back_review_reassign
from certify.portfolios.services.review import profiles_lock
from certify.programs.api import program_day_shift
from certify.programs.models import Program

DUE_SOON_DAYS = 3
# The rows a reminder names, read by primary keys for a batch of due assignments at a time.
BATCH = 1000
_NAMED = (
    "reviewer",
    "submission__portfolio__planned_set__competency_set",
    "submission__portfolio__planned_set__application__program",
)


@on_sent_back("portfolios.submission")
def submission_sent_back(*, subject, actor, reason: str) -> None:
    submission_reopen_after_appeal(submission=subject, actor=actor, reason=reason)


@on_deciders("portfolios.submission")
def submission_deciders(subject) -> set[int]:
    """A verdict has no single decider: the portfolio's reviewers made it."""
    return portfolio_reviewer_ids(portfolio_id=subject.portfolio_id)


@on_reference("portfolios.submission")
def submission_reference(subject) -> str:
    """The candidate number of the verdict's application, for an ended appeal's staff title."""
    return candidate_number(subject.portfolio.planned_set.application)


@subscriber(ROLE_ENDED)
def reviews_of_an_ended_reviewer(*, user_id: int, role: str, **_: object) -> None:
    """Their open reviews are given back (`ended_reviewer_reviews_withdraw`): each withdrawal's
    `review.withdrawn` then gives it to the next eligible reviewer (`review_given_back`)."""
    if role == Role.REVIEWER:
        ended_reviewer_reviews_withdraw(reviewer_id=user_id)


@subscriber(ACCOUNT_DEACTIVATED)
def reviews_of_a_deactivated_account(*, user_id: int, **_: object) -> None:
    """An administrator deactivated the account: the reviews of their portfolios end, as at a
    closure, then the reviews they had open go back, as at a reviewer role's end (each in its
    own transaction, ADR 0007's order; `services.deactivated`)."""
    deactivated_candidate_reviews_withdraw(candidate_id=user_id)
    deactivated_reviewer_reviews_withdraw(reviewer_id=user_id)


# The workflow engine publishes every move (`<workflow>.<status>`, ADR 0018).
REVIEW_WITHDRAWN = "review.withdrawn"


@subscriber(REVIEW_WITHDRAWN)
def review_given_back(*, review_id: int, actor_id: int | None, **_: object) -> None:
    """A review Certify withdrew (its reviewer's role ended, or she declared a conflict) goes to
    the next eligible reviewer (`given_back_review_reassign`). Staff who withdrew one put their
    own choice in its place in the same move: nothing to do."""
    if actor_id is None:
        given_back_review_reassign(review_id=review_id)


@daily_job("reviews.reminders")
def review_reminders(today: date) -> str:
    """Remind reviewers 3 days before a review is due, and once it is overdue (each once).

    Only the assignments a reminder is due for are read (by the `review_reminders_due` index):
    not yet reminded and due within 3 days, or past due and not yet told so. Each one's
    `reminded` then says which reminder went out, so a long list of overdue reviews is not read
    again every day. The notification's dedupe key still makes each reminder go out once.

    `today` is the site's day (the scheduler's); each review is due by its program's day (ADR
    0036), so the rows are read up to the latest day any program is on, and each is then
    compared with its own program's day.

    The due rows are read from the assignments' table alone, and what a reminder names (the
    reviewer, the version, its portfolio, plan row, set, application and program) one table at a
    time by their primary keys: a join let the planner read the plan rows, portfolios and
    versions whole by hash joins (570,000 plan rows at a million certificates, ADR 0060) to
    remind a few dozen reviewers. A fixed number of reads, however many reminders go out."""
    shifts = {
        pk: program_day_shift(zone) for pk, zone in Program.objects.values_list("pk", "time_zone")
    }
    latest = today + max(shifts.values(), default=timedelta(0))
    # The assignments' table alone, by the index: no join for the planner to read a table whole.
    due = list(
        ReviewAssignment.objects.filter(status=ReviewAssignment.Status.ASSIGNED)
        .filter(
            Q(reminded=ReminderSent.NONE, due_on__lte=latest + timedelta(days=DUE_SOON_DAYS))
            | Q(due_on__lt=latest, reminded__in=[ReminderSent.NONE, ReminderSent.DUE])
        )
        .order_by()  # no order to keep: sorting by id would read the table in its id order
    )
    # What each reminder names, one table at a time by primary keys (a batch at a time).
    for start in range(0, len(due), BATCH):
        prefetch_related_objects(due[start : start + BATCH], *_NAMED)
    sent = 0
    reminded: dict[str, list[int]] = {ReminderSent.DUE: [], ReminderSent.OVERDUE: []}
    for assignment in due:
        planned = assignment.submission.portfolio.planned_set
        day = today + shifts.get(planned.application.program_id, timedelta(0))
        overdue = assignment.due_on < day
        if not overdue and (
            assignment.reminded != ReminderSent.NONE
            or assignment.due_on > day + timedelta(days=DUE_SOON_DAYS)
        ):
            continue  # due later on its program's day than on the latest one
        sent += bool(
            notify(
                recipient=assignment.reviewer,
                event="review.overdue" if overdue else "review.due",
                context={
                    "program": planned.application.program,
                    "set_name": planned.competency_set.name,
                    "due": assignment.due_on,
                },
                link=f"/review/{assignment.pk}/",
                dedupe_key=f"review:{assignment.pk}:{'overdue' if overdue else 'due'}",
            )
        )
        reminded[ReminderSent.OVERDUE if overdue else ReminderSent.DUE].append(assignment.pk)
    if any(reminded.values()):
        _reminded_mark(reminded)
    return f"{sent} review reminder(s) sent"


@transaction.atomic
def _reminded_mark(reminded: dict[str, list[int]]) -> None:
    """Note which reminder went out. Each row written gives its reviewer a new data version
    (ADR 0071), so the rows are locked by id, then their reviewers' profiles, before any is
    written: ADR 0007's lock order, the one a review finishing takes."""
    pks = sorted(pk for batch in reminded.values() for pk in batch)
    reviewers: set[int] = set()
    for start in range(0, len(pks), 1000):
        reviewers.update(
            ReviewAssignment.objects.select_for_update()
            .filter(pk__in=pks[start : start + 1000])
            .order_by("pk")
            .values_list("reviewer_id", flat=True)
        )
    profiles_lock(reviewers)
    for value, batch in reminded.items():
        for start in range(0, len(batch), 1000):
            ReviewAssignment.objects.filter(pk__in=batch[start : start + 1000]).update(
                reminded=value
            )
