"""Class awards paid out by the sponsor, to the candidate or to the class's provider.

A class award is paid once its recipient has enrolled in the program whose fees the fund pays
(the program accepted their application: its `enrolled_on`, a day in the program's time zone):
recording its payment before then is refused, and a payment is never dated before that day.
A payment recorded stands whatever happens to the enrollment after it (the money was paid out).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.workflow import check, transition
from certify.scholarships.eligibility import long_date
from certify.scholarships.models import Award, AwardPayment, Purpose
from certify.scholarships.selectors import fund_program, fund_today
from certify.scholarships.services.common import (
    award_lock,
    fund_lock,
    fund_totals_refresh,
    person_name,
)

Status = Award.Status


@dataclass(frozen=True)
class Payable:
    """When a class award may be paid: `since` is the day its recipient enrolled (None: not
    enrolled yet, and `words` say so); `words` are for the sponsor and the recipient."""

    since: date | None
    words: str


def class_award_payable(award: Award) -> Payable:
    """When the class award may be paid: from the day its recipient enrolled in the fund's
    program (their current application accepted), or not yet. One or two queries."""
    from certify.applications.api import application_current_for  # it imports much more

    program = fund_program(award.fund)
    name = person_name(award.recipient)
    if program is None:
        return Payable(None, f"{name} can enroll in no program here, so it cannot be paid yet.")
    application = application_current_for(candidate=award.recipient, program=program)
    enrolled_on = application.enrolled_on if application is not None else None
    if application is None or application.status != "accepted" or enrolled_on is None:
        state = (
            "they have no application to it"
            if application is None
            else f"their application is “{application.get_status_display()}”"
        )
        return Payable(
            None,
            f"Payable once {name} has enrolled in {program.short_name} (the program accepts "
            f"their application); today {state}. It cannot be recorded as paid before then.",
        )
    return Payable(
        enrolled_on,
        f"Payable since {long_date(enrolled_on)}, the day {name} enrolled in {program.short_name}.",
    )


@transaction.atomic
def award_payment_record(
    *,
    award: Award,
    actor: User,
    payee: str,
    payee_name: str,
    reference: str,
    paid_on: date | None = None,
) -> AwardPayment:
    """The sponsor paid a class award, to the candidate (reimbursed) or to the class provider."""
    fund = fund_lock(award.fund_id)
    award = award_lock(award)
    award.fund = fund
    if award.status != Status.COMMITTED:
        raise DomainError(
            f"This award is {award.get_status_display().lower()}: there is nothing to pay."
        )
    check(award, "record_payment", actor=actor)
    if award.purpose != Purpose.CLASS:
        raise DomainError(
            "Only class awards are paid out by the sponsor; this award is a credit on an invoice."
        )
    if payee not in AwardPayment.Payee.values:
        raise DomainError(
            "Choose who was paid: the candidate or the class provider.", field="payee"
        )
    payee_name = payee_name.strip() or (
        person_name(award.recipient) if payee == AwardPayment.Payee.CANDIDATE else ""
    )
    if not payee_name:
        raise DomainError("Enter the name of the class provider who was paid.", field="payee_name")
    reference = reference.strip()
    if not reference:
        raise DomainError("Enter the check number or transfer reference.", field="reference")
    payable = class_award_payable(award)
    if payable.since is None:
        raise DomainError(f"This class award is not payable yet. {payable.words}")
    today = fund_today(fund)
    paid_on = paid_on or today
    if paid_on > today:
        raise DomainError("The payment cannot have been made in the future.", field="paid_on")
    if paid_on < payable.since:
        raise DomainError(
            f"The payment cannot have been made before {person_name(award.recipient)} enrolled "
            f"({long_date(payable.since)}): the award is paid once they have.",
            field="paid_on",
        )
    if paid_on < award.awarded_on:
        raise DomainError(
            "The payment cannot have been made before the award was made "
            f"({long_date(award.awarded_on)}).",
            field="paid_on",
        )
    payment = AwardPayment.objects.create(
        award=award,
        payee=payee,
        payee_name=payee_name,
        reference=reference,
        paid_on=paid_on,
        amount_cents=award.amount_cents,
        recorded_by=actor,
    )
    award.paid_on = paid_on
    award.note = ""
    transition(
        award,
        "record_payment",
        actor=actor,
        data={"payee": payee, "payee_name": payee_name, "reference": reference},
        update_fields=["paid_on", "note"],
    )
    fund_totals_refresh(fund)
    return payment
