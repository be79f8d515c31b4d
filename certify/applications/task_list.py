"""The candidate's task list: the application row (and its appeal), first in the journey."""

from dataclasses import replace
from datetime import date
from textwrap import shorten
from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from certify.accounts.api import (
    Journey,
    Task,
    TaskStatus,
    expected_by,
    request_fact,
    task_part,
)
from certify.accounts.models import User
from certify.appeals.api import appeal_window
from certify.applications.appeals import application_appeal_current
from certify.applications.models import Application
from certify.applications.selectors import (
    application_current_for,
    application_current_list_for,
    decision_turnaround,
)
from certify.programs.api import program_day, program_today

GROUP = "Apply and pay"
S = Application.Status


def _current_status() -> Subquery:
    """The status of the person's current application (as `application_current_for`)."""
    return Subquery(
        Application.objects.filter(candidate=OuterRef("pk"))
        .exclude(status=S.WITHDRAWN)
        .order_by("-created_at")
        .values("status")[:1]
    )


def _current_status_of(user: User) -> str | None:
    application = application_current_for(candidate=user)
    return application.status if application else None


# The navigation shows a candidate only what applies to their stage (accounts.navigation).
request_fact("application_status", annotation=_current_status, fallback=_current_status_of)


@task_part(10)
def application_row(journey: Journey) -> None:
    """The newest application's row (its plan's rows follow); a candidate in several programs
    also sees a row for each other program: its application's state, and its plan once
    accepted (each program's plan is its own page)."""
    current = application_current_list_for(candidate=journey.user)
    application = current[0] if current else None
    journey.facts["application"] = application
    row = _row(application)
    if len(current) > 1 and application is not None:
        row = replace(row, title=f"Apply to {application.program.name}")
    journey.add(row)
    for other in current[1:]:
        journey.add(_other_program_row(other))


def _other_program_row(application: Application) -> Task:
    row = replace(
        _row(application),
        key=f"apply-{application.program.slug}",
        title=f"Apply to {application.program.name}",
    )
    if application.status != S.ACCEPTED:
        return row
    return replace(
        row,
        action_label=f"Go to your {application.program.short_name} plan",
        action_url=reverse("progress:plan_in", args=[application.program.slug]),
    )


def _row(application: Application | None) -> Task:
    base: dict[str, Any] = {"key": "apply", "title": "Apply to the program", "group": GROUP}
    if application is None:
        return Task(
            **base,
            status=TaskStatus.NOT_STARTED,
            # No program is known yet: no program's field of work is named (a records
            # program's candidate is not told of library experience).
            hint="Record your experience and education; eligible hours are counted as you type.",
            action_label="Start your application",
            action_url=reverse("applications:apply"),
        )
    url = application.get_absolute_url()
    if application.status == S.DRAFT:
        return Task(
            **base,
            status=TaskStatus.IN_PROGRESS,
            hint="Your draft is saved. Submit it when your experience and education are in.",
            action_label="Continue your application",
            action_url=url,
        )
    if application.status == S.SUBMITTED:
        return Task(
            **base,
            status=TaskStatus.WAITING,
            hint="Program staff check your eligibility and tell you their decision by e-mail.",
            action_label="View your application",
            action_url=url,
            turnaround=decision_turnaround(program=application.program),
        )
    if application.status == S.MORE_INFO:
        return Task(
            **base,
            status=TaskStatus.IN_PROGRESS,
            hint="Program staff asked for more information. Answer them and submit again.",
            action_label="Answer and submit again",
            action_url=url,
        )
    if application.status == S.ACCEPTED:
        accepted = (
            program_day(application.decided_at, application.program)
            if application.decided_at
            else None
        )
        on = f" on {accepted:%B} {accepted.day}, {accepted.year}" if accepted else ""
        return Task(
            **base,
            status=TaskStatus.COMPLETED,
            hint=f"Accepted{on}.",
            action_label="View your application",
            action_url=url,
            due=application.completion_deadline,
            due_label="Finish the program by",
        )
    return _rejected_row(application, base)


def _rejected_row(application: Application, base: dict[str, Any]) -> Task:
    """Not accepted: the reason is on the application's page, and so is the appeal."""
    url = application.get_absolute_url()
    appeal = application_appeal_current(application)
    if appeal is not None and appeal.status == appeal.Status.NOTICE_GIVEN:
        grounds = appeal_window(program=application.program, decided_at=appeal.decided_at)
        return Task(
            **base,
            status=TaskStatus.IN_PROGRESS,
            hint="You gave notice of appeal. Now give its grounds.",
            action_label="Give the grounds of your appeal",
            action_url=reverse("appeals:grounds", kwargs={"pk": appeal.pk}),
            due=grounds.grounds_by,
            due_label="Give the grounds by",
        )
    if appeal is not None and appeal.status == appeal.Status.GROUNDS_SUBMITTED:
        return Task(
            **base,
            status=TaskStatus.WAITING,
            # The appeal pages' words (appeals/grounds.html): there is no appeals committee.
            hint="A staff member who did not make the decision reviews your appeal.",
            action_label="View the decision and your appeal",
            action_url=url,
        )
    window = (
        appeal_window(program=application.program, decided_at=application.decided_at)
        if application.decided_at
        else None
    )
    open_window = window is not None and window.notice_by >= program_today(application.program)
    decided = (
        program_day(application.decided_at, application.program) if application.decided_at else None
    )
    said = f"Not accepted on {_day(decided)}." if decided else "Not accepted."
    reason = shorten(" ".join(application.decision_reason.split()), width=240, placeholder="…")
    if reason:
        said += f" The reason: “{reason}”"
    if appeal is None and open_window and window:
        return Task(
            **base,
            status=TaskStatus.COMPLETED,
            hint=f"{said} If you disagree, you may appeal.",
            action_label="Read the decision and appeal",
            action_url=url,
            due=window.notice_by,
            due_label="Give notice of appeal by",
        )
    if appeal is None and window:
        said += f" The time to appeal ended on {_day(window.notice_by)}."
    return Task(
        **base,
        status=TaskStatus.COMPLETED,
        hint=said,
        action_label="Read the decision and reason",
        action_url=url,
    )


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def decision_expected(application: Application) -> str:
    """A submitted application's "what happens next, and by when", counted from the day it was
    submitted (the confirmation said the same on that day; the page says it on every visit)."""
    if application.status != S.SUBMITTED or application.submitted_at is None:
        return ""
    return expected_by(
        decision_turnaround(program=application.program),
        who="program staff check your eligibility and e-mail you their decision",
        today=program_day(application.submitted_at, application.program),
    )
