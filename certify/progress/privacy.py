"""A person's plan (the competency sets they are working through), for their data export;
kept after closure.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.progress.models import PlannedSet


@privacy_part("plan")
def _plan(user: User) -> list[dict]:
    return rows(PlannedSet.objects.filter(application__candidate=user))
