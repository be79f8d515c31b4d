"""A supervisor's confirmation of an experience entry, and what it is worth (ADR 0024).

- The supervisor's address is never one of the candidate's own.
- A request records what the supervisor is asked about (employer, dates, hours, their address);
  its link works once, until it expires (`CONFIRMATION_LINK_DAYS`), while the application can
  still change, and only while the entry still says what the request says.
- The candidate changing any of those after asking makes the entry "changed" (not confirmed)
  and stops the open link; submitting the application stops open links ("no answer").
- Every request stays as a row (`ConfirmationRequest`): staff read the history.
- Asking goes through notifications' relay limits (ADR 0029), checked before anything is saved;
  the e-mail carries the candidate's account name, the program and the stored dates and hours,
  never what the candidate typed (the library and supervisor names are on the link's page).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import own_answer_refusal, user_email_addresses
from certify.accounts.models import User
from certify.applications.models import Application, ConfirmationRequest, ExperienceEntry
from certify.core.errors import DomainError, LinkClosedError, require_within
from certify.core.links import ACCOUNT_NOT_ACTIVE, link_ends, link_read, link_token
from certify.core.locking import row_lock
from certify.core.workflow import SYSTEM, LinkHolder, transition
from certify.notifications.api import relay_check, relay_send
from certify.programs.api import program_zone

_SALT = "certify.applications.supervisor"
LINK_PURPOSE = "supervisor"
USED = "This link has been used: the answer is recorded, and nothing more is needed."
# What a supervisor may write (the link's holder is not signed in: every answer is bounded).
SUPERVISOR_NOTE_MAX = 2000


def link_days() -> int:
    return int(settings.CONFIRMATION_LINK_DAYS)


def supervisor_address_check(*, candidate: User, email: str) -> None:
    """Refuse a supervisor address that is one of the candidate's own."""
    if email.strip() and email.strip().lower() in user_email_addresses(user=candidate):
        raise DomainError(
            "This is one of your own e-mail addresses. Give your supervisor's address: they "
            "confirm your hours, so it cannot be you.",
            field="supervisor_email",
        )


# --- The link ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupervisorLink:
    token: str
    url: str
    expires: date


def supervisor_link(*, confirmation: ConfirmationRequest) -> SupervisorLink:
    token = link_token(confirmation.link, salt=_SALT)
    url = settings.SITE_URL + reverse("applications:supervisor", kwargs={"token": token})
    return SupervisorLink(token, url, confirmation.expires_on)


def supervisor_link_open(token: str) -> ConfirmationRequest:
    """The open request a link was made for, or a `DomainError` in the supervisor's words
    (`LinkClosedError` when the link was real but works no more)."""
    link = link_read(token, salt=_SALT)
    confirmation = (
        ConfirmationRequest.objects.select_related(
            "entry__application__candidate", "entry__application__program"
        )
        .filter(link=str(link))
        .first()
        if link
        else None
    )
    if confirmation is None:
        raise LinkClosedError(
            "This link no longer works: the candidate removed the entry, or the link is from "
            "before links worked once. Ask the candidate to send a new one if needed."
        )
    _require_usable(confirmation)
    return confirmation


def _require_usable(confirmation: ConfirmationRequest) -> None:
    ended = ConfirmationRequest.Ended
    entry = confirmation.entry
    if confirmation.ended == ended.ANSWERED:
        raise LinkClosedError(USED)
    if confirmation.ended == ended.REPLACED:
        raise LinkClosedError(
            "The candidate sent you a newer link: use the one in the latest e-mail."
        )
    if confirmation.ended == ended.CHANGED:
        raise LinkClosedError(
            "The candidate changed this entry after asking you, so this link no longer works. "
            "They will send a new one if they still need your confirmation."
        )
    if entry.removed_at is not None:  # ADR 0040: the link works again if the removal is undone
        raise LinkClosedError(
            "The candidate removed this job from their application, so this link no longer "
            "works. Nothing more is needed from you."
        )
    if not entry.application.candidate.is_active:  # deactivated (a closure removes the entry)
        raise LinkClosedError(ACCOUNT_NOT_ACTIVE)
    if entry.application.status == Application.Status.WITHDRAWN:  # not "submitted": it was not
        raise LinkClosedError(
            "The candidate withdrew this application, so this link no longer works. Nothing "
            "more is needed from you."
        )
    if confirmation.ended == ended.SUBMITTED or not entry.application.is_editable:
        raise LinkClosedError(
            "The application was submitted before you answered, so this link no longer works. "
            "Nothing more is needed from you."
        )
    if confirmation.expires_at <= timezone.now():
        raise LinkClosedError("This link has expired. Ask the candidate to send a new one.")
    if (
        entry.supervisor_status != ExperienceEntry.SupervisorStatus.REQUESTED
        or entry.confirmation_details() != confirmation.details
    ):  # the service ends the request with the change; this holds if anything slipped past
        raise LinkClosedError(USED)


def _require_not_the_candidate(entry: ExperienceEntry, signed_in: User | None) -> None:
    """Nobody confirms their own hours (`accounts.api.own_answer_refusal`)."""
    refusal = own_answer_refusal(
        candidate=entry.application.candidate,
        signed_in=signed_in,
        sent_to=entry.supervisor_email,
        own="confirm your own hours",
        recipient=f"your supervisor, {entry.supervisor_name or entry.supervisor_email}",
        answer="an answer",
    )
    if refusal:
        raise DomainError(refusal)


# --- The candidate asks --------------------------------------------------------------------


def _end_open(entry: ExperienceEntry, why: str) -> None:
    entry.confirmation_requests.filter(ended=ConfirmationRequest.Ended.OPEN).update(
        ended=why, ended_at=timezone.now()
    )


@transaction.atomic
def supervisor_request(*, entry: ExperienceEntry, actor: User) -> ExperienceEntry:
    """E-mail the entry's supervisor a single-use, expiring link to confirm or correct the
    hours; a link sent before for this entry stops working."""
    entry = row_lock(entry, "application__candidate", "application__program")
    application = entry.application
    if application.candidate_id != actor.pk:
        raise DomainError("This is not your application.")
    if not application.is_editable:
        raise DomainError(
            "This application is submitted: a supervisor can no longer be asked about it."
        )
    if not entry.supervisor_email:
        raise DomainError("Add the supervisor's e-mail address first.", field="supervisor_email")
    supervisor_address_check(candidate=application.candidate, email=entry.supervisor_email)
    relay_check(sender=actor, to=entry.supervisor_email, field="supervisor_email")
    transition(
        entry,
        "request_confirmation",
        actor=actor,
        data={"application": application.pk, "to": entry.supervisor_email},
        update_fields=[],
    )
    _end_open(entry, ConfirmationRequest.Ended.REPLACED)
    confirmation = ConfirmationRequest.objects.create(
        entry=entry,
        sent_to=entry.supervisor_email,
        supervisor_name=entry.supervisor_name,
        details=entry.confirmation_details(),
        expires_at=link_ends(link_days(), program_zone(application.program)),
    )
    link = supervisor_link(confirmation=confirmation)
    relay_send(
        sender=actor,
        to=entry.supervisor_email,
        field="supervisor_email",
        event="application.supervisor_confirm",
        context={
            "program": application.program,
            "candidate_name": application.candidate.full_name,
            # A draft has not been applied with yet; one sent back for more information has.
            "submitted": application.status != application.Status.DRAFT,
            "start": entry.start_date,
            "end": entry.end_date,
            "hours": entry.claimed_hours_text,
            "expires": link.expires,
            "link_url": link.url,
            "action": "Confirm the hours",
            "site_url": settings.SITE_URL,
        },
    )
    return entry


def supervisor_entry_changed(
    *, entry: ExperienceEntry, before: dict[str, str], actor: User
) -> bool:
    """After the candidate saved `entry`: if what the supervisor was asked about changed, the
    answer (or the open request) no longer applies. True when the entry became "changed"."""
    status = ExperienceEntry.SupervisorStatus
    if entry.supervisor_status not in (status.REQUESTED, status.CONFIRMED, status.CORRECTED):
        return False
    after = entry.confirmation_details()
    changed = sorted(k for k in after if after[k] != before.get(k))
    if not changed:
        return False
    entry.supervisor_hours = None
    entry.supervisor_note = ""
    entry.supervisor_responded_at = None
    transition(
        entry,
        "change_after_request",
        actor=actor,
        reason="Changed after the supervisor was asked: " + ", ".join(changed) + ".",
        data={"application": entry.application_id, "changed": changed},
        update_fields=["supervisor_hours", "supervisor_note", "supervisor_responded_at"],
    )
    _end_open(entry, ConfirmationRequest.Ended.CHANGED)
    return True


def supervisor_requests_close(*, application: Application) -> int:
    """At submission: open links stop, and their entries show "no answer before submission".
    Call it inside the submission's transaction. The number of entries closed."""
    entries = ExperienceEntry.with_removed.select_for_update().filter(
        application=application, supervisor_status=ExperienceEntry.SupervisorStatus.REQUESTED
    )
    closed = 0
    for entry in entries:
        transition(
            entry,
            "lapse",
            actor=SYSTEM,
            data={"application": application.pk},
            update_fields=[],
        )
        _end_open(entry, ConfirmationRequest.Ended.SUBMITTED)
        closed += 1
    return closed


# --- The supervisor answers ------------------------------------------------------------------


@transaction.atomic
def supervisor_respond(
    *,
    confirmation: ConfirmationRequest,
    actor: LinkHolder,
    confirmed: bool,
    hours: Decimal | None = None,
    note: str = "",
    signed_in: User | None = None,
) -> ExperienceEntry:
    """The supervisor's answer to one request, once: recorded on the request (the history) and
    on the entry (what staff read first). `signed_in` is whoever the browser is signed in as:
    never the candidate, and never through an address that became one of theirs."""
    if not confirmed and hours is None and not note.strip():
        raise DomainError(
            "Give the correct hours or a note explaining the correction.", field="hours"
        )
    require_within(note.strip(), SUPERVISOR_NOTE_MAX, field="note", what="the note")
    entry = row_lock(confirmation.entry, "application")
    confirmation = ConfirmationRequest.objects.select_for_update().get(pk=confirmation.pk)
    confirmation.entry = entry
    _require_usable(confirmation)  # again, under the lock: the candidate may have just changed it
    _require_not_the_candidate(entry, signed_in)
    now = timezone.now()
    entry.supervisor_hours = None if confirmed else hours
    entry.supervisor_note = note.strip()
    entry.supervisor_responded_at = now
    transition(
        entry,
        "confirm" if confirmed else "correct",
        actor=actor,
        reason=note.strip(),
        data={"application": entry.application_id, "request": confirmation.pk},
    )
    confirmation.ended, confirmation.ended_at = ConfirmationRequest.Ended.ANSWERED, now
    confirmation.answer = entry.supervisor_status
    confirmation.answer_hours = entry.supervisor_hours
    confirmation.answer_note = entry.supervisor_note
    confirmation.save()
    return entry
