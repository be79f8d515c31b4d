"""The continuing-education reads: the requirement in words, each activity's hours and whether
they count, the certificate's period, the progress toward the requirement, and the activities
the holder's earlier renewals counted (ADR 0014: an activity counts toward one renewal only)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from certify.certificates.models import Certificate
from certify.programs import api as programs_api
from certify.programs.models import CompetencySet, Program
from certify.renewals import ce
from certify.renewals.models import CeActivity, Renewal
from certify.renewals.selectors.holder import (
    ce_activity_list,
    certificate_lifecycle,
    renewal_live_for,
)


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


def counted_before(*, certificate: Certificate) -> dict[int, ce.CountedBefore]:
    """Activity id → the approved renewal of the holder's earlier certificates of the program it
    counted toward (one query). The certificate's own renewal, under way or approved, is not
    earlier: its activities are this period's."""
    rows = (
        Renewal.activities.through.objects.filter(
            renewal__holder_id=certificate.holder_id,
            renewal__program_id=certificate.program_id,
            renewal__status=Renewal.Status.APPROVED,
            renewal__new_certificate__isnull=False,
        )
        .exclude(renewal__certificate_id=certificate.pk)
        .values_list(
            "ceactivity_id",
            "renewal_id",
            "renewal__decided_at",
            "renewal__new_certificate__issued_on",
        )
        .order_by("renewal__submitted_at", "renewal_id")
    )
    found: dict[int, ce.CountedBefore] = {}
    for activity_id, renewal_id, decided_at, issued_on in rows:
        # An approved renewal made its certificate: decided, or at least issued.
        approved_on = (
            programs_api.program_day(decided_at, certificate.program) if decided_at else issued_on
        )
        if approved_on is None:
            continue
        found[activity_id] = ce.CountedBefore(renewal_id, approved_on)
    return found
