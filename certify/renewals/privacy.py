"""A holder's continuing-education log (with its evidence files) and renewals, for their data
export; closing the account deletes the files and blanks what they wrote about each activity.
The hours and the renewal decisions stay: a renewed certificate must keep saying why.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.renewals.models import CeActivity, Renewal


def _activities(user: User) -> QuerySet[CeActivity]:
    return CeActivity.with_removed.filter(holder=user)  # removed ones too, until purged


def _evidence_files(user: User) -> Iterable[tuple[str, FieldFile]]:
    for activity in _activities(user).exclude(evidence=""):
        yield f"{activity.pk}-{activity.evidence_name or 'evidence'}", activity.evidence


def _erase_log(user: User) -> None:
    for activity in _activities(user).exclude(evidence=""):
        activity.evidence.delete(save=False)
    _activities(user).update(
        evidence="",
        evidence_name="",
        evidence_content_type="",
        evidence_extension="",
        evidence_size=0,
        title="Removed",
        provider="",
    )


@privacy_part("continuing_education", files=_evidence_files, erase=_erase_log)
def _continuing_education(user: User) -> dict[str, Any]:
    return {
        "activities": rows(_activities(user)),
        "renewals": rows(Renewal.objects.filter(holder=user)),
    }
