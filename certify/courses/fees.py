"""A course's approval fee is its provider's case (ADR 0022): program staff who act for the
provider do not record a payment on it, refund or void it, whichever colleague it was billed
to. Registered with payments at start-up (`payments.api.on_invoice_parties`)."""

import re
from typing import Any

from django.db.models import Q

from certify.courses.models import Course
from certify.courses.workflows.relations import members_of
from certify.payments.api import on_invoice_parties
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
