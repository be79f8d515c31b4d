"""A course's approval fee with payments: it is its provider's case (ADR 0022): program staff
who act for the provider do not record a payment on it, refund or void it, whichever colleague
it was billed to (`payments.api.on_invoice_parties`). A course's fee, the first approval's or
a renewal's, is not taken while staff have the course's approval or its provider's suspended:
the provider cannot pay it, staff do not record a check for it (`on_pay_refusal`), and a card
payment already under way is recorded and staff told (`on_money_concern`) (ADR 0009). The
provider's courses page and API say so beside the invoice (`fee_hold`). Registered with
payments at start-up."""

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q

from certify.courses.models import Course, Provider
from certify.courses.workflows.relations import members_of
from certify.payments.api import on_invoice_parties, on_money_concern, on_pay_refusal
from certify.payments.models import Invoice

_SUBJECT = re.compile(r"course:(\d+)(?::\d+)?")  # "course:<id>", a renewal "course:<id>:<n>"


@on_invoice_parties
def provider_people(invoice: Any) -> set[Any]:
    """The people of the provider whose course the invoice is the approval fee of (two queries,
    for course approval invoices only)."""
    if invoice.kind != Invoice.Kind.COURSE_APPROVAL:
        return set()
    match = _SUBJECT.fullmatch(invoice.subject or "")
    courses = (
        Course.objects.filter(pk=int(match.group(1)))
        if match  # an invoice made before subjects named the course: the course naming it
        else Course.objects.filter(Q(fee_invoice=invoice) | Q(approvals__invoice=invoice))
    )
    course = courses.values("provider_id").first()
    return members_of(course["provider_id"]) if course else set()


@dataclass(frozen=True)
class FeeHold:
    """Why a course's fee invoice is not taken now: who suspended what, in plain words."""

    title: str
    provider_name: str
    renewal: bool  # the fee of a renewal, not of the first approval
    provider_wide: bool  # the provider's approval is suspended (not only the course's)

    @property
    def fee(self) -> str:
        return "renewal fee" if self.renewal else "approval fee"

    @property
    def what(self) -> str:
        if self.provider_wide:
            return f"program staff suspended {self.provider_name} as a course provider"
        return "program staff suspended its approval"

    def why(self) -> str:
        """One sentence for the provider's courses page and API."""
        return f"Not payable now: {self.what}. Nothing is taken until it is reinstated."


def _subject_course(invoice: Any) -> int | None:
    if invoice.kind != Invoice.Kind.COURSE_APPROVAL:
        return None
    match = _SUBJECT.fullmatch(invoice.subject or "")
    return int(match.group(1)) if match else None


def fee_hold(*, course: Course) -> FeeHold | None:
    """Why the course's open fee invoice is not taken now, or None: the course's approval or its
    provider's is suspended. No query when `provider` and `fee_invoice` are loaded."""
    invoice = course.fee_invoice
    if invoice is None or invoice.status != Invoice.Status.OPEN:
        return None
    provider_wide = course.provider.status == Provider.Status.SUSPENDED
    if course.status != Course.Status.SUSPENDED and not provider_wide:
        return None
    return FeeHold(
        title=course.title,
        provider_name=course.provider.name,
        renewal=invoice.subject.count(":") == 2,  # "course:<id>:<n>"
        provider_wide=provider_wide,
    )


def _held(invoice: Any) -> FeeHold | None:
    """The hold on the course fee the invoice is, when its course or provider is suspended;
    else None. One query, for a course's fee only."""
    pk = _subject_course(invoice)
    if pk is None:
        return None
    found = (
        Course.objects.filter(pk=pk)
        .filter(Q(status=Course.Status.SUSPENDED) | Q(provider__status=Provider.Status.SUSPENDED))
        .values(
            "title", "status", provider_name=F("provider__name"), p_status=F("provider__status")
        )
        .first()
    )
    if found is None:
        return None
    return FeeHold(
        title=found["title"],
        provider_name=found["provider_name"],
        renewal=(invoice.subject or "").count(":") == 2,
        provider_wide=found["p_status"] == Provider.Status.SUSPENDED,
    )


@on_pay_refusal
def fee_of_a_suspended_course(invoice: Any, *, staff: bool = False) -> str | None:
    """No course fee is taken while the course's approval, or its provider's, is suspended: a
    suspended approval is not renewed and nothing is approved for a suspended provider, and a
    revocation would only refund it. The provider reads why, and that nothing was charged;
    staff recording a check read what to do with it."""
    hold = _held(invoice)
    if hold is None:
        return None
    course = f"“{hold.title}”"
    if staff:
        return (
            f"Invoice {invoice.code} is the {hold.fee} of {course} ({hold.provider_name}), and "
            f"{hold.what}: its fee is not taken now. Keep the payment and record it once it is "
            "reinstated, or return it to the payer."
        )
    return (
        f"We cannot take the {hold.fee} of {course} now: {hold.what}. Nothing was charged. If "
        "they reinstate it, you can pay this invoice then."
    )


@on_money_concern
def fee_of_a_suspended_course_paid(invoice: Any, *, offline: bool = False) -> str | None:
    """A card payment already under way paid the fee of a course whose approval, or provider,
    staff suspended since: the money stays on the invoice (reinstated, it serves the course;
    revoked, it is refunded), and staff hear of it now. (Staff recording a check are refused
    first, by the rule above.)"""
    hold = _held(invoice)
    if hold is None:
        return None
    return (
        f"Invoice {invoice.code} is the {hold.fee} of “{hold.title}” ({hold.provider_name}), and "
        f"{hold.what}, so the course is not decided now. Reinstated, the payment serves it; "
        "revoked, it is refunded then. Keep the payment until then, or refund it."
    )
