"""Writes for the experience entries of a draft application: add or change one, remove it, put
it back within the undo window, and the daily purge of those removed for good. The names are
found in `services.py` too, where they lived before."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.confirmations import supervisor_address_check, supervisor_entry_changed
from certify.applications.experience_checks import ExperienceInvalidError, experience_problems
from certify.applications.models import Application, ExperienceEntry
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.names import fold
from certify.core.services import audit_record
from certify.core.undo import purge_before, require_undoable
from certify.programs import api as programs_api
from certify.programs.api import program_today


def require_owner(application: Application, actor: User) -> None:
    """Refuse anyone but the candidate whose application it is (the application services too)."""
    if application.candidate_id != actor.pk:
        raise DomainError("This is not your application.")


def require_editable(application: Application) -> None:
    """Refuse changes once the application has left the candidate's hands."""
    if not application.is_editable:
        raise DomainError(
            f"This application is “{application.get_status_display()}” and can no longer be "
            "changed."
        )


def _locked(application: Application) -> Application:
    return row_lock(application, "program", "candidate")


def _hours(entry: ExperienceEntry) -> Decimal | None:
    """The hours the entry gives, in its own way (a week's, or the total)."""
    weekly = entry.hours_mode == ExperienceEntry.HoursMode.WEEKLY
    value = entry.hours_per_week if weekly else entry.total_hours
    return None if value is None else Decimal(value)


def _same_job(entry: ExperienceEntry) -> ExperienceEntry | None:
    """Another entry of the application that is this one again: the same workplace and role (case,
    accents and spaces aside: `core.names.fold`), the same dates and the same hours, given the same
    way. Counting it twice would double its hours toward the rule; a different job at the same time
    (another role, other dates or hours) is not this, and overlapping jobs are flagged for staff
    instead (`eligibility.py`). Called with the application's row locked, so two saves at once
    cannot both pass."""
    others = ExperienceEntry.objects.filter(
        application_id=entry.application_id,
        start_date=entry.start_date,
        end_date=entry.end_date,
        hours_mode=entry.hours_mode,
    ).exclude(pk=entry.pk)
    for other in others:
        if (
            fold(other.library_name) == fold(entry.library_name)
            and fold(other.role) == fold(entry.role)
            and _hours(other) == _hours(entry)
        ):
            return other
    return None


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _already_there(same: ExperienceEntry) -> str:
    """What a candidate adding a job twice is told, beside the workplace's name."""
    until = f" to {_day(same.end_date)}" if same.end_date else ""
    return (
        f"This job is already on your application: {same.role} at {same.library_name}, from "
        f"{_day(same.start_date)}{until}, with the same hours. A job counts once: change the one "
        "already there instead of adding it again."
    )


@transaction.atomic
def experience_save(
    *,
    application: Application,
    actor: User,
    entry: ExperienceEntry | None = None,
    **fields: Any,
) -> ExperienceEntry:
    """Add or change one experience entry on an editable application. Changing what a
    supervisor was asked about makes the entry "changed" (not confirmed): ask again.

    Refuses (`ExperienceInvalidError`, what is wrong by field) hours missing for the way they
    are given, more than `MAX_WEEKLY_HOURS` a week, a total that does not fit between the
    dates, or an end before the start: the same checks as the page's form. Refuses, beside the
    workplace's name, a job already on the application (`_same_job`): added again, or changed
    into one that is there."""
    application = _locked(application)  # one save at a time: a job is not added twice
    require_owner(application, actor)
    require_editable(application)
    if entry is None:
        entry = ExperienceEntry(application=application)
    elif entry.application_id != application.pk:
        raise DomainError("This entry belongs to another application.")
    else:
        entry = row_lock(entry)
    before = entry.confirmation_details() if entry.pk else {}
    # The program's kinds of workplace now; an entry keeps the kind it was saved with.
    kinds = [code for code, _ in programs_api.kind_choices(application.program)]
    kinds += [entry.library_type] if entry.pk and entry.library_type else []
    for name, value in fields.items():
        setattr(entry, name, value)
    if not kinds:
        entry.library_type = ""  # the program asks no kind
    if entry.hours_mode == ExperienceEntry.HoursMode.WEEKLY:
        entry.total_hours = None
    else:
        entry.hours_per_week = None
    problems = experience_problems(
        start_date=entry.start_date,
        end_date=entry.end_date,
        hours_mode=entry.hours_mode,
        hours_per_week=entry.hours_per_week,
        total_hours=entry.total_hours,
        today=program_today(application.program),
        library_name=entry.library_name or "",
        role=entry.role or "",
        library_type=entry.library_type or "",
        kinds=kinds,
        noun=application.program.experience_words.noun,
    )
    if problems:
        raise ExperienceInvalidError(problems)
    entry.full_clean(exclude=["application"])
    if same := _same_job(entry):
        raise ExperienceInvalidError({"library_name": _already_there(same)})
    supervisor_address_check(candidate=application.candidate, email=entry.supervisor_email)
    entry.save()
    if before:  # an answer covers what the supervisor was asked about, nothing else
        supervisor_entry_changed(entry=entry, before=before, actor=actor)
    return entry


@transaction.atomic
def experience_delete(*, entry: ExperienceEntry, actor: User) -> None:
    """Remove an entry from the draft. It is kept, hidden, for `UNDO_WINDOW` so its candidate
    can put it back (`experience_restore`); the daily purge deletes it after that (ADR 0040)."""
    require_owner(entry.application, actor)
    require_editable(entry.application)
    entry = row_lock(entry, "application__candidate", "application__program")
    entry.removed_at = timezone.now()
    entry.save(update_fields=["removed_at"])
    audit_record(
        actor=actor,
        verb="application.experience_removed",
        target=entry.application,
        data={"entry": entry.pk, "job": str(entry)},
    )


@transaction.atomic
def experience_restore(*, application: Application, entry_id: int, actor: User) -> ExperienceEntry:
    """Undo a removal: only the candidate, only within `UNDO_WINDOW`, only while the
    application is still theirs to change and was not submitted since."""
    application = _locked(application)
    require_owner(application, actor)
    require_editable(application)
    entry = (
        ExperienceEntry.with_removed.select_for_update()
        .filter(pk=entry_id, application=application)
        .first()
    )
    if entry is None:
        raise DomainError("There is nothing to undo: this job is not on your application.")
    require_undoable(entry.removed_at, what="this job")
    if (
        application.submitted_at
        and entry.removed_at
        and application.submitted_at > entry.removed_at
    ):
        raise DomainError(
            "It is too late to undo: you submitted the application after removing this job. "
            "Add the job again if you need it."
        )
    if _same_job(entry):
        raise DomainError(
            "It cannot be put back: the same job is on your application again (you added it "
            "after removing this one)."
        )
    entry.removed_at = None
    entry.save(update_fields=["removed_at"])
    audit_record(
        actor=actor,
        verb="application.experience_restored",
        target=application,
        data={"entry": entry.pk, "job": str(entry)},
    )
    return entry


def experience_removed_purge() -> int:
    """Delete for good the entries removed longer ago than the undo allows (a daily job). They
    are read by the partial index of removed entries (`experience_removed_idx`, ADR 0060), not
    among every application's jobs."""
    deleted, _ = ExperienceEntry.with_removed.filter(removed_at__lt=purge_before()).delete()
    return deleted
