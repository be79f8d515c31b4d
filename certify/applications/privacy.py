"""A person's applications (with their experience, requests to supervisors, decisions and
appeals), for their data export; closing the account deletes drafts and experience (with the
requests to supervisors), ends the open appeals and blanks the notes and grounds (decisions
stay).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.appeals.api import APPEAL_ENDED_CLOSED, appellant_appeals_end
from certify.appeals.models import Appeal
from certify.applications.models import (
    Application,
    ApplicationTransition,
    ConfirmationRequest,
    ExperienceEntry,
)


def _erase_applications(user: User) -> None:
    application_model = Application
    ExperienceEntry.with_removed.filter(application__candidate=user).delete()
    application_model.objects.filter(candidate=user, status="draft").delete()
    application_model.objects.filter(candidate=user).update(education_note="")
    # Open appeals end first (Certify's move, audited, nobody told; their rows were locked
    # first of all the closure's locks: `appeals.ended`), then their grounds go.
    appellant_appeals_end(appellant_id=user.pk, reason=APPEAL_ENDED_CLOSED)
    Appeal.objects.filter(appellant=user).update(grounds="")


@privacy_part("applications", erase=_erase_applications)
def _applications(user: User) -> dict[str, Any]:
    applications = Application.objects.filter(candidate=user)
    return {
        "applications": rows(applications),
        "experience": rows(ExperienceEntry.with_removed.filter(application__in=applications)),
        "supervisor_confirmations": rows(
            ConfirmationRequest.objects.filter(entry__application__in=applications)
        ),
        "decisions": rows(ApplicationTransition.objects.filter(application__in=applications)),
        "appeals": rows(Appeal.objects.filter(appellant=user)),
    }
