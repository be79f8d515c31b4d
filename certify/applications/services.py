"""Writes for applications: drafting, submitting, withdrawing. Staff decisions are in
`decisions.py`; the experience entries are in `experience.py` and a supervisor's confirmation of
an entry in `confirmations.py` (the services of both are named here too)."""

from datetime import date
from types import ModuleType
from typing import Any

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.confirmations import (
    SUPERVISOR_NOTE_MAX,
    LinkClosedError,
    SupervisorLink,
    supervisor_link,
    supervisor_link_open,
    supervisor_request,
    supervisor_requests_close,
    supervisor_respond,
)
from certify.applications.eligibility import EligibilityResult, eligibility, years_before
from certify.applications.experience import (
    experience_delete,
    experience_removed_purge,
    experience_restore,
    experience_save,
    require_editable,
    require_owner,
)
from certify.applications.experience_checks import ExperienceInvalidError
from certify.applications.models import Application
from certify.core.codes import code_new
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import transition
from certify.notifications.api import notify
from certify.programs import api as programs_api
from certify.programs.api import program_today
from certify.programs.models import Program

# The experience entries live in experience.py and the supervisor's confirmation in
# confirmations.py; callers of these services find their names here too.
__all__ = [
    "SUPERVISOR_NOTE_MAX",
    "ExperienceInvalidError",
    "LinkClosedError",
    "SupervisorLink",
    "experience_delete",
    "experience_removed_purge",
    "experience_restore",
    "experience_save",
    "supervisor_link",
    "supervisor_link_open",
    "supervisor_request",
    "supervisor_respond",
]


class ApplicationIncompleteError(DomainError):
    """Submission refused; `problems` lists everything to fix, in the candidate's words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def add_years(day: date, years: int) -> date:
    return years_before(day, -years)


def _payments() -> ModuleType:
    from certify.payments import api

    return api


# --- Drafting ------------------------------------------------------------------------------


def _number_key_new() -> str:
    """The candidate number's random part (ADR 0030), one nobody holds: a repeat is very rare,
    and sends it round again; the unique column has the last word."""
    while True:
        key = code_new()
        if not Application.objects.filter(number_key=key).exists():
            return key


@transaction.atomic
def application_start(*, candidate: User, program: Program) -> Application:
    """The candidate's open application to the program, created as a draft when there is none."""
    open_application = (
        Application.objects.select_for_update()
        .filter(candidate=candidate, program=program)
        .exclude(status__in=[Application.Status.REJECTED, Application.Status.WITHDRAWN])
        .first()
    )
    if open_application:
        return open_application
    application = Application.objects.create(
        candidate=candidate, program=program, number_key=_number_key_new()
    )
    audit_record(actor=candidate, verb="application.started", target=application)
    return application


@transaction.atomic
def application_update(*, application: Application, actor: User, **fields: Any) -> Application:
    """Save what the candidate typed on the education and attestation part of the draft."""
    require_owner(application, actor)
    require_editable(application)
    allowed = {
        "education_level",
        "education_accredited",
        "education_country",
        "education_note",
        "attested",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean(exclude=["candidate", "program"])
    application.save()
    return application


def application_eligibility(
    *, application: Application, on: date | None = None
) -> EligibilityResult:
    """The experience rule applied to this application's entries on the given day, with the
    hours and years it was first submitted under (a draft: the program's). By default: today
    while the candidate can still change it, else the day it was submitted (the window staff
    decided on), so every page and the API give a submitted application the same hours."""
    if on is None and not application.is_editable and application.window_end:
        on = application.window_end
    return eligibility(
        [e.as_experience() for e in application.experience.all()],
        on=on or program_today(application.program),
        years=application.rule("experience_window_years"),
        required=application.rule("experience_hours_required"),
        experience=application.program.experience_words.experience,
    )


def submission_problems(*, application: Application, result: EligibilityResult) -> list[str]:
    program = application.program
    problems = []
    if not application.education_level:
        problems.append("Tell us your highest level of education.")
    elif problem := programs_api.education_problem(
        program=program,
        level=application.education_level,
        accredited=application.education_accredited,
        outside_us=application.education_outside_us,
    ):
        problems.append(problem)
    if (
        application.education_outside_us
        and program.non_us_education_case_by_case
        and not application.education_note.strip()
    ):
        problems.append(
            "Your education was outside the US: describe the school, the diploma and the year, "
            "so staff can consider it."
        )
    if not application.experience.all():
        job = program.experience_words.job_kind
        problems.append(f"Add at least one {job} or volunteer role.")
    problems.extend(result.errors)
    if not result.errors and not result.meets_hours:
        problems.append(f"You have {result.summary}: {result.next_step}")
    if not application.attested:
        problems.append("Confirm that the information you gave is true.")
    return problems


def _locked(application: Application) -> Application:
    return row_lock(application, "program", "candidate")


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    application = _locked(application)
    require_owner(application, actor)
    # Judged by the rules of the first submission: a rule change applies to new cases.
    application.rules_keep()
    result = application_eligibility(application=application)
    problems = submission_problems(application=application, result=result)
    if problems:
        raise ApplicationIncompleteError(problems)
    application.submitted_at = timezone.now()
    application.eligible_hours = result.hours_display
    application.window_start, application.window_end = result.window_start, result.window_end
    application.flags = result.flags + (
        ["Education outside the US: decide case by case."]
        if application.education_outside_us and application.program.non_us_education_case_by_case
        else []
    )
    transition(application, "submit", actor=actor)
    supervisor_requests_close(application=application)  # pending links stop: "no answer"
    notify(
        recipient=application.candidate,
        event="application.received",
        context={"program": application.program, "case_by_case": application.education_outside_us},
        link=application.get_absolute_url(),
    )
    if _payments().payment_due_at_application(program=application.program):
        # The real program's way: the fee is paid with the application, refunded if ineligible.
        # It waits while a membership that sets its price is undecided (ADR 0042).
        _payments().enrollment_invoice_issue(
            user=application.candidate, program=application.program, actor=actor
        )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, reason: str = "") -> Application:
    application = _locked(application)
    transition(application, "withdraw", actor=actor, reason=reason)
    return application
