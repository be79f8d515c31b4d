"""The candidate's task list: the certificate, issued when every required set is complete."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse

from certify.accounts.api import Journey, Task, TaskStatus, request_fact, task_part
from certify.accounts.models import User
from certify.certificates.holder_words import holder_label
from certify.certificates.models import Certificate
from certify.certificates.selectors import certificate_list_for_holder

GROUP = "Your certificate"
S = Certificate.Status


def _held() -> Exists:
    return Exists(Certificate.objects.filter(holder=OuterRef("pk")).exclude(status=S.PENDING))


def _held_by(user: User) -> bool:
    return Certificate.objects.filter(holder=user).exclude(status=S.PENDING).exists()


# The navigation shows certificates and renewal only to holders (accounts.navigation).
request_fact("certificate_held", annotation=_held, fallback=_held_by)


@task_part(50)
def certificate_row(journey: Journey) -> None:
    certificate = certificate_list_for_holder(holder=journey.user).first()
    journey.facts["certificate"] = certificate
    journey.add(_row(certificate, journey.facts.get("plan")))


def _row(certificate: Certificate | None, plan: Any) -> Task:
    """The row's link names what it opens: this certificate, by its number once it has one
    (WCAG 2.4.4: not "Your certificates", the same words on every holder's row)."""
    base: dict[str, Any] = {"key": "certificate", "title": "Get your certificate", "group": GROUP}
    mine = reverse("certificates:mine")
    if certificate is None:
        progress = (
            f" {plan.satisfied_count} of {plan.required_count} sets are complete."
            if plan is not None
            else ""
        )
        return Task(
            **base,
            status=TaskStatus.CANNOT_START,
            hint="Issued when every required set is complete." + progress,
        )
    if certificate.status == S.PENDING:
        return Task(
            **base,
            status=TaskStatus.WAITING,
            hint="Every set is complete. Program staff approve the certificate before it is "
            "issued.",
            action_label="See your certificate waiting for approval",
            action_url=mine,
        )
    if certificate.status in (S.VALID, S.REPLACED) and not certificate.is_expired:
        until = certificate.expires_on
        return Task(
            **base,
            status=TaskStatus.COMPLETED,
            hint=f"Certificate {certificate.number}"
            + (f", valid through {until:%B} {until.day}, {until.year}." if until else "."),
            action_label=f"See certificate {certificate.number} and share it",
            action_url=mine,
        )
    return Task(
        **base,
        status=TaskStatus.COMPLETED,
        # The holder's word, as on the renewal page and their certificates ("lapsed"), not the
        # public "expired" (ADR 0036).
        hint=f"Certificate {certificate.number}: {holder_label(certificate).lower()}.",
        action_label=f"See certificate {certificate.number}",
        action_url=mine,
    )
