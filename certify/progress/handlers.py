"""Reactions to other apps' events: a plan is opened when the application is accepted."""

from certify.applications.api import APPLICATION_ACCEPTED
from certify.applications.models import Application
from certify.core.events import subscriber
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
