"""Helpers the course services share: who acts, checked private files, telling provider staff."""

from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.storage import upload_store
from certify.core.uploads import check_upload
from certify.core.workflow import check, relation_check
from certify.core.workflow_words import StatusMovedOnError
from certify.courses.models import Course, Provider, ProviderApiKey
from certify.courses.workflows import course as course_workflow
from certify.courses.workflows import provider as provider_workflow
from certify.notifications.api import notify
from certify.progress.models import PlannedSet


def is_member(provider: Provider, user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return provider.memberships.filter(user=user).exists()


def require_acting_for(
    provider: Provider, *, actor: User | None, api_key: ProviderApiKey | None = None
) -> None:
    """The actor is one of the provider's staff, or the request came with the provider's key."""
    if api_key is not None:
        if api_key.provider_id != provider.pk or not api_key.is_active:
            raise DomainError("This API key does not act for this provider.")
        return
    if not is_member(provider, actor):
        raise DomainError(f"You do not act for {provider.name}.")


def not_approved_words(provider: Provider) -> str:
    """Why a provider that is not approved submits no course, by its status."""
    if provider.status == Provider.Status.SUSPENDED:
        return (
            f"Program staff have suspended the approval of {provider.name}: submitting and "
            "renewing courses wait until they reinstate it."
        )
    if provider.status == Provider.Status.REVOKED:
        return f"Program staff have revoked the approval of {provider.name}."
    return (
        f"{provider.name} is waiting for program staff to approve it; you can submit courses "
        "once it is approved."
    )


def require_reportable_course(provider: Provider, course: Course) -> None:
    """A course the provider may report completions of (one on its page, or a CSV's): its own,
    and approved at least once."""
    if course.provider_id != provider.pk:
        raise DomainError(f"“{course.title}” is not a course of {provider.name}.", field="course")
    if not course.ever_approved:
        raise DomainError(
            f"“{course.title}” is not approved yet; report its completions once it is.",
            field="course",
        )


def own_accepted_plan_locked(planned: PlannedSet, *, actor: User, not_yet: str) -> PlannedSet:
    """The candidate's own planned set, locked, once their application is accepted (`not_yet`
    is the refusal before that, in the words of what they tried)."""
    planned = (
        PlannedSet.objects.select_for_update(of=("self", "application"))
        .select_related("application", "competency_set")
        .get(pk=planned.pk)
    )
    if planned.application.candidate_id != actor.pk:
        raise DomainError("This is not your plan.")
    if planned.application.status != Application.Status.ACCEPTED:
        raise DomainError(not_yet)
    return planned


def audit_data(api_key: ProviderApiKey | None, **data: Any) -> dict[str, Any]:
    if api_key is not None:
        data["api_key"] = api_key.prefix
    return data


def store_checked_file(
    *, instance: Any, field: str, upload: UploadedFile, error_field: str
) -> None:
    """Check an upload by its content and put it on `instance.<field>` (saved with the row).

    Sets `<field>_name`, `_content_type`, `_extension` and `_size` beside it.
    """
    try:
        checked = check_upload(upload)
    except DomainError as error:
        raise DomainError(error.message, field=error_field) from None
    setattr(instance, f"{field}_name", (upload.name or "")[:255])
    setattr(instance, f"{field}_content_type", checked.content_type)
    setattr(instance, f"{field}_extension", checked.extension)
    setattr(instance, f"{field}_size", checked.size)
    file: FieldFile = getattr(instance, field)
    upload_store(file, upload, field=error_field)


def tell_provider(
    *, provider: Provider, event: str, context: dict[str, Any], link: str = ""
) -> None:
    for member in provider.members.all():
        notify(recipient=member, event=event, context=context, link=link)


# Within a millisecond: the API writes times to the millisecond (Django's JSON encoder).
_MS = timedelta(milliseconds=1)


def changed_since(subject: Course | Provider, updated_at_seen: datetime | None) -> bool:
    """Whether `subject` changed after the `updated_at` its page showed (None: not said)."""
    return updated_at_seen is not None and abs(updated_at_seen - subject.updated_at) >= _MS


def require_unchanged(
    subject: Course | Provider,
    updated_at_seen: datetime | None,
    *,
    actor: User,
    move: str = "",
    reason: str = "",
) -> None:
    """A staff decision covers what its decider read: a course or provider changed since the
    page (or API read) showed it, e.g. a colleague reinstated it, is not decided unread.
    `updated_at_seen` is the `updated_at` they read: a course's, or a provider's (its own
    fields or status, not its people, keys or courses: ADR 0009); None: not said (an older
    API client). `move`: the workflow move the decision makes (its `reason` with it). Called on
    the locked row.

    Who may decide comes first (the staff relation of every staff move on courses and
    providers, ADR 0022): a provider's own member, or the course's author, with a page opened
    before a colleague's change is told it is her own case, not that it changed, and someone
    who may not decide at all learns nothing of its changes. Then staleness. A stale page whose
    move the status no longer allows (a colleague decided first, another tab) gets the workflow
    engine's words for a page out of date, saying where the subject is now (ADR 0018), as every
    workflow's stale page does; one whose move is still allowed (the course or provider changed
    in content, or moved and came back) is told it changed and to read it again."""
    staff = course_workflow.STAFF if isinstance(subject, Course) else provider_workflow.STAFF
    relation_check(staff, subject, actor=actor)
    if not changed_since(subject, updated_at_seen):
        return
    if move:
        try:
            check(subject, move, actor=actor, reason=reason)
        except StatusMovedOnError:
            raise
        except DomainError:
            pass  # its reason or its people: said after "changed", once read again
    noun = "course" if isinstance(subject, Course) else "provider"
    raise DomainError(
        f"This {noun} changed after you opened the page: its status is now "
        f"“{subject.get_status_display()}”. Read it again before you decide."
    )
