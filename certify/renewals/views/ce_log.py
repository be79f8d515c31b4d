"""The holder's renewal page and CE log: recording an activity (with its live preview), changing
it, removing it, and its evidence file. htmx partials sit beside their pages."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certify.certificates.models import Certificate
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.storage import private_file_response
from certify.programs import api as programs_api
from certify.renewals import ce, fee, selectors, services
from certify.renewals.earlier import earlier_groups
from certify.renewals.forms import CeActivityForm
from certify.renewals.lifecycle import Phase
from certify.renewals.models import CeActivity, Renewal
from certify.renewals.views.common import (
    _current,
    _form_error,
    _htmx,
    _own_activity,
    _program_chosen,
    _user,
    home_of,
)


def _log_context(request: HttpRequest, certificate: Certificate, **extra: Any) -> dict[str, Any]:
    activities = list(
        selectors.ce_activity_list(holder=_user(request), program=certificate.program)
    )
    progress = selectors.ce_progress(
        certificate=certificate,
        activities=activities,
        renewal=extra.get("renewal"),  # under way: toward the requirement it was submitted under
    )
    # What earlier renewals counted, shown apart (never "does not count" nor outside this period).
    rows, earlier = earlier_groups(
        selectors.ce_activity_rows(activities=activities, progress=progress),
        before=progress.counted_before,
    )
    context = {
        "certificate": certificate,
        # (activity, hours, why they do not count: "" when they do), this period's
        "activities": rows,
        "earlier": earlier,  # [(the earlier renewal, its rows)], newest first
        "progress": progress,
        "form": CeActivityForm(program=certificate.program, holder=_user(request)),
        "earlier_providers": sorted({activity.provider for activity in activities}),
        "removed": selectors.ce_activities_removed_recently(
            holder=_user(request), program=certificate.program
        ),
    }
    context.update(extra)
    context.update(_fee_context(extra.get("renewal")))
    return context


def _fee_context(renewal: Renewal | None) -> dict[str, Any]:
    """Why the renewal's fee cannot be paid now (ADR 0014), said instead of the button to pay
    it, or the last moment it can be paid, said beside it (the API's `fee_refused_because` and
    `fee_pay_by`); neither when nothing is to pay."""
    found = fee.renewal_fee(renewal=renewal)
    return {
        "pay_refused": found.refused_because or None,
        "pay_by": found.pay_by,
        "zone": programs_api.program_zone(renewal.program) if renewal is not None else None,
    }


@require_GET
@permission_required("renewals.view_own")
def home(request: HttpRequest) -> HttpResponse:
    """The holder's renewal page: status and dates, CE log and progress, apply and pay."""
    user = _user(request)
    certificate = selectors.certificate_current_for(holder=user, program=_program_chosen(request))
    renewals = list(selectors.renewal_list_for_holder(holder=user)[:10])
    if certificate is None:
        return render(request, "renewals/home.html", {"certificate": None, "renewals": renewals})
    # A holder of several programs' certificates renews each on its own page.
    others = [c for c in selectors.certificates_current_for(holder=user) if c.pk != certificate.pk]
    # A paid renewal was moved on when its invoice was settled ("invoice.paid", handlers).
    live = selectors.renewal_live_for(certificate=certificate)
    cycle = selectors.certificate_lifecycle(certificate=certificate)
    context = _log_context(
        request,
        certificate,
        cycle=cycle,
        renewal=live,
        renewals=renewals,
        others=others,
        # Lapsed with a renewal in staff's hands: what they do next, and with the fee.
        lapsed_words=fee.lapsed_renewal_words(
            renewal=live, last_day=cycle.grace_ends_on, where="below"
        )
        if cycle is not None and cycle.phase == Phase.LAPSED
        else "",
    )
    return render(request, "renewals/home.html", context)


@require_POST
@permission_required("renewals.renew")
def activity_add(request: HttpRequest) -> HttpResponse:
    certificate = _current(request)
    form = CeActivityForm(
        request.POST, request.FILES, program=certificate.program, holder=_user(request)
    )
    if form.is_valid():
        try:
            added = services.ce_activity_create(
                actor=_user(request), program=certificate.program, **form.service_kwargs()
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            if _htmx(request):  # the log, and out of band the apply button it may enable
                # The log says what was recorded and takes the focus (forms.js); a message
                # queued here would only show on the next page the holder opens.
                context = _log_context(
                    request,
                    certificate,
                    cycle=selectors.certificate_lifecycle(certificate=certificate),
                    renewal=selectors.renewal_live_for(certificate=certificate),
                    apply_oob=True,
                    added=added,
                )
                return render(request, "renewals/partials/log.html", context)
            messages.success(request, "Activity recorded.")
            return saved_redirect(home_of(certificate.program))
    context = _log_context(request, certificate, form=form)
    if _htmx(request):
        return render(request, "renewals/partials/log.html", context)
    renewal = selectors.renewal_live_for(certificate=certificate)
    context.update(
        cycle=selectors.certificate_lifecycle(certificate=certificate),
        renewal=renewal,
        **_fee_context(renewal),
    )
    return render(request, "renewals/home.html", context, status=400)


@require_POST
@permission_required("renewals.renew")
def activity_preview(request: HttpRequest) -> HttpResponse:
    """While the holder types: this activity's hours, and the progress it would bring."""
    certificate = _current(request)
    form = CeActivityForm(request.POST, program=certificate.program, holder=_user(request))
    hours: Decimal | None = None
    projected = None
    why_not = ""  # why this activity would not count, if it would not
    if form.is_valid():
        data = form.cleaned_data
        hours = ce.activity_hours(
            program=certificate.program, format=data["format"], amount=data["amount"]
        )
        tech = selectors.technology_set(program=certificate.program)
        extra = ce.Counted(
            completed_on=data["completed_on"],
            hours=hours,
            tied=bool(data["competency_sets"]),  # the form offers the program's own sets only
            technology=tech is not None
            and any(s.code == tech.code for s in data["competency_sets"]),
        )
        projected = selectors.ce_progress(certificate=certificate, extra=[extra])
        why_not = ce.why_not_counted(
            extra, period_start=projected.period_start, period_end=projected.period_end
        )
    return render(
        request,
        "renewals/partials/preview.html",
        {"hours": hours, "projected": projected, "why_not": why_not},
    )


@require_http_methods(["GET", "POST"])
@permission_required("renewals.renew")
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    if request.method == "POST":
        form = CeActivityForm(
            request.POST, request.FILES, program=activity.program, holder=_user(request)
        )
        if form.is_valid():
            try:
                services.ce_activity_update(
                    activity=activity, actor=_user(request), **form.service_kwargs()
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Activity saved.")
                return redirect(home_of(activity.program))
        status = 400
    else:
        form = CeActivityForm.for_activity(
            activity, program=activity.program, holder=_user(request)
        )
        status = 200
    return render(
        request, "renewals/activity_edit.html", {"activity": activity, "form": form}, status=status
    )


@require_POST
@permission_required("renewals.renew")
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    try:
        services.ce_activity_delete(activity=activity, actor=_user(request))
        # The log says it was removed, with its "Undo" button (ADR 0040).
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(home_of(activity.program))


@require_GET
@permission_required("renewals.view_own")
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The evidence file, to its holder and to program staff only, as an attachment."""
    activity = get_object_or_404(CeActivity, pk=pk)
    user = _user(request)
    if activity.holder_id != user.pk and not user.has_perm("renewals.manage_renewals"):
        raise Http404
    if not activity.evidence:
        raise Http404
    return private_file_response(
        activity.evidence,
        name=activity.evidence_name or f"evidence{activity.evidence_extension}",
        content_type=activity.evidence_content_type or "application/octet-stream",
    )
