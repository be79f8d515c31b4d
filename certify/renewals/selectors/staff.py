"""What staff's renewal pages, the staff home and the reports read: one renewal with its
history, the queue with its filters, the lapsed certificates, and the approved renewals."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from certify.accounts.api import Waiting, oldest_waiting
from certify.accounts.models import User
from certify.casework.api import assignment_q
from certify.certificates.api import program_today
from certify.certificates.models import Certificate
from certify.programs.models import Program
from certify.renewals.lifecycle import add_months
from certify.renewals.models import CeActivity, Reinstatement, Renewal, RenewalTransition


def renewal_find(*, pk: int) -> Renewal | None:
    return (
        Renewal.objects.select_related(
            "certificate",
            "holder",
            "program",
            "invoice",
            "new_certificate",
            "decided_by",
            "assigned_to",
        )
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=CeActivity.objects.select_related("program").prefetch_related(
                    "competency_sets"
                ),
            ),
            Prefetch("transitions", queryset=RenewalTransition.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )


STAFF_FILTERS = [s.value for s in Renewal.Status]


def renewals_to_audit() -> Waiting:
    """For the staff home: renewals whose evidence staff are checking (the staff list's
    filter by that status) and the oldest application, with its program's time zone (one
    query)."""
    return oldest_waiting(
        Renewal.objects.filter(status=Renewal.Status.IN_AUDIT),
        "submitted_at",
        zone="program__time_zone",
    )


def renewal_staff_list(
    *,
    status: str = "",
    audited: str = "",
    search: str = "",
    assigned: str = "",
    viewer: User | None = None,
    program: str = "",
) -> QuerySet[Renewal]:
    """Every renewal for staff: evidence checks first, then newest. `assigned`: "me" (the
    `viewer`'s renewals) or "none" (unassigned); `program`: one program's (its slug). Each
    carries its certificate's latest reinstatement's day (`last_renew_by`), so whether it can be
    approved (`fee.renewal_approval_refusal`) is read with no query per renewal."""
    reinstated = Reinstatement.objects.filter(certificate=OuterRef("certificate")).order_by(
        "-renew_by"
    )
    qs = (
        Renewal.objects.select_related(
            "certificate__program", "holder", "program", "invoice", "assigned_to"
        )
        .annotate(last_renew_by=Subquery(reinstated.values("renew_by")[:1]))
        .order_by("-audited", "-submitted_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if program:
        qs = qs.filter(program__slug=program)
    if audited == "yes":
        qs = qs.filter(audited=True)
    elif audited == "no":
        qs = qs.filter(audited=False)
    if search:
        qs = qs.filter(
            Q(certificate__number__icontains=search)
            | Q(certificate__holder_name__icontains=search)
            | Q(holder__email__icontains=search)
        )
    if assigned:
        qs = qs.filter(assignment_q(assigned, user=viewer))
    return qs


def lapse_threshold(*, today: date, grace_months: int) -> date:
    """The earliest expiry date that has not lapsed on `today`: a certificate lapsed exactly
    when its expiry is before this day (add_months is monotonic, so the set is a prefix)."""
    day = add_months(today, -grace_months) - timedelta(days=4)
    while add_months(day, grace_months) < today:
        day += timedelta(days=1)
    return day


def lapsed_condition(programs: Iterable[Program], *, today: date | None = None) -> Q:
    """Certificates of `programs` past their grace period and not reinstated to a later day, as
    one condition on Certificate (no query): on `today`, or without one on each program's today
    (ADR 0036). With `status` valid: the lapsed ones (`certificates_lapsed`, the staff list's
    "Lapsed" filter through `certificates.api.on_lapsed_rows`)."""
    condition = Q(pk__in=[])
    for p in programs:
        day = today or program_today(p)
        threshold = lapse_threshold(today=day, grace_months=p.renewal_grace_months)
        reopened = Reinstatement.objects.filter(certificate=OuterRef("pk"), renew_by__gte=day)
        condition |= Q(program=p, expires_on__lt=threshold) & ~Q(Exists(reopened))
    return condition


def certificates_lapsed(
    *, program: Program | None = None, today: date | None = None
) -> QuerySet[Certificate]:
    """Certificates past their grace period, not renewed, and not reinstated to a later day:
    on `today`, or without one on each program's today (ADR 0036), as its holder's page says."""
    programs = [program] if program is not None else list(Program.objects.all())
    return (
        Certificate.objects.filter(
            lapsed_condition(programs, today=today), status=Certificate.Status.VALID
        )
        .select_related("program", "holder")
        .order_by("expires_on", "id")
    )


def renewals_approved(
    *, program: Program | None = None, since: date | None = None, until: date | None = None
) -> QuerySet[Renewal]:
    """Approved renewals (by the day they were decided), for reports."""
    qs = Renewal.objects.filter(status=Renewal.Status.APPROVED).select_related(
        "certificate", "new_certificate", "holder", "program"
    )
    if program is not None:
        qs = qs.filter(program=program)
    if since is not None:
        qs = qs.filter(decided_at__date__gte=since)
    if until is not None:
        qs = qs.filter(decided_at__date__lte=until)
    return qs.order_by("-decided_at", "-id")
