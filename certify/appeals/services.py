"""Appeals against decisions: notice, grounds, and review by someone who did not decide.

Apps register what happens when an appeal sends their decision back with `on_sent_back`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.appeals.models import Appeal
from certify.appeals.workflow import GROUNDS_MISSING
from certify.core.errors import DomainError
from certify.core.locking import name_lock, row_lock
from certify.core.services import audit_record
from certify.core.workflow import check, transition
from certify.notifications.api import notify
from certify.programs.api import program_day, program_today
from certify.programs.models import Program

SentBackHandler = Callable[..., Any]
ENDED_BEFORE = (
    "Your appeal of this decision ended when your account was closed, and a decision is "
    "appealed once: it stands as it was made."
)
# A decision is appealed once (ADR 0006, 0022): a second notice against the same decision is
# refused in words that say what became of the first appeal, whichever door it comes through.
APPEALED_ALREADY = "You have already appealed this decision."
UPHELD_BEFORE = (
    "You have already appealed this decision, and the appeal upheld it: a decision is appealed "
    "once, so it stands as it was made."
)
SENT_BACK_BEFORE = (
    "You have already appealed this decision, and the appeal sent it back to be made again: "
    "you may appeal the new decision, once it is made, within its own time to appeal."
)
# A closed or deactivated account cannot start an appeal, whatever door the request comes
# through (a session or key that outlived the closure): its open appeals end (`ended.py`).
NOT_ACTIVE = (
    "This account is closed or deactivated, so it cannot give notice of appeal: the decision "
    "stands as it was made."
)
_BEFORE: dict[str, str] = {
    Appeal.Status.ENDED: ENDED_BEFORE,
    Appeal.Status.UPHELD: UPHELD_BEFORE,
    Appeal.Status.SENT_BACK: SENT_BACK_BEFORE,
}
_SENT_BACK: dict[str, SentBackHandler] = {}


def on_sent_back(model_label: str) -> Callable[[SentBackHandler], SentBackHandler]:
    """Register `handler(subject=..., actor=..., reason=...)` for decisions of one model."""

    def register(handler: SentBackHandler) -> SentBackHandler:
        _SENT_BACK[model_label] = handler
        return handler

    return register


@dataclass(frozen=True)
class AppealWindow:
    notice_by: date
    grounds_by: date


def appeal_window(*, program: Program, decided_at: datetime) -> AppealWindow:
    """The last days for notice and grounds, counted in days of the program's time zone from the
    day the decision was made there."""
    decided = program_day(decided_at, program)
    return AppealWindow(
        notice_by=decided + timedelta(days=program.appeal_notice_days),
        grounds_by=decided + timedelta(days=program.appeal_grounds_days),
    )


def notice_happens(*, program: Program, decided_at: datetime) -> list[str]:
    """What giving notice of appeal does, for its confirmation page (ADR 0040), in the
    candidate's words."""
    window = appeal_window(program=program, decided_at=decided_at)
    decided = _long(program_day(decided_at, program))
    return [
        f"The decision of {decided} is looked at again by a staff member who did not make it.",
        f"Next you give the grounds (why the decision should change) by "
        f"{_long(window.grounds_by)}; without them the appeal cannot go on.",
        "You can appeal a decision once, and a notice cannot be taken back.",
    ]


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def appeal_for(subject: models.Model) -> Appeal | None:
    return (
        Appeal.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
        .select_related("program")  # its days are the program's
        .order_by("-notice_at")
        .first()
    )


def grounds_closed(appeal: Appeal, *, today: date | None = None) -> str:
    """Why the grounds can no longer be given (their last day has passed, in the program's time
    zone), in the appellant's words; "" while they can."""
    window = appeal_window(program=appeal.program, decided_at=appeal.decided_at)
    if (today or program_today(appeal.program)) <= window.grounds_by:
        return ""
    return (
        f"The grounds had to be submitted by {window.grounds_by:%B} {window.grounds_by.day}, "
        f"{window.grounds_by.year}: the time to give them has ended, so this appeal cannot go on."
    )


@transaction.atomic
def appeal_give_notice(
    *,
    subject: models.Model,
    appellant: User,
    program: Program,
    decided_by: User | None,
    decided_at: datetime,
    today: date | None = None,
) -> Appeal:
    # closed or deactivated (read again: the caller's copy may be older): its appeals end
    if not User.objects.filter(pk=appellant.pk, is_active=True).exists():
        raise DomainError(NOT_ACTIVE)
    today = today or program_today(program)
    window = appeal_window(program=program, decided_at=decided_at)
    if today > window.notice_by:
        raise DomainError(
            f"The time to appeal ended on {_long(window.notice_by)} "
            f"({program.appeal_notice_days} days after the decision)."
        )
    kind = ContentType.objects.get_for_model(subject)
    # One notice at a time per decided object (PostgreSQL: until this commits): a second one
    # waits here, then finds the first and is refused, whatever became of the first meanwhile.
    name_lock(f"appeal.notice:{kind.pk}:{subject.pk}")
    earlier = (
        Appeal.objects.filter(subject_type=kind, subject_id=subject.pk, decided_at=decided_at)
        .order_by("-notice_at")
        .values_list("status", flat=True)
        .first()
    )
    if earlier is not None:  # a decision is appealed once (ADR 0006)
        raise DomainError(_BEFORE.get(earlier, APPEALED_ALREADY))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                subject_type=ContentType.objects.get_for_model(subject),
                subject_id=subject.pk,
                program=program,
                appellant=appellant,
                decided_by=decided_by,
                decided_at=decided_at,
            )
    except IntegrityError:
        raise DomainError(APPEALED_ALREADY) from None
    audit_record(
        actor=appellant,
        verb="appeal.notice",
        target=appeal,
        data={"subject": f"{subject._meta.label_lower}:{subject.pk}"},
    )
    return appeal


@transaction.atomic
def appeal_submit_grounds(
    *, appeal: Appeal, actor: User, grounds: str, today: date | None = None
) -> Appeal:
    appeal = row_lock(appeal, "program")
    today = today or program_today(appeal.program)
    check(appeal, "give_grounds", actor=actor)  # the appellant, once
    closed = grounds_closed(appeal, today=today)
    if closed:
        raise DomainError(closed)
    if len(grounds.strip()) < 20:
        raise DomainError(GROUNDS_MISSING, field="grounds")
    appeal.grounds = grounds.strip()
    appeal.grounds_at = timezone.now()
    transition(appeal, "give_grounds", actor=actor)
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, actor: User, uphold: bool, reason: str) -> Appeal:
    """A second reviewer upholds the decision or sends it back for a new one."""
    appeal = row_lock(appeal)
    if appeal.status == Appeal.Status.ENDED:  # its appellant's account closed (`ended`)
        raise DomainError(f"This appeal can no longer be decided. {appeal.outcome_reason}")
    appeal.reviewer = actor
    appeal.outcome_reason = reason.strip()
    appeal.outcome_at = timezone.now()
    transition(appeal, "uphold" if uphold else "send_back", actor=actor, reason=reason)
    if not uphold:
        handler = _SENT_BACK.get(f"{appeal.subject_type.app_label}.{appeal.subject_type.model}")
        if handler:
            handler(subject=appeal.subject, actor=actor, reason=reason)
    outcome = (
        "upheld the original decision" if uphold else "sent the decision back to be made again"
    )
    if not appeal.appellant.is_active:  # closed or deactivated (its appeals are ending)
        return appeal  # nothing is sent to an account nobody can read
    notify(
        recipient=appeal.appellant,
        event="appeal.updated",
        context={
            "program": appeal.program,
            "message": f"The appeal reviewer {outcome}. Their reason: {reason.strip()}",
        },
    )
    return appeal
