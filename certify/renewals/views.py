"""The holder's renewal page and CE log, and staff's renewal queue, decisions and reinstatements.
htmx partials sit beside their pages."""

from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certify.accounts.api import actors_attach, expected_by
from certify.accounts.models import User
from certify.casework.api import own_case_page
from certify.certificates.models import Certificate
from certify.core.decorators import permission_required
from certify.core.error_summary import error_links
from certify.core.errors import DomainError
from certify.core.http import moved_on_redirect, saved_redirect
from certify.core.storage import private_file_response
from certify.core.workflow import allowed_moves
from certify.core.workflow_words import StatusMovedOnError
from certify.programs import api as programs_api
from certify.programs.models import Program
from certify.renewals import ce, fee, selectors, services, workflow
from certify.renewals.earlier import earlier_groups
from certify.renewals.forms import CeActivityForm, DecisionForm, ReinstateForm, StaffFilterForm
from certify.renewals.lifecycle import Phase
from certify.renewals.models import CeActivity, Renewal


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _form_error(form: CeActivityForm, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def home_of(program: Program) -> str:
    """The renewal page of the holder's certificate of `program`."""
    return f"{reverse('renewals:home')}?program={program.slug}"


def _program_chosen(request: HttpRequest) -> Program | None:
    """The program a holder of several programs' certificates is renewing (`program`, in the
    query or the form; an unknown one is a 404); None: the newest certificate's, as before."""
    slug = request.POST.get("program") or request.GET.get("program") or ""
    return programs_api.program_get(slug=slug, published_only=False) if slug else None


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


def _current(request: HttpRequest) -> Certificate:
    certificate = selectors.certificate_current_for(
        holder=_user(request), program=_program_chosen(request)
    )
    if certificate is None:
        raise PermissionDenied
    return certificate


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


def _own_activity(request: HttpRequest, pk: int) -> CeActivity:
    activity = selectors.ce_activity_find(holder=_user(request), pk=pk)
    if activity is None:
        raise Http404
    return activity


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


# --- Staff --------------------------------------------------------------------------------------


@require_GET
@permission_required("renewals.manage_renewals")
def staff_queue(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET)
    filters = {"status": "", "audited": "", "search": "", "assigned": "", "program": ""}
    if form.is_valid():
        filters = {
            "status": form.cleaned_data["status"],
            "audited": form.cleaned_data["audited"],
            "search": form.cleaned_data["q"],
            "assigned": form.cleaned_data["assigned"],
            "program": form.cleaned_data["program"],
        }
    qs = selectors.renewal_staff_list(**filters, viewer=_user(request))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    minimum_on: dict[int, str] = {}  # each program's minimum set by name, read once
    for renewal in page:
        if renewal.program_id not in minimum_on:
            tech = selectors.technology_set(program=renewal.program)
            minimum_on[renewal.program_id] = tech.name if tech else ""
        renewal.minimum_on = minimum_on[renewal.program_id]  # type: ignore[attr-defined]
    return render(request, "renewals/staff_queue.html", {"form": form, "page": page})


def _decision_problems(form: DecisionForm, actions: list[str]) -> list[tuple[str, str]]:
    """The refused decision's error summary (ADR 0043): a missing decision links to the first
    choice the page shows (approval is left out where it is refused), the rest to their fields."""
    shown = [i for i, name in enumerate(workflow.ACTION_LABELS) if name in actions]
    first = f"#id_action_{shown[0] if shown else 0}"
    return [(said, first if to == "#id_action_0" else to) for said, to in error_links(form)]


def _staff_detail(request: HttpRequest, renewal: Renewal, form: DecisionForm, status: int = 200):
    if refused := own_case_page(request, renewal, reverse("renewals:home")):
        return refused  # nobody opens their own case's staff page (ADR 0048)
    activities = [
        (a, ce.activity_hours(program=a.program, format=a.format, amount=a.amount))
        for a in renewal.activities.all()
    ]
    actions = decisions_allowed(renewal, request.user)
    # Said in place of "Approve" (suspended, revoked, or paid after it lapsed: ADR 0014).
    approval_refused = (
        fee.renewal_approval_refusal(renewal=renewal) if "approve" in actions else None
    )
    if approval_refused:
        actions.remove("approve")
    # The history's closed actors' last roles, read together (`by_whom`): many cost one query.
    actors_attach(t.actor for t in renewal.transitions.all())
    return render(
        request,
        "renewals/staff_detail.html",
        {
            "renewal": renewal,
            "zone": programs_api.program_zone(renewal.program),  # its times are the program's
            "minimum_set": selectors.technology_set(program=renewal.program),
            "activities": activities,
            "actions": actions,
            "approval_refused": approval_refused,
            "problems": _decision_problems(form, actions),
            # Said before they refuse: what a refusal does to the fee paid (nothing by itself).
            "refusal_fee": fee.refusal_fee_words(renewal=renewal) if "refuse" in actions else "",
            # Paid after it lapsed: reopening its renewal is the way to approve it.
            "reinstate": approval_refused
            and renewal.certificate.status == Certificate.Status.VALID,
            "form": form,
        },
        status=status,
    )


def decisions_allowed(renewal: Renewal, person: Any) -> list[str]:
    """The staff decisions this person may make on this renewal now (the form's choices)."""
    return [m.name for m in allowed_moves(renewal, person) if m.name in workflow.ACTION_LABELS]


# What staff read once a decision is recorded: a sentence, not the renewal's new status.
DECIDED = {
    "approve": "You approved the renewal of certificate {number}. The holder was told.",
    "more_evidence": "You asked for more evidence for the renewal of certificate {number}. The "
    "holder was told, with your reason.",
    "refuse": "You refused the renewal of certificate {number}. The holder was told, with your "
    "reason.",
}


@require_GET
@permission_required("renewals.manage_renewals")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = selectors.renewal_find(pk=pk)
    if renewal is None:
        raise Http404
    return _staff_detail(request, renewal, DecisionForm())


@require_POST
@permission_required("renewals.manage_renewals")
def staff_decide(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_object_or_404(Renewal, pk=pk)
    if refused := own_case_page(request, renewal, reverse("renewals:home")):
        return refused  # their own case first: never told it moved on (ADR 0048)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            done = services.renewal_decide(
                renewal=renewal,
                actor=_user(request),
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                updated_at_seen=form.cleaned_data["updated_at_seen"],
            )
            messages.success(
                request,
                DECIDED[form.cleaned_data["action"]].format(number=done.certificate.number),
            )
            return saved_redirect(reverse("renewals:staff_detail", args=[pk]))
        except StatusMovedOnError as error:  # decided meanwhile: its page, as it is now
            return moved_on_redirect(request, error, reverse("renewals:staff_detail", args=[pk]))
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
    return _staff_detail(request, selectors.renewal_find(pk=pk) or renewal, form, status=400)


@require_GET
@permission_required("renewals.manage_renewals")
def staff_lapsed(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.certificates_lapsed(), 50).get_page(request.GET.get("page"))
    return render(request, "renewals/staff_lapsed.html", {"page": page})


@require_http_methods(["GET", "POST"])
@permission_required("renewals.manage_renewals")
def staff_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.select_related("program", "holder"), pk=pk, number__isnull=False
    )
    form = ReinstateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.certificate_reinstate_lapsed(
                    certificate=certificate,
                    actor=_user(request),
                    reason=form.cleaned_data["reason"],
                    renew_by=form.cleaned_data["renew_by"],
                )
                messages.success(
                    request,
                    f"{certificate.number}: renewal reopened until "
                    f"{form.cleaned_data['renew_by']:%B %-d, %Y}.",
                )
                return redirect("renewals:staff_lapsed")
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
    live = selectors.renewal_live_for(certificate=certificate)
    return render(
        request,
        "renewals/staff_reinstate.html",
        {
            "certificate": certificate,
            "cycle": selectors.certificate_lifecycle(certificate=certificate),
            "form": form,
            "renewal": live,
            # Its renewal still open: the holder does not apply again (ADR 0014).
            "renewal_words": fee.reinstating_with_renewal_words(renewal=live),
        },
        status=status,
    )
