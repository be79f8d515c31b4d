"""Applying for the renewal, and sending it back to staff with more evidence when they asked."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from certify.accounts.api import expected_by
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.programs import api as programs_api
from certify.renewals import fee, selectors, services
from certify.renewals.models import Renewal
from certify.renewals.views.common import _current, _user, home_of


@require_POST
@permission_required("renewals.renew")
def apply(request: HttpRequest) -> HttpResponse:
    certificate = _current(request)
    try:
        renewal = services.renewal_submit(certificate=certificate, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(home_of(certificate.program))
    if renewal.status == Renewal.Status.SUBMITTED and renewal.invoice is not None:
        messages.success(request, fee.applied_words(renewal=renewal, invoice=renewal.invoice))
        return redirect(renewal.invoice.get_absolute_url())
    message = f"Renewal applied for: {renewal.get_status_display().lower()}."
    if renewal.status in (Renewal.Status.SUBMITTED, Renewal.Status.IN_AUDIT):
        message += " " + expected_by(
            selectors.renewal_turnaround(program=certificate.program),
            who="program staff decide and we e-mail you",
            today=programs_api.program_today(certificate.program),
        )
    messages.success(request, message)
    return redirect(home_of(certificate.program))


@require_POST
@permission_required("renewals.view_own")
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_object_or_404(Renewal, pk=pk, holder=_user(request))
    try:
        services.renewal_resubmit(renewal=renewal, actor=_user(request))
        messages.success(
            request,
            "Sent back to program staff with your evidence. "
            + expected_by(
                selectors.renewal_turnaround(program=renewal.program),
                who="program staff decide and we e-mail you",
                today=programs_api.program_today(renewal.program),
            ),
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(home_of(renewal.program))
