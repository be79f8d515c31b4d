"""A course's approval fee with payments: it is its provider's case (ADR 0022): program staff
who act for the provider do not record a payment on it, refund or void it, whichever colleague
it was billed to (`payments.api.on_invoice_parties`). A renewal's fee is not taken while staff
have the course's approval suspended: the provider cannot pay it, staff do not record a check
for it (`on_pay_refusal`), and a card payment already under way is recorded and staff told
(`on_money_concern`) (ADR 0009). Registered with payments at start-up."""

import re
from collections.abc import Mapping
from typing import Any

from django.db.models import F, Q

from certify.courses.models import Course
from certify.courses.workflows.relations import members_of
from certify.payments.api import on_invoice_parties, on_money_concern, on_pay_refusal
from certify.payments.models import Invoice

_SUBJECT = re.compile(r"course:(\d+)(?::\d+)?")  # "course:<id>", a renewal "course:<id>:<n>"
_RENEWAL = re.compile(r"course:(\d+):\d+")


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


def _suspended_renewal(invoice: Any) -> Mapping[str, Any] | None:
    """The course (title, provider) whose renewal fee the invoice is, when program staff have
    its approval suspended; else None. One query, for a course's renewal fee only."""
    if invoice.kind != Invoice.Kind.COURSE_APPROVAL:
        return None
    match = _RENEWAL.fullmatch(invoice.subject or "")
    if match is None:
        return None
    return (
        Course.objects.filter(pk=int(match.group(1)), status=Course.Status.SUSPENDED)
        .values("title", provider_name=F("provider__name"))
        .first()
    )


@on_pay_refusal
def renewal_of_a_suspended_course(invoice: Any, *, staff: bool = False) -> str | None:
    """No renewal fee is taken while the course's approval is suspended: a suspended approval is
    not renewed, and a revocation would only refund it. The provider reads why, and that
    nothing was charged; staff recording a check read what to do with it."""
    course = _suspended_renewal(invoice)
    if course is None:
        return None
    if staff:
        return (
            f"Invoice {invoice.code} is the renewal fee of “{course['title']}” "
            f"({course['provider_name']}), whose approval is suspended: a suspended approval is "
            "not renewed, so its fee is not taken now. Keep the payment and record it once the "
            "approval is reinstated, or return it to the payer."
        )
    return (
        f"We cannot take the renewal fee of “{course['title']}” now: program staff suspended its "
        "approval, and a suspended approval is not renewed. Nothing was charged. If they "
        "reinstate it, send the renewal again and pay this invoice then."
    )


@on_money_concern
def renewal_fee_of_a_suspended_course(invoice: Any, *, offline: bool = False) -> str | None:
    """A card payment already under way paid the renewal fee of a course whose approval staff
    suspended since: the money stays on the invoice (it serves the renewal sent again once
    reinstated; a revocation refunds it), and staff hear of it now. (Staff recording a check
    are refused first, by the rule above.)"""
    course = _suspended_renewal(invoice)
    if course is None:
        return None
    return (
        f"Invoice {invoice.code} is the renewal fee of “{course['title']}” "
        f"({course['provider_name']}), whose approval is suspended, so the renewal is not "
        "decided. Reinstated, the payment serves the renewal the provider sends again; revoked, "
        "it is refunded then. Keep the payment until then, or refund it."
    )
