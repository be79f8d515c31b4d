"""A supervisor's attestation of a portfolio response, and what it is worth (ADR 0024).

- The attester's address is never one of the candidate's own.
- The link works once, until it expires (`CONFIRMATION_LINK_DAYS`), and only while the portfolio
  can still change: submitting it stops open links ("not given before submission"), and so does
  the candidate closing their account.
- The submitted version keeps the attestation as it stood at submission (text, attester,
  organization, e-mail domain), with a warning when the domain is one of the candidate's own or
  the organization one of the candidate's libraries: reviewers read that, never a later text.
- Asking goes through notifications' relay limits (ADR 0029), checked before anything is saved.
  The e-mail carries the candidate's account name, the program and the competency, never what
  the candidate typed (the attester's name and organization, the title, what to describe): the
  attester reads "what to describe" on the link's page, marked as the candidate's words.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import closed_by_owner, own_answer_refusal, user_email_addresses
from certify.accounts.models import User
from certify.core.errors import DomainError, LinkClosedError, require_within
from certify.core.links import ACCOUNT_NOT_ACTIVE, link_ends, link_last_day, link_read, link_token
from certify.core.locking import row_lock
from certify.core.workflow import SYSTEM, LinkHolder, transition
from certify.notifications.api import relay_check, relay_send
from certify.portfolios.attesters import attestation_record, candidate_ties
from certify.portfolios.models import EvidenceItem, Portfolio, Response
from certify.portfolios.services.candidate import _require_editable, _require_owner, _title
from certify.programs.api import program_zone

_SALT = "certify.portfolios.attestation"
USED = "This link has been used: the attestation was already answered."
# What an attester may write (the link's holder is not signed in: every answer is bounded).
ATTESTATION_MAX = 5000


def link_days() -> int:
    return int(settings.CONFIRMATION_LINK_DAYS)


def attester_address_check(*, candidate: User, email: str) -> None:
    if email.strip().lower() in user_email_addresses(user=candidate):
        raise DomainError(
            "This is one of your own e-mail addresses. Give your supervisor's address: they "
            "attest to your work, so it cannot be you.",
            field="attester_email",
        )


# --- The link ----------------------------------------------------------------------------------


def attestation_link(item: EvidenceItem) -> str:
    token = link_token(item.attestation_link, salt=_SALT)
    return settings.SITE_URL + reverse("portfolios:attest", kwargs={"token": token})


def attestation_item_from_token(token: str) -> EvidenceItem:
    """The requested item a link was made for, or a `DomainError` in the attester's words
    (`LinkClosedError` when the link was real but works no more)."""
    link = link_read(token, salt=_SALT)
    item = (
        EvidenceItem.objects.select_related(
            "response__competency",
            "response__portfolio__planned_set__application__candidate",
            "response__portfolio__planned_set__application__program",
        )
        .filter(attestation_link=link, kind=EvidenceItem.Kind.ATTESTATION)
        .first()
        if link
        else None
    )
    if item is None:
        raise LinkClosedError(
            "This link no longer works. Ask the candidate to send a new request if needed."
        )
    _require_usable(item)
    return item


# The set was satisfied another way (an approved course) while the attester was asked: it is
# never redone, so the portfolio is never read and nothing the attester writes could count.
SET_COMPLETED = (
    "The candidate completed this competency set another way, so this link no longer works. "
    "Nothing more is needed from you."
)


def _set_completed(item: EvidenceItem) -> bool:
    """Whether the item's set is complete, read from the database (the caller may hold a copy
    read before the set was satisfied)."""
    planned = item.response.portfolio.planned_set
    return type(planned).objects.filter(pk=planned.pk, status=planned.Status.SATISFIED).exists()


def _require_usable(item: EvidenceItem) -> None:
    status = EvidenceItem.AttestationStatus
    candidate = item.response.portfolio.planned_set.application.candidate
    if closed_by_owner(candidate):
        raise LinkClosedError(
            "The candidate closed their account, so this link no longer works. Nothing more is "
            "needed from you."
        )
    if not candidate.is_active:  # an administrator deactivated it: it may be opened again
        raise LinkClosedError(ACCOUNT_NOT_ACTIVE)
    if item.removed_at is not None:
        raise LinkClosedError("The candidate has removed this request; there is nothing to attest.")
    if item.attestation_status in (status.GIVEN, status.DECLINED):
        raise LinkClosedError(USED)
    if _set_completed(item):
        raise LinkClosedError(SET_COMPLETED)
    if item.attestation_status == status.LAPSED or not item.response.portfolio.is_editable:
        raise LinkClosedError(
            "The portfolio was submitted before you answered, so this link no longer works. "
            "Nothing more is needed from you."
        )
    if item.attestation_expires_at is None or item.attestation_expires_at <= timezone.now():
        raise LinkClosedError("This link has expired. Ask the candidate to send a new request.")
    if item.attestation_status != status.REQUESTED:
        raise LinkClosedError(USED)


# --- The candidate asks --------------------------------------------------------------------


@transaction.atomic
def evidence_request_attestation(
    *,
    response: Response,
    actor: User,
    attester_name: str,
    attester_email: str,
    title: str,
    description: str,
    attester_organization: str = "",
) -> EvidenceItem:
    """Ask a supervisor to attest, by e-mail with a single-use, expiring link; no account."""
    _require_owner(response.portfolio, actor)
    _require_editable(response.portfolio)
    if not attester_email.strip():
        raise DomainError("Enter the supervisor's e-mail address.", field="attester_email")
    application = response.portfolio.planned_set.application
    attester_address_check(candidate=application.candidate, email=attester_email)
    relay_check(sender=actor, to=attester_email, field="attester_email")
    zone = program_zone(application.program)
    expires_at = link_ends(link_days(), zone)
    item = EvidenceItem(
        response=response,
        kind=EvidenceItem.Kind.ATTESTATION,
        title=_title(title or f"Attestation by {attester_name}"),
        description=description.strip(),
        attester_name=attester_name.strip(),
        attester_email=attester_email.strip(),
        attester_organization=attester_organization.strip()[:200],
        attestation_status=EvidenceItem.AttestationStatus.REQUESTED,
        attestation_link=uuid.uuid4(),
        attestation_expires_at=expires_at,
    )
    item.full_clean(exclude=["response", "file"])
    item.save()
    relay_send(
        sender=actor,
        to=item.attester_email,
        field="attester_email",
        event="portfolio.attestation",
        context={
            "program": application.program,
            "candidate_name": application.candidate.full_name,
            "competency": response.competency,
            # The program's day (RULINGS), the last the link works: it ends at the midnight after.
            "expires": link_last_day(expires_at, zone),
            "link_url": attestation_link(item),
            "action": "Write the attestation",
            "site_url": settings.SITE_URL,
        },
    )
    return item


def _require_not_the_candidate(item: EvidenceItem, signed_in: User | None) -> None:
    """Nobody attests to their own work (`accounts.api.own_answer_refusal`)."""
    refusal = own_answer_refusal(
        candidate=item.response.portfolio.planned_set.application.candidate,
        signed_in=signed_in,
        sent_to=item.attester_email,
        own="attest to your own work",
        recipient=item.attester_name or item.attester_email,
        answer="an attestation",
    )
    if refusal:
        raise DomainError(refusal)


# --- The attester answers --------------------------------------------------------------------


@transaction.atomic
def attestation_respond(
    *,
    item: EvidenceItem,
    actor: LinkHolder,
    given: bool,
    text: str,
    organization: str = "",
    signed_in: User | None = None,
) -> EvidenceItem:
    """The supervisor's answer, once. `actor` is the holder of the link the caller checked
    (`attestation_item_from_token`); the checks run again here, under the lock. `signed_in` is
    whoever the browser is signed in as: never the candidate, and never through an address
    that became one of theirs."""
    if given and len(text.strip()) < 20:
        raise DomainError(
            "Write a few sentences about what you saw the candidate do.", field="text"
        )
    require_within(text.strip(), ATTESTATION_MAX, field="text")
    item = row_lock(item, "response__portfolio")
    _require_usable(item)
    _require_not_the_candidate(item, signed_in)
    item.attestation_text = text.strip()
    item.attested_at = timezone.now()
    if organization.strip():
        item.attester_organization = organization.strip()[:200]
    transition(item, "give" if given else "decline", actor=actor)
    return item


# --- At submission ----------------------------------------------------------------------------


def attestations_close(*, portfolio: Portfolio) -> int:
    """Open attestation links stop; their items read "not given before submission". Call it
    inside the submission's transaction. The number of items closed."""
    pending = EvidenceItem.objects.select_for_update(of=("self",)).filter(
        response__portfolio=portfolio,
        kind=EvidenceItem.Kind.ATTESTATION,
        removed_at__isnull=True,
        attestation_status=EvidenceItem.AttestationStatus.REQUESTED,
    )
    closed = 0
    for item in pending:
        transition(item, "lapse", actor=SYSTEM, data={"portfolio": portfolio.pk})
        closed += 1
    return closed


def attestations_submitted(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """Every live attestation of the portfolio as it stands now, keyed by the item's id: the
    submission keeps this, so a later change is never what reviewers read."""
    domains, libraries = candidate_ties(portfolio)
    items = EvidenceItem.objects.filter(
        response__portfolio=portfolio,
        kind=EvidenceItem.Kind.ATTESTATION,
        removed_at__isnull=True,
    )
    return {
        str(item.pk): attestation_record(item, domains=domains, libraries=libraries)
        for item in items
    }
