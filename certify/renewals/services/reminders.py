"""The daily job's renewal reminders and lapse notices."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from certify.certificates.models import Certificate
from certify.core.events import publish
from certify.notifications.api import notify
from certify.programs.models import Program
from certify.renewals import selectors
from certify.renewals.events import CERTIFICATE_LAPSED
from certify.renewals.lifecycle import (
    Phase,
    add_months,
    lapse_notice_due,
    reminder_due,
)
from certify.renewals.models import Renewal
from certify.renewals.services.applications import _link


def reminders_send(*, today: date) -> tuple[int, int]:
    """Reminders at the months before expiry the program's schedule names and a notice at
    lapse, each once.

    Only the latest milestone reached is sent (a scheduler that missed days still sends it; one
    that starts long after a milestone never sends it); the lapse notice goes out within 30 days
    of the lapse. Certificates with a renewal under way or done get none."""
    programs = list(Program.objects.all())
    latest = add_months(today, max([max(p.reminder_months or (0,)) for p in programs] or [0]))
    longest_grace = max([p.renewal_grace_months for p in programs] or [0])
    earliest = add_months(today - timedelta(days=31), -longest_grace) - timedelta(days=31)
    certificates = (
        Certificate.objects.filter(
            status=Certificate.Status.VALID, expires_on__gte=earliest, expires_on__lte=latest
        )
        .exclude(renewals__status__in=[*Renewal.OPEN, Renewal.Status.APPROVED])
        .select_related("program", "holder")
        .order_by("id")
    )
    reminders = lapses = 0
    for certificate in certificates.annotate(renew_by=Max("reinstatements__renew_by")):
        cycle = selectors.certificate_lifecycle(
            certificate=certificate,
            today=today,
            renew_by=getattr(certificate, "renew_by", None) or date.min,
        )
        if cycle is None:
            continue
        context = {
            "program": certificate.program,
            "certificate_number": certificate.number,
            "expires": certificate.expires_on,
        }
        if cycle.phase == Phase.LAPSED:
            if lapse_notice_due(lapses_on=cycle.lapses_on, today=today):
                lapses += _lapse_notify(certificate, context, lapses_on=cycle.lapses_on)
            continue
        months = reminder_due(
            expires_on=cycle.expires_on,
            today=today,
            schedule=certificate.program.reminder_months,
        )
        if months is not None:
            reminders += bool(
                notify(
                    recipient=certificate.holder,
                    event="renewal.reminder",
                    context={**context, "months": months},
                    link=_link(),
                    dedupe_key=f"renewal:{certificate.pk}:{months}m",
                )
            )
    return reminders, lapses


def _lapse_notify(certificate: Certificate, context: dict, *, lapses_on: date) -> bool:
    """The holder's lapse notice and the `certificate.lapsed` event, together and once (the
    notice's key makes both happen once per certificate and lapse date)."""
    with transaction.atomic():
        notice = notify(
            recipient=certificate.holder,
            event="certificate.lapsed",
            context=context,
            link=_link(),
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
