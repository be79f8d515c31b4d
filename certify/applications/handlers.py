"""What happens to an application when other apps act on it."""

from collections.abc import Sequence

from certify.accounts.api import home_part
from certify.accounts.models import Role, User
from certify.appeals.api import on_sent_back
from certify.applications.selectors import application_current_for
from certify.applications.services import application_reopen_after_appeal


@on_sent_back("applications.application")
def application_sent_back(*, subject, actor, reason: str) -> None:
    application_reopen_after_appeal(application=subject, actor=actor, reason=reason)


@home_part
def current_application(user: User, roles: Sequence[str]) -> dict[str, object]:
    """The home page's line about the candidate's application."""
    current = application_current_for(candidate=user) if Role.CANDIDATE in roles else None
    return {"application": current}
