"""Portfolio pages for candidates, reviewers, staff and attesting supervisors."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from certify.accounts.models import User
from certify.appeals.api import appeal_for, appeal_window
from certify.core import drafts
from certify.core.decorators import permission_required, sign_in_first
from certify.core.errors import DomainError
from certify.core.hidden import require_or_hide
from certify.core.http import saved_redirect, signed_in
from certify.core.workflow import LinkHolder
from certify.portfolios import access, blind, selectors, services, steps
from certify.portfolios.ended_reviews import ReviewEndedError
from certify.portfolios.evidence_kinds import evidence_add_of_kind
from certify.portfolios.forms import (
    AttestForm,
    EvidenceForm,
)
from certify.portfolios.models import EvidenceItem, Portfolio, ReviewAssignment
from certify.portfolios.refusals import ReviewRefusedError, conflict_page, review_refused
from certify.portfolios.step_views import evidence_anchor as _evidence_anchor
from certify.portfolios.step_views import page_context as _page_context
from certify.portfolios.step_views import refused_page, workplace_of
from certify.portfolios.task_list import submitted_message
from certify.portfolios.workflows.attestation import LINK_PURPOSE
from certify.programs.api import program_today
from certify.progress.api import ways_left
from certify.progress.models import PlannedSet


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _portfolio(request: HttpRequest, planned_id: int, perm: str) -> Portfolio:
    portfolio = selectors.portfolio_find(planned_set_id=planned_id)
    if portfolio is None:
        raise Http404("No portfolio yet.")
    # Another candidate's portfolio is the 404 of an unknown one; those who know of it, 403.
    require_or_hide(request.user, portfolio, perm, known_by="portfolios.know_of")
    return portfolio


def _own_planned_set(request: HttpRequest, planned_id: int) -> PlannedSet | None:
    """The signed-in candidate's planned set, or None when it is someone else's (or unknown)."""
    return (
        PlannedSet.objects.select_related("application__program", "competency_set")
        .filter(pk=planned_id, application__candidate_id=request.user.pk)
        .first()
    )


@login_required
def portfolio(request: HttpRequest, planned_id: int) -> HttpResponse:
    """The portfolio page: while the candidate edits it, the overview (each competency's state,
    a checklist linking to what is missing, the statement and Submit; ADR 0044). Reading it
    changes nothing: a portfolio not started yet shows its candidate a button that starts it
    (`start`, a POST)."""
    the_portfolio = selectors.portfolio_find(planned_set_id=planned_id)
    if the_portfolio is None:
        planned = _own_planned_set(request, planned_id)
        if planned is None:
            raise Http404("No portfolio yet.")
        if planned.route != PlannedSet.Route.PORTFOLIO:
            messages.error(request, "Choose the portfolio route for this set first.")
            return redirect("progress:plan_in", slug=planned.application.program.slug)
        return render(request, "portfolios/start.html", {"planned": planned})
    require_or_hide(
        request.user, the_portfolio, "portfolios.view_portfolio", known_by="portfolios.know_of"
    )
    if refused := conflict_page(request, the_portfolio):
        return refused
    owner = the_portfolio.planned_set.application.candidate_id == request.user.pk
    context = _page_context(request, the_portfolio, owner=owner)
    if owner and the_portfolio.is_editable:
        return render(request, "portfolios/overview.html", context)
    last = the_portfolio.submissions.all().last() if the_portfolio.submissions.all() else None
    appeal = appeal_for(last) if last else None
    program = the_portfolio.planned_set.application.program
    window = (
        appeal_window(program=program, decided_at=last.decided_at)
        if last and last.decided_at and the_portfolio.status == Portfolio.Status.FAILED
        else None
    )
    return render(
        request,
        "portfolios/status.html",
        {
            **context,
            "submission": last,
            "appeal": appeal,
            "appeal_window": window,
            # Offered until its last day ends in the program's zone, as the service counts it.
            "appeal_open": window is not None and program_today(program) <= window.notice_by,
            # What is left once the portfolio was not met for good.
            "ways_left": ways_left(
                competency_set=the_portfolio.planned_set.competency_set,
                program=the_portfolio.planned_set.application.program,
            ),
        },
    )


@require_POST
@sign_in_first
def start(request: HttpRequest, planned_id: int) -> HttpResponse:
    """Start the portfolio of a set on the portfolio route: one empty response per competency."""
    planned = _own_planned_set(request, planned_id)
    if planned is None:
        raise Http404("No such set in your plan.")
    try:
        services.portfolio_open(planned=planned, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("progress:plan_in", slug=planned.application.program.slug)
    return redirect("portfolios:portfolio", planned_id=planned_id)


def _autosaved(
    request: HttpRequest, planned_id: int, *, received: str, stored: str | None, error: str
) -> HttpResponse:
    """The answer to an autosave: the status and the checklist (htmx); when the text was stored,
    the versions of what arrived and of what is stored, which the script compares with what it
    sent before it says "Saved" (ADR 0037)."""
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    context = {"saved": stored is not None, "error": error, "portfolio": the_portfolio}
    context["checklist"] = steps.checklist(
        portfolio=the_portfolio, steps=steps.portfolio_steps(portfolio=the_portfolio)
    )
    answer = render(request, "portfolios/partials/saved.html", context)
    if stored is not None:
        answer[drafts.RECEIVED_HEADER] = drafts.text_version(received)
        answer[drafts.VERSION_HEADER] = drafts.text_version(stored)
    answer["Cache-Control"] = "no-store"
    return answer


@require_POST
@sign_in_first
def response_save(request: HttpRequest, planned_id: int, response_id: int) -> HttpResponse:
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    response = get_object_or_404(the_portfolio.responses.all(), pk=response_id)
    text, stored, error = request.POST.get("narrative", ""), None, ""
    try:
        stored = services.response_save(
            response=response, actor=_user(request), narrative=text
        ).narrative
    except DomainError as exc:
        error = exc.message
    if getattr(request, "htmx", False):
        return _autosaved(request, planned_id, received=text, stored=stored, error=error)
    if error:  # the page again, the text as typed, the words beside it (400)
        return refused_page(request, the_portfolio, response=response, typed=text, error=error)
    page = steps.step_url(planned_id=planned_id, code=response.competency.code)
    return saved_redirect(page, f"narrative-{response.pk}")


@require_POST
@sign_in_first
def statement_save(request: HttpRequest, planned_id: int) -> HttpResponse:
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    text, stored, error = request.POST.get("learning_statement", ""), None, ""
    try:
        stored = services.learning_statement_save(
            portfolio=the_portfolio, actor=_user(request), text=text
        ).learning_statement
    except DomainError as exc:
        error = exc.message
    if getattr(request, "htmx", False):
        return _autosaved(request, planned_id, received=text, stored=stored, error=error)
    if error:  # the page again, the text as typed, the words beside it (400)
        return refused_page(request, the_portfolio, response=None, typed=text, error=error)
    # Back at the statement, not at the form's `#statement-errors` (ADR 0043).
    page = reverse("portfolios:portfolio", args=[planned_id])
    return saved_redirect(page, "statement-title")


@require_POST
@sign_in_first
def evidence_add(request: HttpRequest, planned_id: int, response_id: int) -> HttpResponse:
    """Add evidence to one competency. A refusal (the form's or the service's) puts the page back
    with this competency's form open, as typed, each error beside its field and summarized at
    the form's top; the form's action ends with that summary's id, so the page comes back
    scrolled to it (ADR 0043)."""
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    response = get_object_or_404(the_portfolio.responses.all(), pk=response_id)
    form = EvidenceForm(request.POST, request.FILES, workplace=workplace_of(the_portfolio))
    anchor = _evidence_anchor(planned_id, response)
    if form.is_valid():
        try:
            evidence_add_of_kind(form.cleaned_data, response=response, actor=_user(request))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    if form.errors:
        context = _page_context(request, the_portfolio, owner=True)
        context["failed"] = {"response_id": response.pk, "form": form}
        return render(request, "portfolios/edit.html", context, status=400)
    messages.success(request, f"Evidence added to {response.competency.code}.")
    page, fragment = anchor.split("#", 1)  # the competency's evidence, where the item now is
    return saved_redirect(page, fragment)


@require_POST
@sign_in_first
def evidence_remove(request: HttpRequest, planned_id: int, item_id: int) -> HttpResponse:
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    item = get_object_or_404(EvidenceItem, pk=item_id, response__portfolio=the_portfolio)
    try:
        services.evidence_remove(item=item, actor=_user(request))
        messages.success(request, f"Removed “{item.title}”.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_evidence_anchor(planned_id, item.response))


@require_safe
def preview(request: HttpRequest, planned_id: int) -> HttpResponse:
    """The portfolio as a reviewer sees it, read only: what the competency page's redirect, the
    version's staff page and the status page link to (GET and HEAD; it changes nothing)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    the_portfolio = _portfolio(request, planned_id, "portfolios.view_portfolio")
    if refused := conflict_page(request, the_portfolio):
        return refused
    items = [e for r in the_portfolio.responses.all() for e in r.evidence.all()]
    return render(
        request,
        "portfolios/preview.html",
        {
            "portfolio": the_portfolio,
            "cset": the_portfolio.planned_set.competency_set,
            "owner": the_portfolio.planned_set.application.candidate_id == request.user.pk,
            "show_titles": blind.shows_titles(request.user, the_portfolio),
            "evidence_numbers": blind.evidence_numbers(items),
        },
    )


@require_POST
@sign_in_first
def submit(request: HttpRequest, planned_id: int) -> HttpResponse:
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    try:
        services.portfolio_submit(portfolio=the_portfolio, actor=_user(request))
        messages.success(request, submitted_message(the_portfolio))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("portfolios:portfolio", planned_id=planned_id)


@require_POST
@sign_in_first
def appeal_notice(request: HttpRequest, planned_id: int) -> HttpResponse:
    the_portfolio = _portfolio(request, planned_id, "portfolios.edit_portfolio")
    try:
        services.portfolio_appeal(portfolio=the_portfolio, actor=_user(request))
        messages.success(request, "Your notice of appeal is recorded. Now give the grounds.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("portfolios:portfolio", planned_id=planned_id)


def evidence_download(request: HttpRequest, item_id: int) -> HttpResponseBase:
    """Evidence files only through here: the candidate, staff, and a reviewer the files of the
    version they are assigned, while that assignment is live (`access.py`)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    item = get_object_or_404(
        EvidenceItem.objects.select_related("response__portfolio__planned_set__application"),
        pk=item_id,
        kind=EvidenceItem.Kind.FILE,
    )
    portfolio = item.response.portfolio
    require_or_hide(
        request.user,
        item,
        "portfolios.view_evidence",
        known_by="portfolios.know_of",
        known_of=portfolio,
    )
    if refused := conflict_page(request, portfolio):
        return refused
    if blind.shows_titles(request.user, portfolio):
        name = f"{item.title[:80] or 'evidence'}{item.extension}".replace("/", "-")
    else:  # a reviewer: nothing the candidate named (blind review)
        number = selectors.evidence_numbers(portfolio_id=portfolio.pk).get(item.pk)
        name = blind.neutral_filename(item, number)
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@never_cache  # a link page shows someone's details to its holder (core/private_pages.py)
def attest(request: HttpRequest, token: str) -> HttpResponse:
    try:
        item = services.attestation_item_from_token(token)
    except DomainError as error:
        return _link_refused(request, error)
    form = AttestForm(
        request.POST or None,
        initial={"organization": item.attester_organization},
        workplace=item.response.portfolio.planned_set.application.program.experience_words.noun,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attestation_respond(
                item=item,
                actor=LinkHolder(LINK_PURPOSE, item.pk, item.attester_name),
                given=form.cleaned_data["answer"] == "give",
                text=form.cleaned_data["text"],
                organization=form.cleaned_data["organization"],
                signed_in=signed_in(request),
            )
            return render(request, "portfolios/attest_thanks.html", {"item": item})
        except services.LinkClosedError as error:
            return _link_refused(request, error)
        except DomainError as error:
            form.add_error("text" if error.field == "text" else None, error.message)
    return render(
        request,
        "portfolios/attest.html",
        {"item": item, "form": form},
        status=400 if form.errors else 200,
    )


def _link_refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A link that was never valid (400) or that works no more (410), in the holder's words."""
    return render(
        request,
        "applications/supervisor_invalid.html",
        {"message": error.message},
        status=410 if isinstance(error, services.LinkClosedError) else 400,
    )


# --- Reviewers ---------------------------------------------------------------------------------


def _assignment(request: HttpRequest, pk: int) -> ReviewAssignment:
    """The signed-in reviewer's own review. Someone else's answers as an unknown id does (404,
    the same page), so a review's id cannot be probed (docs/security.md); the reviewer role is
    checked first (403 whatever the id)."""
    if not request.user.has_perm("portfolios.review"):
        raise PermissionDenied
    assignment = selectors.assignment_find(pk=pk)
    if assignment is None or assignment.reviewer_id != request.user.pk:
        raise Http404("No such review.")
    # Hers, but she declared a conflict with its candidate: refused with the reason, withdrawn
    # (given back) or not (ADR 0022).
    if refusal := access.review_refusal(request.user, assignment):
        raise ReviewRefusedError(refusal)
    # Hers, and Certify or staff withdrew it: the page that says it ended and why (her e-mail's
    # link still leads here), which tells her nothing an unknown id hides.
    if assignment.status == ReviewAssignment.Status.WITHDRAWN:
        raise ReviewEndedError(assignment)
    return assignment


@require_POST
@permission_required("portfolios.review")
@review_refused
def rating_save(request: HttpRequest, pk: int, competency_id: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    try:
        row = services.rating_save(
            assignment=assignment,
            actor=_user(request),
            competency_id=competency_id,
            rating=request.POST.get("rating", ""),
            comment=request.POST.get("comment", ""),
        )
        saved, error = True, ""
    except DomainError as exc:
        row, saved, error = None, False, exc.message
    if getattr(request, "htmx", False):
        return render(
            request,
            "portfolios/partials/rating_saved.html",
            {"saved": saved, "error": error, "row": row},
        )
    if error:
        messages.error(request, error)
    return redirect("portfolios:assess", pk=pk)
