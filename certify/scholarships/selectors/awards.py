"""Reads of awards: a fund's and a person's, those due to expire or waiting for an enrollment,
and a fund's money."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum

from certify.accounts.models import User
from certify.core.money import Money
from certify.programs.api import program_day_shift
from certify.programs.models import Program
from certify.scholarships.models import Award, Fund, Purpose


def award_list_for_fund(*, fund: Fund) -> QuerySet[Award]:
    return (
        Award.objects.filter(fund=fund)
        .select_related("recipient", "application", "invoice", "payment", "draw", "fund")
        .order_by("-awarded_on", "-id")
    )


def award_list_for_user(*, user: User) -> QuerySet[Award]:
    return (
        Award.objects.filter(recipient=user)
        .select_related("fund", "fund__sponsor", "invoice")
        .order_by("-awarded_on", "-id")
    )


def last_award_by_sponsor(*, user: User) -> dict[int, date]:
    """The day of the person's latest live award from each sponsor (withdrawn ones do not count)."""
    rows = (
        Award.objects.filter(recipient=user, status__in=Award.LIVE)
        .values("fund__sponsor_id")
        .annotate(last=Max("awarded_on"))
        .order_by()
    )
    return {row["fund__sponsor_id"]: row["last"] for row in rows}


def awards_past_use_by(*, today: date) -> list[tuple[Award, date]]:
    """Committed awards past their use-by day, each with its fund's program's day: `today` is
    the site's (the scheduler's), moved to each program's (ADR 0036). One query per distance
    from the site's day (-1, 0, +1), each on the index on (status, use-by day), after two small
    reads of the programs."""
    default = Program.objects.filter(slug=settings.DEFAULT_PROGRAM).values("time_zone").first()
    shifts: dict[timedelta, Q] = {}
    for pk, zone in Program.objects.values_list("pk", "time_zone"):
        shift = program_day_shift(zone)
        shifts[shift] = shifts.get(shift, Q(pk__in=[])) | Q(fund__program_id=pk)
    none_shift = program_day_shift(default["time_zone"] if default else "")
    shifts[none_shift] = shifts.get(none_shift, Q(pk__in=[])) | Q(fund__program__isnull=True)
    found = []
    for shift, of_programs in shifts.items():
        day = today + shift
        awards = Award.objects.filter(of_programs, status=Award.Status.COMMITTED, use_by__lt=day)
        found += [(award, day) for award in awards.order_by("id")]
    return sorted(found, key=lambda pair: pair[0].pk)


def awards_waiting_for_enrollment(*, recipient_id: int | None = None) -> list[Award]:
    """Committed enrollment awards not yet on an invoice (their recipient's program has not
    accepted them yet), oldest first; one recipient's when `recipient_id` is given."""
    waiting = Award.objects.filter(
        status=Award.Status.COMMITTED, purpose=Purpose.ENROLLMENT, invoice__isnull=True
    )
    if recipient_id is not None:
        waiting = waiting.filter(recipient_id=recipient_id)
    return list(waiting.order_by("id"))


def award_money(*, fund: Fund) -> dict[str, Any]:
    """Budget, committed, paid, remaining and returned money, and the live awards by purpose."""
    returned = Award.objects.filter(
        fund=fund, status__in=[Award.Status.WITHDRAWN, Award.Status.EXPIRED]
    ).aggregate(cents=Sum("amount_cents", default=0), n=Count("id"))
    by_purpose = (
        Award.objects.filter(fund=fund, status__in=Award.LIVE)
        .values("purpose")
        .annotate(cents=Sum("amount_cents"), n=Count("id"))
        .order_by("purpose")
    )
    return {
        "budget": fund.budget,
        "committed": fund.committed,
        "paid": fund.paid,
        "remaining": fund.remaining,
        "returned": Money(int(returned["cents"]), fund.currency),
        "returned_count": returned["n"],
        "by_purpose": [
            {
                "label": Purpose(row["purpose"]).label,
                "count": row["n"],
                "amount": Money(int(row["cents"] or 0), fund.currency),
            }
            for row in by_purpose
        ],
    }


def class_awards_payable_since(awards: Iterable[Award]) -> dict[int, date | None]:
    """The day each class award became payable: the day its recipient enrolled in the fund's
    program (their current application there accepted, `class_award_payable`'s rule), None
    while they have not. Read for a whole list at once: at most two queries (the default
    program, the applications), however many awards. Awards of other purposes are left out."""
    from certify.applications.api import applications_current_of  # it imports much more

    awards = [a for a in awards if a.purpose == Purpose.CLASS]
    if not awards:
        return {}
    default: int | None = None
    if any(not a.fund.program_id for a in awards):
        programs = Program.objects.filter(slug=settings.DEFAULT_PROGRAM)
        default = programs.values_list("pk", flat=True).first()
    program_of = {a.pk: a.fund.program_id or default or 0 for a in awards}
    current = applications_current_of(
        candidate_ids={a.recipient_id for a in awards},
        program_ids={p for p in program_of.values() if p},
    )
    found: dict[int, date | None] = {}
    for award in awards:
        application = current.get((award.recipient_id, program_of[award.pk]))
        accepted = application is not None and application.status == "accepted"
        found[award.pk] = application.enrolled_on if application and accepted else None
    return found
