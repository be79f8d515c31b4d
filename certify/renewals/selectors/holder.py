"""What the holder's pages read: their certificate in the renewal cycle and its phase, their
CE log's activities, their renewals, and how long the program takes to decide one."""

from datetime import date

from django.db.models import Max, Prefetch, QuerySet

from certify.accounts.api import Turnaround, turnaround_from, turnaround_since
from certify.accounts.models import User
from certify.applications.api import framework_version_of
from certify.certificates.api import program_today
from certify.certificates.models import Certificate
from certify.core.undo import recently_removed
from certify.programs import api as programs_api
from certify.programs.models import CompetencySet, Program
from certify.renewals.lifecycle import Lifecycle, Phase, lifecycle
from certify.renewals.models import CeActivity, Reinstatement, Renewal

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


def renewal_turnaround(*, program: Program) -> Turnaround:
    """How long the program took to decide renewals in the last 90 days, from the holder's
    application to the decision (one query)."""
    pairs = Renewal.objects.filter(
        program=program,
        status__in=[Renewal.Status.APPROVED, Renewal.Status.REFUSED],
        decided_at__gte=turnaround_since(),
    ).values_list("submitted_at", "decided_at")
    return turnaround_from(pairs, what="a renewal", target_days=program.target_renewal_days)
