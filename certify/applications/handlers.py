"""What happens to an application when other apps act on it, and its daily job."""

from datetime import date

from certify.appeals.api import on_reference, on_sent_back
from certify.applications.decisions import application_reopen_after_appeal
from certify.applications.memberships import enrollment_invoice_after_membership
from certify.applications.models import Application, ApplicationTransition
from certify.applications.services import experience_removed_purge
from certify.core.events import subscriber
from certify.courses.api import candidate_number
from certify.memberships.api import MEMBERSHIP_CONFIRMED, MEMBERSHIP_REJECTED
from certify.notifications.api import daily_job
from certify.payments.api import on_money_concern
from certify.payments.models import Invoice
from certify.programs.api import program_day


@on_sent_back("applications.application")
def application_sent_back(*, subject, actor, reason: str) -> None:
    application_reopen_after_appeal(application=subject, actor=actor, reason=reason)


@on_reference("applications.application")
def application_reference(subject: Application) -> str:
    """The candidate number, for an ended appeal's staff title (`appeals.titles`)."""
    return candidate_number(subject)


def candidate_number_of_person(user) -> str:
    """The candidate number of the person's newest application ("" for one who never applied):
    what staff pages title a closed account by (accounts' `person_reference_lookup`)."""
    newest = (
        Application.objects.filter(candidate_id=user.pk)
        .select_related("program")
        .order_by("-created_at", "-pk")
        .first()
    )
    return candidate_number(newest) if newest is not None else ""


def candidate_numbers_of_people(user_ids: list[int]) -> dict[int, str]:
    """`candidate_number_of_person` for many people in one query (a list's closed accounts,
    accounts' `person_references_lookup`): each one's newest application's number."""
    numbers: dict[int, str] = {}
    newest_first = (
        Application.objects.filter(candidate_id__in=user_ids)
        .select_related("program")
        .order_by("candidate_id", "-created_at", "-pk")
    )
    for application in newest_first:
        if application.candidate_id not in numbers:
            numbers[application.candidate_id] = candidate_number(application)
    return numbers


@daily_job("applications.removed_purge")
def removed_entries_purge(today: date) -> str:
    """Jobs removed from applications longer ago than the undo allows are deleted for good."""
    return f"{experience_removed_purge()} removed job(s) deleted"


@subscriber(MEMBERSHIP_CONFIRMED)
@subscriber(MEMBERSHIP_REJECTED)
def membership_decided(*, event_id: int, membership_id: int, **_: object) -> None:
    """A membership was confirmed or refused: an enrollment invoice that waited for it is made
    now, at the price the decision gives (ADR 0042). Idempotent: one live invoice."""
    enrollment_invoice_after_membership(membership_id=membership_id)


@on_money_concern
def fee_of_a_withdrawn_application(invoice: Invoice, *, offline: bool = False) -> str | None:
    """The enrollment fee of an application its candidate withdrew, with no other application
    of theirs to the program going on. A card payment (begun before, or from a tab left open)
    paid it: staff refund it, or keep it for an application they make again (the same invoice
    stands for it). Staff about to record a check for it (`offline`) are warned, naming the
    withdrawn application, and record it only if the candidate is applying again (ADR 0052).
    One query, for enrollment invoices only (two for the offline words)."""
    if invoice.kind != Invoice.Kind.ENROLLMENT:
        return None
    latest = (
        Application.objects.filter(candidate_id=invoice.user_id, program_id=invoice.program_id)
        .order_by("-id")
        .values("pk", "status", "candidate__full_name")
        .first()
    )
    if latest is None or latest["status"] != Application.Status.WITHDRAWN:
        return None
    if offline:
        return _before_a_check(invoice, latest["pk"], latest["candidate__full_name"])
    return (
        f"Invoice {invoice.code} is the enrollment fee of an application that its candidate "
        "withdrew, and they have no other application to the program: refund the payment, or "
        "keep it if they apply again (the same invoice stands for a new application)."
    )


def _before_a_check(invoice: Invoice, application_id: int, name: str) -> str:
    withdrawn = (
        ApplicationTransition.objects.filter(
            application_id=application_id, to_status=Application.Status.WITHDRAWN
        )
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )
    program = invoice.program
    on = f" on {program_day(withdrawn, program):%B %-d, %Y}" if withdrawn else ""
    return (
        f"Invoice {invoice.code} is the enrollment fee of {name}'s application to "
        f"{program.short_name}, which they withdrew{on}, and they have no other application to "
        "the program. Record a payment only if they are applying again (the same invoice stands "
        "for a new application); otherwise return it to the payer."
    )
