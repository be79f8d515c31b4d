"""What happens to an application when other apps act on it."""

from certify.appeals.api import on_sent_back
from certify.applications.services import application_reopen_after_appeal


@on_sent_back("applications.application")
def application_sent_back(*, subject, actor, reason: str) -> None:
    application_reopen_after_appeal(application=subject, actor=actor, reason=reason)
