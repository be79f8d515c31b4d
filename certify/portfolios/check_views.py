"""The candidate's last steps on a portfolio (ADR 0040): "Check your answers" before the submit,
a confirmation page before removing a piece of evidence, and one before giving notice of appeal.
Reading these pages changes nothing: their buttons post (to `views.submit`,
`views.evidence_remove` and `views.appeal_notice`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from certify.appeals.api import appeal_for, appeal_window, notice_happens
from certify.portfolios.check import portfolio_check
from certify.portfolios.models import EvidenceItem, Portfolio
from certify.portfolios.step_views import submit_closed
from certify.portfolios.steps import step_url
from certify.portfolios.views import _portfolio
from certify.programs.api import program_today


@require_GET
@login_required
def check(request: HttpRequest, planned_id: int) -> HttpResponse:
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    if not the_portfolio.is_editable:
        return redirect("portfolios:portfolio", planned_id=planned_id)
    return render(
        request,
        "portfolios/check.html",
        {
            "portfolio": the_portfolio,
            "cset": the_portfolio.planned_set.competency_set,
            "check": portfolio_check(portfolio=the_portfolio),
            "deadline_closed": submit_closed(the_portfolio),
        },
    )


@require_GET
@login_required
def evidence_remove_confirm(request: HttpRequest, planned_id: int, item_id: int) -> HttpResponse:
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    item = get_object_or_404(
        EvidenceItem, pk=item_id, response__portfolio=the_portfolio, removed_at__isnull=True
    )
    back = reverse("portfolios:portfolio", kwargs={"planned_id": planned_id})
    if not the_portfolio.is_editable:
        return redirect(back)
    code = item.response.competency.code
    happens = [f"“{item.title}” is taken out of your {code} evidence and cannot be put back."]
    if item.kind == EvidenceItem.Kind.ATTESTATION:
        happens.append(
            "The supervisor's attestation goes with it; to have one again you ask them again."
        )
    else:
        happens.append("To use it again, you add it again.")
    return render(
        request,
        "confirm.html",
        {
            "title": f"Remove “{item.title}”?",
            "eyebrow": f"Portfolio: {the_portfolio.planned_set.competency_set.name}",
            "happens": happens,
            "action": reverse(
                "portfolios:evidence_remove", kwargs={"planned_id": planned_id, "item_id": item.pk}
            ),
            "button": "Yes, remove this evidence",
            "back": step_url(planned_id=planned_id, code=code),
        },
    )


@require_GET
@login_required
def appeal_notice_confirm(request: HttpRequest, planned_id: int) -> HttpResponse:
    """Before the notice of appeal of a final "not met" (its button posts to
    `views.appeal_notice`)."""
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    back = reverse("portfolios:portfolio", kwargs={"planned_id": planned_id})
    last = the_portfolio.submissions.exclude(outcome="").order_by("-number").first()
    program = the_portfolio.planned_set.application.program
    if (
        the_portfolio.status != Portfolio.Status.FAILED
        or last is None
        or last.decided_at is None
        or appeal_for(last) is not None
        or appeal_window(program=program, decided_at=last.decided_at).notice_by
        < program_today(program)
    ):
        return redirect(back)  # its page says why (the time to appeal ended on ...)
    return render(
        request,
        "confirm.html",
        {
            "title": "Give notice of appeal?",
            "eyebrow": f"Portfolio: {the_portfolio.planned_set.competency_set.name}",
            "happens": notice_happens(program=program, decided_at=last.decided_at),
            "action": reverse("portfolios:appeal_notice", kwargs={"planned_id": planned_id}),
            "button": "Yes, give notice of appeal",
            "back": back,
        },
    )
