"""The application's membership section, and the enrollment invoice that waits for it.

The section asks for memberships of the program's member organization (LSSCP: ALA, whose
members pay the member price). What the candidate enters is their `Membership` record, written
through `memberships.api.membership_record`: the same record as on the memberships page, waiting
for staff to confirm it. The enrollment invoice is made when the program's rule says (at
submission, or at acceptance) unless such a membership still waits; then it is made when staff
confirm or refuse it (the `membership.confirmed` / `membership.rejected` events), at the price
that decision gives (ADR 0042).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.memberships import api as memberships_api
from certify.memberships.models import Membership, Organisation
from certify.programs.api import program_today
from certify.programs.models import Program


@dataclass(frozen=True)
class MembershipAsked:
    """One organization the application asks about, and the candidate's membership of it."""

    organisation: Organisation
    membership: Membership | None

    @property
    def waiting(self) -> bool:
        return self.membership is not None and self.membership.status == Membership.Status.PENDING


def member_organisations(*, program: Program) -> list[Organisation]:
    """The organizations whose membership changes this program's fee (LSSCP: ALA); none when
    members pay what everyone pays."""
    if not program.has_member_price:
        return []
    found = memberships_api.organisation_find(code=program.member_organisation)
    return [found] if found is not None else []


def memberships_asked(*, application: Application) -> list[MembershipAsked]:
    """What the membership section shows: each member organization and the candidate's record."""
    organisations = member_organisations(program=application.program)
    if not organisations:
        return []
    recorded = {
        m.organisation_id: m for m in memberships_api.membership_list(user=application.candidate)
    }
    return [MembershipAsked(o, recorded.get(o.pk)) for o in organisations]


def application_membership_save(
    *,
    application: Application,
    organisation: Organisation,
    member_number: str,
    expires_on: date,
    actor: User,
) -> Membership:
    """Record (or change) the candidate's membership from their application. It waits for
    confirmation like any other; a change sends it back to waiting."""
    if application.candidate_id != actor.pk:
        raise DomainError("This is not your application.")
    if not application.is_editable:
        raise DomainError(
            f"This application is “{application.get_status_display()}”: change your membership "
            "on your memberships page instead."
        )
    if organisation not in member_organisations(program=application.program):
        raise DomainError(
            f"{application.program.short_name} does not ask about {organisation.name} membership.",
            field="organisation",
        )
    return memberships_api.membership_record(
        user=actor,
        organisation=organisation,
        member_number=member_number,
        expires_on=expires_on,
        actor=actor,
        today=program_today(application.program),  # the program's day (ADR 0036)
    )


def _invoice_due(application: Application) -> bool:
    """The program's rule says the enrollment fee is invoiced by now."""
    status = application.status
    if application.program.payment_timing == Program.PaymentTiming.AT_APPLICATION:
        return application.submitted_at is not None and status in (
            Application.Status.SUBMITTED,
            Application.Status.MORE_INFO,
            Application.Status.ACCEPTED,
        )
    return status == Application.Status.ACCEPTED


def enrollment_invoice_waits(*, application: Application) -> list[Membership]:
    """The memberships this application's enrollment invoice waits for (empty: none, or the
    invoice is not due yet, or it is already made)."""
    from certify.payments import api as payments_api

    if not _invoice_due(application):
        return []
    if payments_api.enrollment_invoice_for(user=application.candidate, program=application.program):
        return []
    waiting: list[Membership] = payments_api.enrollment_waits_on(
        user=application.candidate, program=application.program
    )
    return waiting


def enrollment_invoice_after_membership(*, membership_id: int, actor: Any = None) -> None:
    """A membership was confirmed or refused: make the enrollment invoice it held back, if the
    candidate's application is due one and nothing else still waits. Idempotent (one live
    enrollment invoice per person and program)."""
    from certify.applications.selectors import application_current_list_for
    from certify.payments import api as payments_api

    membership = memberships_api.membership_find(pk=membership_id)
    if membership is None:
        return
    # Each program the candidate is in has its own enrollment invoice.
    for application in application_current_list_for(candidate=membership.user):
        if _invoice_due(application):
            payments_api.enrollment_invoice_issue(
                user=application.candidate, program=application.program, actor=actor
            )
