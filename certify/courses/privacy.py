"""A person's course completions and programme claims (with their files), for their data
export; closing the account deletes the files.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.fields.files import FieldFile

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.courses.models import CourseCompletion, ProgrammeClaim, ProviderConsent


def _course_files(user: User) -> Iterable[tuple[str, FieldFile]]:
    completions = CourseCompletion.objects.filter(application__candidate=user)
    for completion in completions.exclude(certificate=""):
        name = (completion.certificate.name or "").rsplit("/", 1)[-1]
        yield f"completion-{completion.pk}-{name}", completion.certificate
    for claim in ProgrammeClaim.objects.filter(candidate=user).exclude(proof=""):
        yield f"claim-{claim.pk}-{(claim.proof.name or '').rsplit('/', 1)[-1]}", claim.proof


def _erase_courses(user: User) -> None:
    for _name, stored in list(_course_files(user)):
        stored.delete(save=False)
    CourseCompletion.objects.filter(application__candidate=user).update(certificate="")
    ProgrammeClaim.objects.filter(candidate=user).update(proof="")
    # A provider's invitation keeps the address or number it typed: not once the person leaves.
    ProviderConsent.objects.filter(candidate=user).update(invited_as="")


@privacy_part("courses", files=_course_files, erase=_erase_courses)
def _courses(user: User) -> dict[str, Any]:
    return {
        "completions": rows(CourseCompletion.objects.filter(application__candidate=user)),
        "programme_claims": rows(ProgrammeClaim.objects.filter(candidate=user)),
        "provider_consents": rows(ProviderConsent.objects.filter(candidate=user)),
    }
