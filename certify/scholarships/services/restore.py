"""An enrollment award ended by its recipient's rejection, brought back when an appeal sends
that rejection back (ADR 0050, "Awards after an appeal").

The rejection returned the award's money to the fund, where the committee may have awarded it
again; restoring takes it back only under the fund's lock, if the fund can still make the award
and the sponsor's one award in any N months allows it. Otherwise the award stays ended: the
recipient is told why, and the sponsor's administrators, who may award them again.
"""

from datetime import date

from django.db import transaction

from certify.core.locking import name_lock
from certify.core.workflow import SYSTEM, transition
from certify.notifications.api import notify
from certify.scholarships.eligibility import cooldown_ends, in_cooldown, long_date
from certify.scholarships.models import Award, SponsorMember
from certify.scholarships.selectors import fund_program, fund_terms, fund_today
from certify.scholarships.services.award_rules import capacity_problem
from certify.scholarships.services.awards import award_sync
from certify.scholarships.services.common import (
    award_lock,
    enrollment_waits,
    fund_lock,
    fund_totals_refresh,
    person_name,
)

Status = Award.Status


def _cooldown_problem(award: Award, *, name: str = "") -> str:
    """Another live award of the sponsor's to the recipient within the cooldown of this one's
    day, either side: restoring would give two in the sponsor's N months. "" when none."""
    fund = award.fund
    months = fund.cooldown_months
    others = Award.objects.filter(
        recipient_id=award.recipient_id, fund__sponsor_id=fund.sponsor_id, status__in=Award.LIVE
    ).exclude(pk=award.pk)
    for other in others.order_by("awarded_on"):
        first, then = sorted((other.awarded_on, award.awarded_on))
        if in_cooldown(last_award_on=first, months=months, on=then):
            sponsor = fund_terms(fund).sponsor
            who = f"{name} received" if name else "You received"
            again = long_date(cooldown_ends(awarded_on=other.awarded_on, months=months))
            return (
                f"{who} another {sponsor} scholarship award on {long_date(other.awarded_on)}; "
                f"{sponsor} gives one award per person in any {months} months (the next from "
                f"{again})."
            )
    return ""


def _problem(award: Award, today: date, *, name: str = "") -> str:
    """Why the award cannot be restored today (to the recipient, or given `name` the sponsor)."""
    if award.use_by < today:
        return f"Its use-by day, {long_date(award.use_by)}, has passed."
    return capacity_problem(award.fund, award.amount_cents) or _cooldown_problem(award, name=name)


@transaction.atomic
def award_restore(*, award: Award, today: date | None = None) -> Award:
    """Restore an award ended by the rejection an appeal has sent back, once. Safe to repeat.

    Lock order as for an award: the fund, the award, then the recipient for the sponsor (the
    cooldown spans the sponsor's funds). Restored, it waits for the program's acceptance (or
    goes on the enrollment invoice issued again: `award_sync`), its money committed again.
    """
    fund = fund_lock(award.fund_id)
    award = award_lock(award)
    award.fund = fund
    if award.status != Status.WITHDRAWN or award.ended_by_rejection_of is None:
        return award
    name_lock(f"scholarship-award:{fund.sponsor_id}:{award.recipient_id}")
    today = today or fund_today(fund)
    program = fund_program(fund)
    problem = _problem(award, today)
    award.ended_by_rejection_of = None  # once: restored, or everyone told why not
    if problem:
        award.save(update_fields=["ended_by_rejection_of"])
        _tell(award, restored=False, problem=problem)
        _tell_sponsor(award, problem=_problem(award, today, name=person_name(award.recipient)))
        return award
    award.ended_on = None
    award.ended_by = None
    award.end_reason = ""
    award.invoice = None  # the rejection closed it; the credit goes on the one issued now
    award.credit_source = ""
    award.note = enrollment_waits(program) if program else ""
    transition(
        award,
        "restore",
        actor=SYSTEM,
        data={"fund": fund.slug, "amount_cents": award.amount_cents},
        update_fields=[
            "ended_on",
            "ended_by",
            "end_reason",
            "invoice",
            "credit_source",
            "note",
            "ended_by_rejection_of",
        ],
    )
    fund_totals_refresh(fund)
    award = award_sync(award=award, today=today)
    _tell(award, restored=True)
    return award


def awards_restore_after_appeal(*, application_id: int) -> list[Award]:
    """Every award the rejection of this program application ended, restored where it can be."""
    return [
        award_restore(award=award)
        for award in Award.objects.filter(ended_by_rejection_of=application_id).order_by("id")
    ]


def _tell(award: Award, *, restored: bool, problem: str = "") -> None:
    from certify.scholarships.services.notices import how_it_is_used

    fund = award.fund
    program = fund_program(fund)
    notify(
        recipient=award.recipient,
        event="scholarship.award_restored",
        context={
            "program": program,
            "restored": restored,
            "fund_name": fund.name,
            "sponsor": fund.sponsor.name,
            "amount": award.amount.with_cents(),
            "program_name": program.short_name if program else "",
            "how_used": how_it_is_used(award) if restored else "",
            "problem": problem,
        },
        link=award.application.get_absolute_url(),
    )


def _tell_sponsor(award: Award, *, problem: str) -> None:
    fund = award.fund
    program = fund_program(fund)
    admins = SponsorMember.objects.filter(
        sponsor_id=fund.sponsor_id, role=SponsorMember.Role.ADMIN
    ).select_related("user")
    for admin in admins.order_by("id"):
        notify(
            recipient=admin.user,
            event="scholarship.award_not_restored",
            context={
                "program": program,
                "recipient_name": person_name(award.recipient),
                "fund_name": fund.name,
                "amount": award.amount.with_cents(),
                "program_name": program.short_name if program else "",
                "problem": problem,
            },
            link=award.application.get_absolute_url(),
        )
