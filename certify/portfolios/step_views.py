"""The candidate's portfolio in steps (ADR 0044): the context every portfolio page shares, and
the page of one competency with its stepper, response and evidence."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from certify.core.hidden import require_or_hide
from certify.core.uploads import limits_in_words
from certify.portfolios import blind, selectors, steps
from certify.portfolios.attesters import attester_suggestions
from certify.portfolios.forms import EvidenceForm
from certify.portfolios.models import Portfolio, Response
from certify.progress.api import deadline_closed
from certify.progress.models import PlannedSet


def page_context(request: HttpRequest, the_portfolio: Portfolio, *, owner: bool) -> dict:
    """What the overview, a competency page and the status page show. `steps` holds every
    competency's state; a competency page picks its own with `{% step_page %}` (the page the
    evidence form renders again when an upload is refused is a competency page too)."""
    feedback = selectors.earlier_feedback(portfolio=the_portfolio)
    all_steps = steps.portfolio_steps(portfolio=the_portfolio, feedback=feedback)
    return {
        "portfolio": the_portfolio,
        "cset": the_portfolio.planned_set.competency_set,
        "steps": all_steps,
        "steps_done": sum(1 for step in all_steps if step.done),
        "checklist": steps.checklist(portfolio=the_portfolio, steps=all_steps),
        "feedback": feedback,
        "evidence_form": EvidenceForm(workplace=workplace_of(the_portfolio)),
        "attesters": attester_suggestions(the_portfolio) if owner else {},
        "upload_limits": limits_in_words(),
        "owner": owner,
        "show_titles": blind.shows_titles(request.user, the_portfolio),
        "deadline_closed": submit_closed(the_portfolio) if owner else "",
    }


def workplace_of(the_portfolio: Portfolio) -> str:
    """The program's workplace noun ("library"): where the candidate's supervisor works."""
    return the_portfolio.planned_set.application.program.experience_words.noun


def submit_closed(the_portfolio: Portfolio) -> str:
    """The deadline's words once it has passed (ADR 0073): the pages then offer no submission,
    which the service would refuse; "" while the candidate may submit."""
    return deadline_closed(application=the_portfolio.planned_set.application)


def competency(request: HttpRequest, planned_id: int, code: str) -> HttpResponse:
    """One competency of the candidate's portfolio: the stepper, the response (autosaved, with a
    Save button without JavaScript) and the evidence. Whoever may read the portfolio but not edit
    it here (an assigned reviewer, staff, the candidate once it is submitted) goes to the same
    competency in the read-only preview."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    the_portfolio = selectors.portfolio_find(planned_set_id=planned_id)
    if the_portfolio is None:
        own = PlannedSet.objects.filter(pk=planned_id, application__candidate_id=request.user.pk)
        if not own.exists():
            raise Http404("No portfolio yet.")
        return redirect("portfolios:portfolio", planned_id=planned_id)  # it offers to start
    require_or_hide(
        request.user, the_portfolio, "portfolios.view_portfolio", known_by="portfolios.know_of"
    )
    response = next((r for r in the_portfolio.responses.all() if r.competency.code == code), None)
    if response is None:
        raise Http404("No such competency in this portfolio.")
    owner = the_portfolio.planned_set.application.candidate_id == request.user.pk
    if not (owner and the_portfolio.is_editable):
        preview = reverse("portfolios:preview", args=[planned_id])
        return redirect(f"{preview}#p-{code}")
    context = page_context(request, the_portfolio, owner=True)
    context["current"] = response.pk
    return render(request, "portfolios/edit.html", context)


def evidence_anchor(planned_id: int, response: Response) -> str:
    """The competency's page at its evidence: where an item was just added or removed."""
    page = steps.step_url(planned_id=planned_id, code=response.competency.code)
    return f"{page}#evidence-{response.pk}"


def refused_page(
    request: HttpRequest,
    the_portfolio: Portfolio,
    *,
    response: Response | None,
    typed: str,
    error: str,
) -> HttpResponse:
    """A save of the learning statement (`response` None: the overview) or of a competency's
    response (its page) refused without JavaScript, say because the portfolio was submitted in
    another tab: the page again with status 400, what was typed in its field, the refusal beside
    it and in the form's error summary, which the form's action names (ADR 0043). Nothing is
    lost; the candidate can copy the text."""
    context = page_context(request, the_portfolio, owner=True)
    field = f"narrative-{response.pk}" if response else "learning_statement"
    context["refused"] = {
        "response_id": response.pk if response else None,
        "typed": typed,
        "error": error,
        "items": [(error, f"#{field}")],  # the error summary's one line, linked to the field
        "summary_id": f"{field}-errors",  # the fragment the form's action ends with
    }
    if response is None:
        return render(request, "portfolios/overview.html", context, status=400)
    context["current"] = response.pk
    return render(request, "portfolios/edit.html", context, status=400)
