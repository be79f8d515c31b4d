"""The candidate's task list: renewing the certificate, last in the journey."""

from datetime import date
from typing import Any

from django.urls import reverse

from certify.accounts.api import Journey, Task, TaskStatus, task_part
from certify.certificates.models import Certificate
from certify.renewals.lifecycle import Lifecycle, Phase
from certify.renewals.models import Renewal
from certify.renewals.selectors import (
    certificate_lifecycle,
    certificates_current_for,
    renewal_live_for,
    renewal_turnaround,
)

GROUP = "Your certificate"
S = Renewal.Status


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@task_part(60)
def renewal_row(journey: Journey) -> None:
    """The newest certificate's row; a holder of several programs' certificates gets a row for
    each other one too, each leading to its own renewal page."""
    certificates = certificates_current_for(holder=journey.user)
    several = len(certificates) > 1
    journey.add(_row(certificates[0] if certificates else None, several=several))
    for other in certificates[1:]:
        journey.add(_row(other, key=f"renewal-{other.program.slug}", several=True))


def _row(certificate: Certificate | None, *, key: str = "renewal", several: bool = False) -> Task:
    title = "Renew your certificate"
    if key != "renewal" and certificate is not None:
        title = f"Renew your {certificate.program.short_name} certificate"
    base: dict[str, Any] = {"key": key, "title": title, "group": GROUP}
    url = reverse("renewals:home")
    if certificate is not None and several:
        url += f"?program={certificate.program.slug}"
    if certificate is None:
        return Task(
            **base,
            status=TaskStatus.CANNOT_START,
            hint="Once you hold a certificate: renewal opens in the months before it expires.",
        )
    cycle = certificate_lifecycle(certificate=certificate)
    live = renewal_live_for(certificate=certificate)
    if live is not None:
        return _live_row(base, url, live, certificate)
    if cycle is None or cycle.phase == Phase.VALID:
        # Applying to renew waits for the window, but logging continuing education does not:
        # the row offers that, so it is not "Cannot start yet" (which offers nothing).
        return Task(
            **base,
            status=TaskStatus.NOT_STARTED,
            hint="Applying to renew opens later. Until then, record each class, course or "
            "conference day of continuing education when you complete it: renewing needs them.",
            action_label="Log continuing education",
            action_url=url,
            due=cycle.window_opens_on if cycle else None,
            due_label="Renewal opens on",
        )
    if cycle.renewable:
        return _open_row(base, url, cycle)
    return Task(
        **base,
        status=TaskStatus.CLOSED,
        hint=_closed_hint(cycle),
        action_label="See your renewal page",
        action_url=url,
    )


def _closed_hint(cycle: Lifecycle) -> str:
    """Past the last day to renew: what happened and what can still be done, the renewal page's
    words (it names whom to write to); not "Contact the program" with no way to."""
    if cycle.phase == Phase.LAPSED:
        return (
            f"Your certificate has lapsed: the last day to renew was {_day(cycle.grace_ends_on)}. "
            "Program staff may reopen renewal for you: your renewal page says how to write to them."
        )
    return f"Your certificate is {cycle.label.lower()}: your renewal page says what you can do."


def _open_row(base: dict[str, Any], url: str, cycle: Lifecycle) -> Task:
    in_grace = cycle.phase == Phase.GRACE
    return Task(
        **base,
        status=TaskStatus.NOT_STARTED,
        hint=(
            f"Your certificate expired on {_day(cycle.expires_on)}; you can still renew."
            if in_grace
            else "Renewal is open: log your continuing education, then apply and pay the fee."
        ),
        action_label="Apply to renew",
        action_url=url,
        due=cycle.grace_ends_on if in_grace else cycle.expires_on,
        due_label="Last day to renew" if in_grace else "Renew before it expires on",
    )


def _live_row(base: dict[str, Any], url: str, live: Renewal, certificate: Certificate) -> Task:
    if live.status == S.APPROVED:
        return Task(
            **base,
            status=TaskStatus.COMPLETED,
            hint="Renewed: your new certificate is issued.",
            action_label=(
                f"See your new certificate {live.new_certificate.number}"
                if live.new_certificate and live.new_certificate.number
                else "See your new certificate"
            ),
            action_url=reverse("certificates:mine"),
        )
    if live.status == S.SUBMITTED:
        return Task(
            **base,
            status=TaskStatus.IN_PROGRESS,
            hint="Your application to renew is waiting for the renewal fee.",
            action_label="Pay the renewal fee",
            action_url=live.invoice.get_absolute_url() if live.invoice else url,
            due=live.invoice.due_on if live.invoice else None,
            due_label="Pay by",
        )
    if live.status == S.MORE_EVIDENCE:
        return Task(
            **base,
            status=TaskStatus.IN_PROGRESS,
            hint="Staff asked for more evidence of your continuing education.",
            action_label="Add evidence and send it back",
            action_url=url,
        )
    return Task(
        **base,
        status=TaskStatus.WAITING,
        hint="Staff are checking the evidence of your continuing education.",
        action_label="See your renewal",
        action_url=url,
        turnaround=renewal_turnaround(program=certificate.program),
    )
