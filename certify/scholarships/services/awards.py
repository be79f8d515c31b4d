"""Awards: made under the fund's row lock, used as an invoice credit or a class payment, and
withdrawn or expired back into the fund."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.locking import name_lock
from certify.core.money import Money, currency_name
from certify.core.workflow import SYSTEM, check, transition
from certify.payments.api import (
    enrollment_invoice_for,
    enrollment_invoice_issue,
    invoice_add_credit,
    invoice_is_settled,
    invoice_remove_credit,
    renewal_invoice_for,
)
from certify.payments.models import Invoice
from certify.programs.models import Program
from certify.scholarships.eligibility import add_months, award_amount, long_date
from certify.scholarships.models import (
    Award,
    Draw,
    Purpose,
    ScholarshipApplication,
)
from certify.scholarships.selectors import fund_program, fund_today
from certify.scholarships.services.award_rules import award_obstacles, capacity_problem
from certify.scholarships.services.common import (
    application_lock,
    application_status,
    award_lock,
    enrollment_waits,
    fund_lock,
    fund_totals_refresh,
    person_name,
    rejected_application,
    require_by_hand,
    require_confirmer,
    require_not_competing,
)
from certify.scholarships.services.notices import how_it_is_used, tell_award_ended, tell_decision

Status = Award.Status


def _enrollment_invoice(*, applicant: User, program: Program, actor: Any) -> Invoice | None:
    """The enrollment invoice an award's credit goes on now: the live one, or the one issued
    for an accepted applicant. None while the program has not accepted them (the award waits:
    `award_sync` puts it on the invoice once it is issued) or the invoice waits for a
    membership to be confirmed."""
    invoice = enrollment_invoice_for(user=applicant, program=program)
    if invoice is None and application_status(applicant, program) == "accepted":
        invoice = enrollment_invoice_issue(user=applicant, program=program, actor=actor)
    return invoice


def _credit(*, award: Award, invoice: Invoice, actor: Any, today: date) -> None:
    """Put the award on the invoice as a credit; paid at once (Certify's move) when that settles
    the invoice. The caller recounts the fund."""
    source = f"award:{award.pk}"
    invoice_add_credit(
        invoice=invoice,
        amount=Money(award.amount_cents, award.fund.currency),
        description=f"{award.fund.name}: scholarship award",
        source=source,
        actor=actor,
    )
    invoice.refresh_from_db()
    award.invoice = invoice
    award.credit_source = source
    award.note = ""
    award.save(update_fields=["invoice", "credit_source", "note"])
    if invoice_is_settled(invoice=invoice):
        _mark_paid(award=award, today=today)


@transaction.atomic
def application_award(
    *,
    application: ScholarshipApplication,
    actor: Any,
    reason: str = "",
    today: date | None = None,
    draw: Draw | None = None,
) -> Award:
    """Award the fund's amount to an applicant who still meets its rules.

    The fund's row is locked first, so committee members awarding at the same moment go one
    after another: the award that would pass the fund's budget or award count is refused. The
    applicant is then locked for the sponsor, so two of its funds awarding the same person at
    the same moment go one after another too: the second sees the first award's cooldown. An
    enrollment award becomes a credit on the person's enrollment invoice at once (never more
    than is still owed) once the program has accepted them (until then it waits, and goes on
    the invoice when it is issued); a renewal award goes on their renewal invoice once there is
    one; a class award waits for the sponsor to record the payment.
    """
    fund = fund_lock(application.fund_id)
    application = application_lock(application)
    application.fund = fund
    reason = reason.strip()
    # Before the invoice is made and the money counted: the move's own refusal, in its words.
    check(application, "grant", actor=actor, reason=reason)
    require_confirmer(actor, fund)
    if draw is None:  # a draw's own awards: `draw_run` refused a drawer who applied already
        require_by_hand(fund)
    require_not_competing(actor, fund)
    # The cooldown spans all the sponsor's funds, whose own locks do not meet: after the fund's.
    name_lock(f"scholarship-award:{fund.sponsor_id}:{application.applicant_id}")
    today = today or fund_today(fund)
    if problem := capacity_problem(fund):
        raise DomainError(problem)
    if obstacles := award_obstacles(application=application, today=today):
        raise DomainError(" ".join(obstacles))
    applicant = application.applicant
    amount = fund.award_cents
    invoice: Invoice | None = None
    note = ""
    if application.purpose in (Purpose.ENROLLMENT, Purpose.RENEWAL):
        program = fund_program(fund)
        if program is None:
            raise DomainError(
                "This fund pays a program's fees, but no program is set up: ask program staff."
            )
        if application.purpose == Purpose.ENROLLMENT:
            invoice = _enrollment_invoice(applicant=applicant, program=program, actor=actor)
            note = "" if invoice else enrollment_waits(program)
            if invoice is not None and (
                invoice.status != Invoice.Status.OPEN or invoice.balance_cents <= 0
            ):
                raise DomainError(
                    f"{person_name(applicant)}'s {program.short_name} enrollment fee is already "
                    f"paid (invoice {invoice.code}), so an award toward it could not be used."
                )
        else:
            invoice = renewal_invoice_for(user=applicant, program=program)
            note = "" if invoice else "Waiting for the renewal invoice; the credit goes on it."
        if invoice is not None and invoice.currency != fund.currency:
            raise DomainError(
                f"{person_name(applicant)}'s invoice {invoice.code} is in "
                f"{currency_name(invoice.currency)} and the {fund.name} in "
                f"{currency_name(fund.currency)}: an award cannot go on it, as Certify does not "
                "convert between currencies."
            )
        if invoice is not None:
            amount = award_amount(award_cents=amount, owed_cents=invoice.balance_cents)
    else:
        note = "Waiting for the sponsor to record the payment for the class."
    if problem := capacity_problem(fund, amount):
        raise DomainError(problem)
    award = Award.objects.create(
        application=application,
        fund=fund,
        recipient=applicant,
        purpose=application.purpose,
        amount_cents=amount,
        awarded_on=today,
        use_by=add_months(today, fund.award_valid_months),
        awarded_by=actor,
        draw=draw,
        note=note,
    )
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.reason = reason
    transition(
        application,
        "grant",
        actor=actor,
        reason=reason,
        data={
            "fund": fund.slug,
            "award": award.pk,
            "amount_cents": amount,
            "draw": draw.pk if draw else None,
            "invoice": invoice.code if invoice else None,
        },
        update_fields=["decided_at", "decided_by", "reason"],
    )
    if invoice is not None:
        _credit(award=award, invoice=invoice, actor=actor, today=today)
    fund_totals_refresh(fund)
    tell_decision(application=application, award=award, reason=application.reason)
    return award


def _end(
    *,
    award: Award,
    move: str,
    actor: Any,
    reason: str,
    today: date,
    credit: bool,
    rejected: int | None = None,
) -> None:
    """End a locked, committed award with `move`; its money returns to the fund (recounted).
    `rejected`: the program application whose rejection ended it (an appeal may restore it)."""
    if credit and award.invoice is not None and award.credit_source:
        invoice_remove_credit(
            invoice=award.invoice, source=award.credit_source, reason=reason, actor=actor
        )
    award.ended_on = today
    award.ended_by = actor if isinstance(actor, User) else None
    award.end_reason = reason
    award.ended_by_rejection_of = rejected
    transition(
        award,
        move,
        actor=actor,
        reason=reason,
        data={"fund": award.fund.slug, "amount_cents": award.amount_cents},
        update_fields=["ended_on", "ended_by", "end_reason", "ended_by_rejection_of"],
    )
    fund_totals_refresh(award.fund)
    tell_award_ended(award=award)


def _mark_paid(*, award: Award, today: date) -> None:
    """Certify's move: the invoice carrying the award's credit is settled."""
    award.paid_on = today
    award.note = ""
    transition(
        award,
        "mark_paid",
        actor=SYSTEM,
        data={"invoice": award.invoice.code if award.invoice else None},
        update_fields=["paid_on", "note"],
    )
    fund_totals_refresh(award.fund)


@transaction.atomic
def award_withdraw(*, award: Award, actor: User, reason: str, today: date | None = None) -> Award:
    """The committee (or the recipient, giving it back) withdraws an award not yet used.

    Its money returns to the fund, and a credit already on an unpaid invoice is taken back.
    Once the invoice is paid or the class payment recorded, the award was used: refused.
    """
    reason = (reason or "").strip()
    fund = fund_lock(award.fund_id)
    award = award_lock(award)
    award.fund = fund
    if award.status == Status.PAID:  # rather than the engine's refusal: say how it was used
        raise DomainError(f"This award was used ({how_it_is_used(award)}): it cannot be withdrawn.")
    check(award, "withdraw", actor=actor, reason=reason)
    if award.recipient_id != actor.pk:  # a rival's award would free money for their own
        require_not_competing(actor, fund)
    if award.invoice is not None and invoice_is_settled(invoice=award.invoice):
        raise DomainError(
            f"Invoice {award.invoice.code} is paid, so the award was used: it cannot be withdrawn."
        )
    # A void or refunded invoice no longer asks for the money: there is no credit to take back
    # (its event may not have reached `award_sync` yet), and the money returns all the same.
    cancelled = award.invoice is not None and award.invoice.status in (
        Invoice.Status.REFUNDED,
        Invoice.Status.VOID,
    )
    _end(
        award=award,
        move="withdraw",
        actor=actor,
        reason=reason,
        today=today or fund_today(fund),
        credit=not cancelled,
    )
    return award


@transaction.atomic
def award_sync(*, award: Award, today: date | None = None) -> Award:
    """Bring a committed award up to date with its invoice. Safe to repeat.

    Paid once the invoice carrying its credit is settled; credited on a renewal invoice once the
    person has one, and on the enrollment invoice once it is issued (the program accepted them,
    or they applied where the fee is paid when applying); withdrawn (money back to the fund)
    when its invoice was refunded and so cancelled, or the program did not accept them. Past its
    use-by day and still unused, it expires: see `award_expire`.
    """
    fund = fund_lock(award.fund_id)
    today = today or fund_today(fund)
    award = award_lock(award)
    award.fund = fund
    if award.status != Status.COMMITTED:
        return award
    if award.invoice is not None:
        if invoice_is_settled(invoice=award.invoice):
            _mark_paid(award=award, today=today)
        elif award.invoice.status in (Invoice.Status.REFUNDED, Invoice.Status.VOID):
            how = "void" if award.invoice.status == Invoice.Status.VOID else "refunded and canceled"
            _end(
                award=award,
                move="return_refunded",
                actor=SYSTEM,
                reason=f"Invoice {award.invoice.code} was {how}, so the award was not used.",
                today=today,
                credit=False,
                rejected=rejected_application(award),  # a rejection closes the invoice
            )
    elif (program := fund_program(fund)) is None:
        return award
    elif rejected := rejected_application(award):
        _end(
            award=award,
            move="return_refunded",
            actor=SYSTEM,
            reason=f"The application to {program.short_name} was not accepted, so the award "
            "was not used.",
            today=today,
            credit=False,
            rejected=rejected,
        )
    elif award.purpose in (Purpose.RENEWAL, Purpose.ENROLLMENT):
        if award.purpose == Purpose.RENEWAL:
            invoice = renewal_invoice_for(user=award.recipient, program=program)
        else:
            invoice = enrollment_invoice_for(user=award.recipient, program=program)
            if invoice is not None and invoice.status != Invoice.Status.OPEN:
                invoice = None  # paid without it: it waits, and expires unused
        if invoice is not None and invoice.currency != fund.currency:
            # Crediting would fail, and it runs while the candidate submits their renewal.
            award.note = (
                f"Not on {award.purpose} invoice {invoice.code}: it is in "
                f"{currency_name(invoice.currency)} and the {fund.name} in "
                f"{currency_name(fund.currency)}, and Certify does not convert between currencies."
            )
            award.save(update_fields=["note"])
        elif invoice is not None and invoice.balance_cents > 0:
            if invoice.balance_cents < award.amount_cents:
                award.amount_cents = invoice.balance_cents  # the rest returns to the fund
                award.save(update_fields=["amount_cents"])
            _credit(award=award, invoice=invoice, actor=None, today=today)
            fund_totals_refresh(fund)
    return award


@transaction.atomic
def award_expire(*, award: Award, today: date | None = None) -> Award:
    """Return an award to its fund when it was not used by its use-by day (in its program's
    time zone, by default). Safe to repeat."""
    award = award_sync(award=award, today=today)
    today = today or fund_today(award.fund)
    if award.status != Status.COMMITTED or award.use_by >= today:
        return award
    _end(
        award=award,
        move="expire",
        actor=SYSTEM,
        reason=f"Not used by {long_date(award.use_by)}, so the money returned to the fund.",
        today=today,
        credit=True,
    )
    return award
