"""The daily job's renewal reminders and lapse notices."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery

from certify.certificates.models import Certificate
from certify.core.events import publish
from certify.notifications.api import last_completed_day, notify
from certify.programs.api import program_day_shift, program_zone
from certify.programs.models import Program
from certify.renewals import fee, selectors
from certify.renewals.events import CERTIFICATE_LAPSED
from certify.renewals.lifecycle import (
    Phase,
    add_months,
    lapse_notice_due,
    reminder_due,
)
from certify.renewals.models import Reinstatement, Renewal
from certify.renewals.services.applications import _link

JOB = "renewals.reminders"  # the daily job's name (handlers.py)


# A daily run covers the days since the last completed one, at most this many (a scheduler
# stopped longer sends the last month's reminders only; the lapse notice's own limit is 30 days).
CATCH_UP_DAYS = 31
# Expiry-day ranges are widened by this much at each end: calendar months are uneven (31 March
# minus a month is 28 February). The certificates read for the slack are then left alone: only
# a milestone (or lapse) that fell between `since` and `today` is sent.
SLACK = timedelta(days=3)
# A renewal past the holder's part (paid, or with staff): its certificate gets no reminder, but
# it still lapses at the end of its last day to renew, with its notice and event (ADR 0014).
WITH_STAFF = tuple(status for status in Renewal.OPEN if status != Renewal.Status.SUBMITTED)
# The renewals that bear on the notices: a certificate has one of them at most, and the partial
# unique index of that rule (`one_live_renewal_per_certificate`, on these very statuses) finds it.
LIVE = (*Renewal.OPEN, Renewal.Status.APPROVED)


def reminders_send(*, today: date, since: date | None = None) -> tuple[int, int]:
    """Reminders at the months before expiry the program's schedule names and a notice at
    lapse, each once.

    Only the latest milestone reached is sent (a scheduler that missed days still sends it; one
    that starts long after a milestone never sends it); the lapse notice goes out within 30 days
    of the lapse. Certificates with a renewal paid or with staff get no reminder, and a lapse
    notice that says staff still decide it (the certificate lapses on its day all the same, with
    its event: ADR 0014); a renewed one gets nothing; one still waiting for its fee gets both,
    saying the fee is owed.

    Only the certificates a milestone or a lapse fell due for between `since` and `today` are
    read (by the index on status and expiry day): for each program and each month of its
    schedule, the expiry days whose milestone falls in those days, and the expiry days (or
    reinstatements) whose lapse does. `since` is the day after the job's last completed run (at
    most `CATCH_UP_DAYS` back, and that far on a first run), so the work follows what is due,
    not how many certificates there are.

    `today` and `since` are the site's days (the scheduler's); each program's certificates are
    read and judged on the program's days at this moment (`program_days`)."""
    if since is None:
        last = last_completed_day(job=JOB, before=today)
        since = last + timedelta(days=1) if last else today - timedelta(days=CATCH_UP_DAYS)
    since = max(min(since, today), today - timedelta(days=CATCH_UP_DAYS))
    reinstated = Reinstatement.objects.filter(
        renew_by__range=(since - timedelta(days=3) - SLACK, today + timedelta(days=1) + SLACK)
    ).values("certificate_id")
    due = Q(pk__in=reinstated)
    days: dict[int, tuple[date, date]] = {}  # each program's (since, today)
    for program in Program.objects.all():
        p_since, p_today = program_days(program, since=since, today=today)
        days[program.pk] = (p_since, p_today)
        ranges = [
            (add_months(p_since, months) - SLACK, add_months(p_today, months) + SLACK)
            for months in program.reminder_months
        ]
        grace = program.renewal_grace_months
        ranges.append(
            (
                add_months(p_since - timedelta(days=1), -grace) - SLACK,
                add_months(p_today, -grace) + SLACK,
            )
        )
        reached = Q()
        for low, high in ranges:
            reached |= Q(expires_on__range=(low, high))
        due |= Q(program=program) & reached
    # A renewal still waiting for its fee stops nothing: a card that failed, or a fee never paid,
    # would otherwise leave the holder without a word until the certificate lapsed. They are
    # reminded to pay instead (`fee_owed`). A paid renewal, or one staff are checking, stops the
    # reminders; its certificate still lapses on its day, with the notice saying that staff still
    # decide the renewal (`with_staff`). The live renewal is read for each due certificate
    # alone, by the partial unique index on its certificate: a `NOT IN` over every renewal with
    # staff read the whole table each day (ADR 0060).
    live = (  # one at most: no order to keep
        Renewal.objects.filter(certificate=OuterRef("pk"), status__in=LIVE)
        .order_by()
        .values("status")
    )
    certificates = (
        Certificate.objects.filter(due, status=Certificate.Status.VALID)
        .annotate(renewal_status=Subquery(live[:1]))
        .select_related("program", "holder")
        .order_by("id")
    )
    reminders = lapses = 0
    requirement: dict[int, str] = {}  # each program's requirement in words, read once
    for certificate in certificates.annotate(renew_by=Max("reinstatements__renew_by")):
        p_since, p_today = days[certificate.program_id]
        cycle = selectors.certificate_lifecycle(
            certificate=certificate,
            today=p_today,
            renew_by=getattr(certificate, "renew_by", None) or date.min,
        )
        renewal_status = getattr(certificate, "renewal_status", None)
        if cycle is None or renewal_status == Renewal.Status.APPROVED:
            continue
        context = {
            "program": certificate.program,
            "certificate_number": certificate.number,
            "expires": certificate.expires_on,
            "fee_owed": renewal_status == Renewal.Status.SUBMITTED,
            "last_day": cycle.grace_ends_on,  # the program's day, as every date here
            "action": "Pay the renewal fee"
            if renewal_status == Renewal.Status.SUBMITTED
            else "Open your renewal page",
        }
        if cycle.phase == Phase.LAPSED:
            if cycle.lapses_on >= p_since and lapse_notice_due(
                lapses_on=cycle.lapses_on, today=p_today
            ):
                context["action"] = "Open your renewal page"  # a fee owed is refused now
                if renewal_status in WITH_STAFF:  # what staff do next, and with the fee
                    context["lapsed_words"] = _with_staff_words(certificate, cycle.grace_ends_on)
                    context["action"] = "See your renewal"
                lapses += _lapse_notify(certificate, context, lapses_on=cycle.lapses_on)
            continue
        if renewal_status in WITH_STAFF:
            continue  # applied and paid: the reminders' "record and apply" is done
        months = reminder_due(
            expires_on=cycle.expires_on,
            today=p_today,
            schedule=certificate.program.reminder_months,
        )
        # Only a milestone reached since the last run: an earlier one was that run's to send.
        if months is not None and add_months(cycle.expires_on, -months) >= p_since:
            if certificate.program_id not in requirement:
                requirement[certificate.program_id] = selectors.ce_requirement_words(
                    program=certificate.program
                )
            context["ce_requirement"] = requirement[certificate.program_id]
            reminders += bool(
                notify(
                    recipient=certificate.holder,
                    event="renewal.reminder",
                    context={**context, "months": months},
                    link=_link(certificate.program),
                    dedupe_key=f"renewal:{certificate.pk}:{months}m",
                )
            )
    return reminders, lapses


def program_days(program: Program, *, since: date, today: date) -> tuple[date, date]:
    """The program's (since, today) for the site's: moved by how far its day is from the site's
    now (ADR 0036). In a zone other than the site's that distance depends on the hour the job
    runs, so `since` starts a day earlier there: a day is never left out between two runs, and
    one read twice sends nothing twice (each notice's dedupe key)."""
    shift = program_day_shift(program)
    if shift or program_zone(program) != program_zone(""):
        return since + shift - timedelta(days=1), today + shift
    return since, today


def _with_staff_words(certificate: Certificate, last_day: date) -> str:
    """The lapse notice's words for a renewal in staff's hands: staff decide it, or, its fee
    paid after the last day to renew, reinstate the certificate before they can approve it
    (`fee.lapsed_renewal_words`, the renewal page's words). Two queries, for these notices
    only."""
    renewal = selectors.renewal_live_for(certificate=certificate)
    if renewal is None:
        return ""
    renewal.certificate = certificate
    renew_by = getattr(certificate, "renew_by", None) or selectors.NO_REINSTATEMENT
    return fee.lapsed_renewal_words(renewal=renewal, last_day=last_day, renew_by=renew_by)


def _lapse_notify(certificate: Certificate, context: dict, *, lapses_on: date) -> bool:
    """The holder's lapse notice and the `certificate.lapsed` event, together and once (the
    notice's key makes both happen once per certificate and lapse date)."""
    with transaction.atomic():
        notice = notify(
            recipient=certificate.holder,
            event="certificate.lapsed",
            context=context,
            link=_link(certificate.program),
            dedupe_key=f"renewal:{certificate.pk}:lapsed:{lapses_on}",
        )
        if notice is not None:
            publish(
                CERTIFICATE_LAPSED,
                certificate_id=certificate.pk,
                holder_id=certificate.holder_id,
                program_id=certificate.program_id,
                number=certificate.number,
                lapses_on=lapses_on.isoformat(),
            )
    return notice is not None
