"""Applying to a fund, withdrawing, and the committee declining."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.workflow import check, transition
from certify.scholarships import selectors
from certify.scholarships.eligibility import criteria_problems
from certify.scholarships.models import Fund, Purpose, ScholarshipApplication
from certify.scholarships.selectors import EligibilityReader
from certify.scholarships.services.common import (
    ProblemsError,
    application_lock,
    require_by_hand,
    require_confirmer,
    require_not_competing,
)
from certify.scholarships.services.notices import tell_decision
from certify.scholarships.states import US_STATES

STATEMENT_MAX = 2000
Status = ScholarshipApplication.Status


class ApplicationRefusedError(ProblemsError):
    """Applying was refused: reasons about the person or the fund, and problems per field."""


@transaction.atomic
def application_submit(
    *,
    fund: Fund,
    applicant: User,
    statement: str,
    purpose: str = "",
    class_details: str = "",
    state_of_employment: str = "",
    years_experience: int | None = None,
    today: date | None = None,
) -> ScholarshipApplication:
    """Apply to a fund with a short statement. Refused, listing every problem, when the person
    may not apply (window, memberships, cooldown, fee already paid) or the form is incomplete.
    `today` is the fund's program's day by default (ADR 0036)."""
    fund = selectors.fund_list(active_only=False).get(pk=fund.pk)  # fresh totals
    today = today or selectors.fund_today(fund)
    if not fund.is_active or not fund.sponsor.is_active:
        raise ApplicationRefusedError([f"The {fund.name} no longer takes applications."])
    statement = (statement or "").strip()
    class_details = (class_details or "").strip()
    state = (state_of_employment or "").strip().upper()
    fields: dict[str, str] = {}
    if not statement:
        fields["statement"] = "Write a short statement: why you are applying and how it helps."
    elif len(statement) > STATEMENT_MAX:
        fields["statement"] = (
            f"Keep your statement to {STATEMENT_MAX:,} characters; it has {len(statement):,}."
        )
    purposes = fund.purposes
    if not purpose and len(purposes) == 1:
        purpose = purposes[0]
    if purpose not in purposes:
        fields["purpose"] = "Choose what the award would pay: " + ", ".join(
            p.label.lower() for p in purposes
        )
    if purpose == Purpose.CLASS and not class_details:
        fields["class_details"] = "Name the class: its title, who teaches it and when."
    if state and state not in US_STATES:
        fields["state_of_employment"] = "Choose the state you work in from the list."
    if years_experience is not None and years_experience < 0:
        experience = fund.experience_words.experience
        fields["years_experience"] = f"Enter your years of {experience} (0 or more)."

    reader = EligibilityReader(user=applicant, today=today)
    terms = reader.terms(fund)
    for name, message in criteria_problems(
        terms=terms, state=state, years=years_experience
    ).items():
        fields.setdefault(name, message)
    problems = reader.reasons(fund)
    if (
        purpose == Purpose.ENROLLMENT
        and not terms.enrollment_only
        and reader.fee_settled(fund)
        and "purpose" not in fields
    ):
        fields["purpose"] = (
            f"Your {terms.program} enrollment fee is already paid: choose another use."
        )
    existing = (
        ScholarshipApplication.objects.filter(fund=fund, applicant=applicant)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if existing is not None:
        problems.insert(0, f"You applied to the {fund.name} on {existing.submitted_at:%B %-d, %Y}.")
    if problems or fields:
        raise ApplicationRefusedError(problems, fields)
    try:
        with transaction.atomic():
            application = ScholarshipApplication.objects.create(
                fund=fund,
                applicant=applicant,
                purpose=purpose,
                statement=statement,
                class_details=class_details if purpose == Purpose.CLASS else "",
                state_of_employment=state,
                years_experience=years_experience,
            )
    except IntegrityError:
        raise ApplicationRefusedError([f"You have already applied to the {fund.name}."]) from None
    audit_record(
        actor=applicant,
        verb="scholarship.applied",
        target=application,
        data={"fund": fund.slug, "purpose": purpose},
    )
    return application


@transaction.atomic
def application_withdraw(
    *, application: ScholarshipApplication, actor: User
) -> ScholarshipApplication:
    """The applicant takes back an application that is still waiting for a decision."""
    application = application_lock(application)
    if application.applicant_id != actor.pk:  # before the move: say nothing about its status
        raise DomainError("This is not your application.")
    transition(application, "withdraw", actor=actor, update_fields=[])
    return application


@transaction.atomic
def application_decline(
    *, application: ScholarshipApplication, actor: User, reason: str
) -> ScholarshipApplication:
    """The committee does not award, saying why (the applicant reads the reason)."""
    application = application_lock(application)
    check(application, "decline", actor=actor, reason=reason)
    require_confirmer(actor, application.fund)
    require_by_hand(application.fund)
    require_not_competing(actor, application.fund)
    return decline_locked(application=application, actor=actor, reason=reason)


def decline_locked(
    *, application: ScholarshipApplication, actor: Any, reason: str, draw: Any = None
) -> ScholarshipApplication:
    """Decline an application its caller locked (`application_lock`) and checked: the `decline`
    move, recording who decided, when and why, and telling the applicant. The building block of
    `application_decline`, the draw (`draw` names it) and the chair's confirmation; call inside
    their transaction."""
    reason = (reason or "").strip()
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.reason = reason
    transition(
        application,
        "decline",
        actor=actor,
        reason=reason,
        data={"fund": application.fund.slug, "draw": getattr(draw, "pk", None)},
        update_fields=["decided_at", "decided_by", "reason"],
    )
    tell_decision(application=application, reason=reason)
    return application
