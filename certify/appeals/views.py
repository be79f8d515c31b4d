from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from certify.accounts.models import User
from certify.appeals import access, selectors, services
from certify.appeals.forms import AppealDecisionForm, GroundsForm
from certify.appeals.models import Appeal
from certify.appeals.services import appeal_window
from certify.appeals.titles import appeal_title
from certify.appeals.workflow import deciders_of
from certify.core.chips import status_chips
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import moved_on_redirect, saved_redirect
from certify.core.workflow import check
from certify.core.workflow_words import StatusMovedOnError


def _back(appeal: Appeal) -> str:
    url = getattr(appeal.subject, "get_absolute_url", None)
    return url() if url else "/"


@login_required
def grounds(request: HttpRequest, pk: int) -> HttpResponse:
    """The grounds of the appellant's own appeal. The form sits on the decision's page; this page
    shows it when the home page's task opens it, and puts a refused one back (400, what was
    typed kept, the error summary on the form: ADR 0043)."""
    appeal = get_object_or_404(Appeal, pk=pk, appellant=request.user)
    if appeal.status != Appeal.Status.NOTICE_GIVEN:
        if request.method == "POST":  # a page out of date (grounds given in another tab, …)
            try:
                check(appeal, "give_grounds", actor=request.user)
            except StatusMovedOnError as error:  # the engine's words: where it is now
                return moved_on_redirect(request, error, _back(appeal))
        return saved_redirect(_back(appeal))  # given already, or decided: the decision's page says
    form = GroundsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_submit_grounds(
                appeal=appeal, actor=cast(User, request.user), grounds=form.cleaned_data["grounds"]
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your grounds are submitted. A reviewer will decide.")
            return saved_redirect(_back(appeal))
    return render(
        request,
        "appeals/grounds.html",
        {
            "appeal": appeal,
            "appeal_window": appeal_window(program=appeal.program, decided_at=appeal.decided_at),
            "grounds_form": form if form.is_bound else None,
            "back": _back(appeal),
        },
        status=400 if form.is_bound else 200,
    )


@permission_required("appeals.review_appeal")
def appeal_list(request: HttpRequest) -> HttpResponse:
    """Open appeals, oldest notice first; chips filter them by status, each with its count."""
    status = request.GET.get("status", "")
    if status not in selectors.OPEN:
        status = ""
    page = Paginator(selectors.appeal_list(status=status), 50).get_page(request.GET.get("page"))
    # The viewer's own appeals and those they declared a conflict with say so, without a link.
    refused = access.refused_rows(request.user, list(page))
    rows = [
        (
            appeal,
            appeal_window(program=appeal.program, decided_at=appeal.decided_at).grounds_by,
            refused.get(appeal.pk, ""),
        )
        for appeal in page
    ]
    chips = status_chips(
        request,
        choices=[(s, Appeal.Status(s).label) for s in selectors.OPEN],
        counts=selectors.appeal_counts(),
        current=status,
        total=("", "All open appeals"),
    )
    return render(request, "appeals/list.html", {"page": page, "rows": rows, "chips": chips})


@permission_required("appeals.review_appeal")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(selectors.appeal_list(open_only=False), pk=pk)
    if refusal := access.appeal_refusal(request.user, appeal):
        return render(
            request,
            "errors/case_refused.html",
            {
                "heading": "An appeal you may not review",
                "refusal": refusal,
                "conflict": refusal == access.CONFLICT_DECLARED,
                "back": reverse("appeals:list"),
                "back_label": "All open appeals",
            },
            status=403,
        )
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decide(
                appeal=appeal,
                actor=cast(User, request.user),
                uphold=form.cleaned_data["outcome"] == "uphold",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "The appeal is decided and the appellant was told.")
            return saved_redirect(reverse("appeals:list"))
        except StatusMovedOnError as error:  # decided in another tab or by a colleague meanwhile
            return moved_on_redirect(request, error, reverse("appeals:review", args=[appeal.pk]))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    status = 400 if request.method == "POST" else 200  # refused: the form again, with why
    context = {
        "appeal": appeal,
        "form": form,
        "title": appeal_title(appeal),
        "decided_it": request.user.pk in deciders_of(appeal),  # reads it, does not decide it
    }
    return render(request, "appeals/review.html", context, status=status)
