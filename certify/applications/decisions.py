"""Staff decisions on an application: accept, ask for more information, reject, reopen after an
appeal, extend the completion deadline. Each locks the application and goes through its
workflow (`workflow.py`), which says who may make it."""

from datetime import date, datetime, timedelta
from types import ModuleType

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.appeals.api import appeal_window
from certify.applications.events import DEADLINE_EXTENDED
from certify.applications.models import Application
from certify.applications.services import add_years
from certify.applications.workflow import STAFF
from certify.core.errors import DomainError
from certify.core.events import publish
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import relation_check, transition
from certify.notifications.api import notify
from certify.programs.api import framework_version_current, program_today


def _locked(application: Application) -> Application:
    return row_lock(application, "program", "candidate")


def _payments() -> ModuleType:
    from certify.payments import api

    return api


def _require_seen(application: Application, seen: datetime | None) -> None:
    """A decision covers the submission its decider read (`seen`: its `submitted_at`; None: not
    said). Within a millisecond: the API writes times to the millisecond (Django's encoder)."""
    sent = application.submitted_at
    if seen is not None and sent is not None and abs(seen - sent) >= timedelta(milliseconds=1):
        sent = timezone.localtime(sent)
        day, time = date_format(sent, "DATE_FORMAT"), time_format(sent, "TIME_FORMAT")
        raise DomainError(
            f"The candidate sent this application again on {day} at {time}, after you opened "
            "it: read it again before you decide."
        )


def decision_consequences(*, application: Application) -> dict[str, str]:
    """What each decision does, in the decider's words, for the choices on the staff page: said
    before the decision is recorded, from the rules the decision itself follows."""
    years = application.rule("completion_limit_years")
    deadline = add_years(program_today(application.program), years)
    at_application = _payments().payment_due_at_application(program=application.program)
    accept = (
        f"The candidate is enrolled today and has {years} years to finish, until "
        f"{deadline:%B} {deadline.day}, {deadline:%Y}."
    )
    if not at_application:
        accept += " They are sent the invoice for the enrollment fee."
    reject = (
        "The application closes. The candidate reads your reason and can give notice of "
        f"appeal within {application.program.appeal_notice_days} days."
    )
    if at_application:
        reject += " An enrollment fee they paid is refunded; an unpaid invoice is canceled."
    return {
        "accept": accept,
        "more_info": "The application goes back to the candidate with your reason; they change "
        "it and submit it again.",
        "reject": reject,
    }


@transaction.atomic
def application_accept(
    *,
    application: Application,
    actor: User,
    reason: str = "",
    enrolled_on: date | None = None,
    submitted_at_seen: datetime | None = None,
) -> Application:
    """Accept: the candidate is enrolled today and has the program's years to finish."""
    application = _locked(application)
    _require_seen(application, submitted_at_seen)
    transition(application, "accept", actor=actor, reason=reason)
    if application.education_outside_us and not reason.strip():  # undone with the transaction
        raise DomainError(
            "This applicant's education is outside the US: say why you accept it "
            "(case-by-case decision).",
            field="reason",
        )
    application.enrolled_on = enrolled_on or program_today(application.program)
    application.completion_deadline = add_years(
        application.enrolled_on, application.rule("completion_limit_years")
    )
    # The candidate enrolls under the framework published now and keeps it (ADR 0056).
    application.framework_version = framework_version_current(program=application.program)
    _record_decision(application, actor, reason)
    if not _payments().payment_due_at_application(program=application.program):
        _payments().enrollment_invoice_issue(
            user=application.candidate, program=application.program, actor=actor
        )
    notify(
        recipient=application.candidate,
        event="application.decided",
        context={
            "program": application.program,
            "accepted": True,
            "deadline": application.completion_deadline,
        },
        link=application.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_request_info(
    *,
    application: Application,
    actor: User,
    reason: str,
    submitted_at_seen: datetime | None = None,
) -> Application:
    application = _locked(application)
    _require_seen(application, submitted_at_seen)
    transition(application, "ask_more_info", actor=actor, reason=reason)
    _record_decision(application, actor, reason)
    notify(
        recipient=application.candidate,
        event="application.more_info",
        context={"program": application.program, "reason": reason},
        link=application.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_reject(
    *,
    application: Application,
    actor: User,
    reason: str,
    submitted_at_seen: datetime | None = None,
) -> Application:
    """Reject with a reason; any enrollment fee paid is refunded, and an invoice on which
    nothing was paid is voided (by Certify, with a credit note), in the same transaction."""
    application = _locked(application)
    _require_seen(application, submitted_at_seen)
    transition(application, "reject", actor=actor, reason=reason)
    _record_decision(application, actor, reason)
    refunded = _close_enrollment_invoice(application=application, actor=actor, reason=reason)
    notify(
        recipient=application.candidate,
        event="application.decided",
        context={
            "program": application.program,
            "accepted": False,
            "reason": reason,
            "refund": refunded,
            # The last day to give notice, the program's day (the page gives it too).
            "appeal_by": appeal_window(
                program=application.program, decided_at=application.decided_at or timezone.now()
            ).notice_by,
        },
        link=application.get_absolute_url(),
    )
    return application


def _close_enrollment_invoice(*, application: Application, actor: User, reason: str) -> bool:
    """The fee of an applicant who is not accepted is no longer owed: what was paid is refunded,
    an unpaid invoice is voided (through payments' `api.py`). True when money is refunded."""
    outcome = _payments().enrollment_invoice_close(
        user=application.candidate, program=application.program, reason=reason, actor=actor
    )
    return bool(outcome == "refunded")


def _record_decision(application: Application, actor: User, reason: str) -> None:
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_reason = reason
    application.save()


@transaction.atomic
def application_reopen_after_appeal(
    *, application: Application, actor: User, reason: str
) -> Application:
    """An appeal sent the rejection back: the application waits for a new decision.

    The rejection closed the enrollment invoice (refunded or voided); where the fee is paid with
    the application, the application is again one waiting with its fee, so a new invoice is
    issued, as at submission (otherwise nothing would ever invoice a candidate accepted now)."""
    application = _locked(application)
    transition(application, "reopen_after_appeal", actor=actor, reason=reason)
    if _payments().payment_due_at_application(program=application.program):
        _payments().enrollment_invoice_issue(
            user=application.candidate, program=application.program, actor=actor
        )
    return application


@transaction.atomic
def deadline_extend(
    *, application: Application, actor: User, new_deadline: date, reason: str
) -> Application:
    require_role(actor, Role.PROGRAM_STAFF, to="extend a deadline")
    application = _locked(application)
    # Not a move, but a decision about the candidate: the same staff as accept (ADR 0022).
    relation_check(STAFF, application, actor=actor)
    if application.status != Application.Status.ACCEPTED or not application.completion_deadline:
        raise DomainError("Only an accepted candidate's deadline can be extended.")
    if new_deadline <= application.completion_deadline:
        raise DomainError(
            f"The new deadline must be after the current one "
            f"({application.completion_deadline:%B %-d, %Y}).",
            field="new_deadline",
        )
    if not reason.strip():
        raise DomainError("Give a reason for the extension.", field="reason")
    old = application.completion_deadline
    application.completion_deadline = new_deadline
    application.save(update_fields=["completion_deadline", "updated_at"])
    audit_record(
        actor=actor,
        verb="application.deadline_extended",
        target=application,
        reason=reason,
        data={"from": old.isoformat(), "to": new_deadline.isoformat()},
    )
    publish(
        DEADLINE_EXTENDED,
        application_id=application.pk,
        candidate_id=application.candidate_id,
        program_id=application.program_id,
        actor_id=actor.pk,
        completion_deadline=new_deadline.isoformat(),
    )
    return application
