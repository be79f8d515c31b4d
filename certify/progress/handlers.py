"""Reactions to other apps' events: a plan is opened when the application is accepted; the
completion-deadline reminders once a day, and the notice of an extension (with the reminder already
due for the new deadline)."""

from datetime import date

from certify.applications.api import APPLICATION_ACCEPTED, DEADLINE_EXTENDED
from certify.applications.models import Application
from certify.core.events import subscriber
from certify.notifications.api import daily_job
from certify.progress.reminders import JOB as DEADLINE_REMINDERS_JOB
from certify.progress.reminders import deadline_extended_remind, deadline_reminders_send
from certify.progress.services import plan_ensure


@subscriber(APPLICATION_ACCEPTED)
def plan_open(*, event_id: int, application_id: int, **_: object) -> None:
    """Put the program's core sets in the accepted candidate's plan.

    Idempotent: `plan_ensure` adds only the sets that are missing. An application that is no
    longer accepted (withdrawn meanwhile) gets no plan.
    """
    application = Application.objects.select_related("program").get(pk=application_id)
    if application.status == Application.Status.ACCEPTED:
        plan_ensure(application=application)


@daily_job(DEADLINE_REMINDERS_JOB)
def deadline_reminders(today: date) -> str:
    """Completion-deadline reminders: 6 months, 2 months and 2 weeks before (ADR 0073)."""
    return f"{deadline_reminders_send(today=today)} deadline reminder(s) sent"


@subscriber(DEADLINE_EXTENDED)
def deadline_extended(
    *, event_id: int, application_id: int, completion_deadline: str, **_: object
) -> None:
    """Tell the candidate their new deadline, with the nearest reminder already reached for it
    in the same e-mail, once per extension (ADR 0073). Idempotent: the notice's key names the
    deadline (and the reminder's stage when it carries one)."""
    deadline_extended_remind(
        application_id=application_id, deadline=date.fromisoformat(completion_deadline)
    )
