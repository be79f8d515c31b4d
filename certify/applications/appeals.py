"""The candidate appeals the rejection of their application (both doors call this)."""

from certify.accounts.models import User
from certify.appeals.api import appeal_for, appeal_give_notice
from certify.appeals.models import Appeal
from certify.applications.models import Application
from certify.core.errors import DomainError


def application_appeal(*, application: Application, actor: User) -> Appeal:
    """Notice of appeal against a rejection, within the program's notice days; once."""
    if application.status != Application.Status.REJECTED or application.decided_at is None:
        raise DomainError("Only a rejection can be appealed.")
    return appeal_give_notice(
        subject=application,
        appellant=actor,
        program=application.program,
        decided_by=application.decided_by,
        decided_at=application.decided_at,
    )


def application_appeal_current(application: Application) -> Appeal | None:
    """The appeal against the application's current decision, if any. An appeal that sent a
    rejection back is history once staff decide again: a new rejection is a new decision, which
    the candidate may appeal in its own window (its e-mail says so)."""
    appeal = appeal_for(application)
    if appeal is None or appeal.decided_at != application.decided_at:
        return None
    return appeal
