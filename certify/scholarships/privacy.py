"""A person's scholarship applications and awards, for their data export; closing the
account blanks what they wrote (the awards stay).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.scholarships.models import Award, ScholarshipApplication


def _erase_scholarships(user: User) -> None:
    ScholarshipApplication.objects.filter(applicant=user).update(statement="", class_details="")


@privacy_part("scholarships", erase=_erase_scholarships)
def _scholarships(user: User) -> dict[str, Any]:
    return {
        "applications": rows(ScholarshipApplication.objects.filter(applicant=user)),
        "awards": rows(Award.objects.filter(recipient=user)),
    }
