"""Reads for renewals; list pages keep a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from certify.accounts.api import (
    Turnaround,
    Waiting,
    oldest_waiting,
    turnaround_from,
    turnaround_since,
)
from certify.accounts.models import User
from certify.applications.api import framework_version_of
from certify.casework.api import assignment_q
from certify.certificates.api import program_today
from certify.certificates.models import Certificate
from certify.core.undo import recently_removed
from certify.programs import api as programs_api
from certify.programs.models import CompetencySet, Program
from certify.renewals import ce
from certify.renewals.earlier import counted_before
from certify.renewals.lifecycle import Lifecycle, Phase, add_months, lifecycle
from certify.renewals.models import CeActivity, Reinstatement, Renewal, RenewalTransition

IN_CYCLE = [Certificate.Status.VALID, Certificate.Status.SUSPENDED]


def certificate_current_for(*, holder: User, program: Program | None = None) -> Certificate | None:
    """The holder's certificate in the renewal cycle: issued, not replaced or revoked; newest.
    With a `program`, that program's (a holder may hold certificates of several programs)."""
    certificates = Certificate.objects.filter(holder=holder, status__in=IN_CYCLE)
    if program is not None:
        certificates = certificates.filter(program=program)
    return certificates.select_related("program").order_by("-expires_on", "-id").first()


def certificates_current_for(*, holder: User) -> list[Certificate]:
    """The holder's certificate in the renewal cycle in each program, newest first."""
    found: dict[int, Certificate] = {}
    for certificate in (
        Certificate.objects.filter(holder=holder, status__in=IN_CYCLE)
        .select_related("program")
        .order_by("-expires_on", "-id")
    ):
        found.setdefault(certificate.program_id, certificate)
    return list(found.values())


def renew_by_for(*, certificate: Certificate) -> date | None:
    """The last day to renew that staff set when reinstating it, if any."""
    return (
        Reinstatement.objects.filter(certificate=certificate)
        .aggregate(last=Max("renew_by"))
        .get("last")
    )


def certificate_lifecycle(
    *, certificate: Certificate, today: date | None = None, renew_by: date | None = None
) -> Lifecycle | None:
    """The certificate's phase on `today` (None for one not issued yet)."""
    if certificate.expires_on is None:
        return None
    if renew_by is None and certificate.pk:
        renew_by = renew_by_for(certificate=certificate)
    program = certificate.program
    return lifecycle(
        status=certificate.status,
        expires_on=certificate.expires_on,
        today=today or program_today(program),  # the day the certificate's dates are in
        window_months=program.renewal_window_months,
        grace_months=program.renewal_grace_months,
        renew_by=renew_by,
    )


# For `certificate_lifecycle`: no reinstatement to look up (its `max` keeps the grace period's day).
NO_REINSTATEMENT = date.min


def lapsed_on(
    *, certificate: Certificate, today: date | None = None, renew_by: date | None = None
) -> date | None:
    """The first day the certificate has lapsed, when on `today` (the program's day, by default
    now) its last day to renew has passed: the grace period's, or a later one staff reinstated
    it until. None while it can still be renewed, or when staff stopped it. One query, none
    when `renew_by` (the latest reinstatement's day, read already; `NO_REINSTATEMENT`) is given."""
    cycle = certificate_lifecycle(certificate=certificate, today=today, renew_by=renew_by)
    if cycle is None or cycle.phase != Phase.LAPSED:
        return None
    return cycle.lapses_on


def technology_set(*, program: Program) -> CompetencySet | None:
    """The technology set of the published framework version (its code is the rule)."""
    code = program.renewal_technology_set_code
    if not code:
        return None
    return programs_api.competency_sets_of(program_id=program.pk).filter(code=code).first()


def ce_requirement_words(*, program: Program) -> str:
    """The renewal's continuing education in words: "32 hours of continuing education, at least 4
    of them on Technology"; a program with no minimum on a set says only the hours."""
    words = f"{program.renewal_ce_hours} hours of continuing education"
    minimum = program.renewal_technology_hours
    tech = technology_set(program=program) if minimum else None
    if tech is None:
        return words
    return f"{words}, at least {minimum} of them on {tech.name}"


def holder_sets(*, holder: User, program: Program) -> QuerySet[CompetencySet]:
    """The sets a holder tags continuing education with: those of the framework version they
    enrolled under (ADR 0056), the published one for a holder without one."""
    version = framework_version_of(candidate=holder, program_id=program.pk)
    return programs_api.competency_sets_of(program_id=program.pk, version=version)


def ce_activity_list(*, holder: User, program: Program | None = None) -> QuerySet[CeActivity]:
    qs = CeActivity.objects.filter(holder=holder).select_related("program")
    if program is not None:
        qs = qs.filter(program=program)
    return qs.prefetch_related(
        Prefetch("competency_sets", queryset=CompetencySet.objects.order_by("order"))
    ).order_by("-completed_on", "-id")


def ce_activities_removed_recently(*, holder: User, program: Program) -> list[CeActivity]:
    """The holder's activities removed recently enough to be put back (ADR 0040)."""
    return list(recently_removed(CeActivity.with_removed.filter(holder=holder, program=program)))


def ce_activity_find(*, holder: User, pk: int) -> CeActivity | None:
    """One of the holder's own activities (someone else's is not found)."""
    return ce_activity_list(holder=holder).filter(pk=pk).first()


def counted(activity: CeActivity, *, technology_set_id: int | None) -> ce.Counted:
    # Only the program's own sets tie an activity (the forms and the API offer no other; a set
    # of another program, put there by hand, ties nothing). Any version's set is the program's.
    sets = [s for s in activity.competency_sets.all() if s.program_id == activity.program_id]
    return ce.Counted(
        completed_on=activity.completed_on,
        hours=ce.activity_hours(
            program=activity.program, format=activity.format, amount=activity.amount
        ),
        tied=bool(sets),
        # By the rule's code: the technology set of whichever version the activity was tagged
        # with (ADR 0056).
        technology=technology_set_id is not None
        and any(
            s.pk == technology_set_id or s.code == activity.program.renewal_technology_set_code
            for s in sets
        ),
    )


def ce_activity_rows(
    *, activities: list[CeActivity], progress: ce.Progress
) -> list[tuple[CeActivity, Decimal, str]]:
    """Each activity with its hours and why they do not count ("" when they do), for the
    holder's log on the page and in the API; for one an earlier renewal counted, that
    renewal's words."""
    rows = []
    for activity in activities:
        row = counted(activity, technology_set_id=None)  # whether on technology: not asked
        why = ce.why_not_counted(
            row,
            period_start=progress.period_start,
            period_end=progress.period_end,
            untied_count=progress.untied_count,
            counted_toward=progress.counted_before.get(activity.pk),
        )
        rows.append((activity, row.hours, why))
    return rows


@dataclass(frozen=True)
class CePeriod:
    """Where a certificate's activities count: completed from `start` to `end`, and tied to a
    set unless its renewal under way was made before that rule (`untied_count`)."""

    start: date
    end: date
    untied_count: bool
    # Counted toward an approved renewal of an earlier certificate: activity id → that renewal.
    counted_before: dict[int, ce.CountedBefore] = field(default_factory=dict)


def ce_period(*, certificate: Certificate) -> CePeriod | None:
    """The certificate's certification period (None for a certificate not issued yet)."""
    cycle = certificate_lifecycle(certificate=certificate)
    if certificate.issued_on is None or cycle is None:
        return None
    renewal = renewal_live_for(certificate=certificate)
    start, before = renewed_from(certificate=certificate)
    return CePeriod(
        start,
        cycle.grace_ends_on,
        untied_count=renewal is not None and renewal.untied_hours_count,
        counted_before=before,
    )


def ce_activity_why_not(activity: CeActivity, *, period: CePeriod | None) -> str:
    """Why the activity's hours do not count ("" when they do); without a `period` (no
    certificate of its program in the cycle), only whether it is tied to a set."""
    row = counted(activity, technology_set_id=None)
    if period is None:
        return "" if row.tied else ce.NOT_TIED
    return ce.why_not_counted(
        row,
        period_start=period.start,
        period_end=period.end,
        untied_count=period.untied_count,
        counted_toward=period.counted_before.get(activity.pk),
    )


def ce_activities_counted(
    activities: list[CeActivity], *, progress: ce.Progress
) -> list[CeActivity]:
    """The activities whose hours count in the progress (a renewal is made of these)."""
    return [
        a
        for a, _, why_not in ce_activity_rows(activities=activities, progress=progress)
        if not why_not
    ]


def ce_progress(
    *,
    certificate: Certificate,
    activities: list[CeActivity] | None = None,
    today: date | None = None,
    extra: list[ce.Counted] | None = None,
    renewal: Renewal | None = None,
) -> ce.Progress:
    """Progress toward the requirement in the certificate's period (issue to last day to
    renew). `extra` adds unsaved activities (the live preview while the holder types). With the
    certificate's `renewal` under way, toward the requirement it was submitted under."""
    program = certificate.program
    if activities is None:
        activities = list(ce_activity_list(holder=certificate.holder, program=program))
    tech = technology_set(program=program)
    cycle = certificate_lifecycle(certificate=certificate, today=today)
    if certificate.issued_on is None or cycle is None:
        raise ValueError("Progress is counted for an issued certificate.")
    start, before = renewed_from(certificate=certificate)
    rows = [
        counted(a, technology_set_id=tech.pk if tech else None)
        for a in activities
        if a.pk not in before
    ]
    return ce.progress(
        program=program,
        activities=rows + (extra or []),
        period_start=start,
        period_end=cycle.grace_ends_on,
        required=renewal.hours_required if renewal is not None else None,
        required_technology=renewal.technology_hours_required if renewal is not None else None,
        untied_count=renewal is not None and renewal.untied_hours_count,
        counted_before=before,
        minimum_on=tech.name if tech else "",
    )


def renewed_from(*, certificate: Certificate) -> tuple[date, dict[int, ce.CountedBefore]]:
    """Where the certificate's period starts, and the activities that may not count in it: its
    issue day; for a certificate a renewal made, the day that renewal was submitted (in the
    program's time zone). The activities: those the holder's earlier renewals of the program
    counted, each with the renewal it counted toward (ADR 0014). Two queries."""
    if certificate.issued_on is None:
        raise ValueError("A certificate not issued yet has no period.")
    before = counted_before(certificate=certificate)
    made_by = Renewal.objects.filter(new_certificate=certificate).only("pk", "submitted_at").first()
    if made_by is None:
        return certificate.issued_on, before
    submitted = programs_api.program_day(made_by.submitted_at, certificate.program)
    return min(submitted, certificate.issued_on), before


def renewal_live_for(*, certificate: Certificate) -> Renewal | None:
    """The certificate's renewal in progress or approved, if any."""
    return (
        Renewal.objects.filter(certificate=certificate, status__in=[*Renewal.OPEN, "approved"])
        .select_related("invoice", "new_certificate", "program")  # its day is the program's
        .first()
    )


def renewal_list_for_holder(*, holder: User) -> QuerySet[Renewal]:
    return Renewal.objects.filter(holder=holder).select_related(
        "certificate", "new_certificate", "invoice", "program"
    )


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


def renewal_turnaround(*, program: Program) -> Turnaround:
    """How long the program took to decide renewals in the last 90 days, from the holder's
    application to the decision (one query)."""
    pairs = Renewal.objects.filter(
        program=program,
        status__in=[Renewal.Status.APPROVED, Renewal.Status.REFUSED],
        decided_at__gte=turnaround_since(),
    ).values_list("submitted_at", "decided_at")
    return turnaround_from(pairs, what="a renewal", target_days=program.target_renewal_days)
