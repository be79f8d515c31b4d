"""Staff's renewal pages: the queue, one renewal with its decision, the lapsed certificates and
reopening one's renewal (reinstatement)."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certify.accounts.api import actors_attach
from certify.casework.api import own_case_page
from certify.certificates.models import Certificate
from certify.core.decorators import permission_required
from certify.core.error_summary import error_links
from certify.core.errors import DomainError
from certify.core.http import moved_on_redirect, saved_redirect
from certify.core.workflow import allowed_moves
from certify.core.workflow_words import StatusMovedOnError
from certify.programs import api as programs_api
from certify.renewals import ce, fee, selectors, services, workflow
from certify.renewals.forms import DecisionForm, ReinstateForm, StaffFilterForm
from certify.renewals.models import Renewal
from certify.renewals.views.common import _user


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
