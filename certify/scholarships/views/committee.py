"""The committee workspace (ADR 0050): the rubric, the scoring list (the ranking), one
application's scorecard, declaring a conflict, and the chair confirming the awards."""

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.programs.api import program_zone
from certify.scholarships import ranking, selectors, services
from certify.scholarships.committee_forms import (
    ConflictForm,
    RubricFormSet,
    ScorecardForm,
    rubric_initial,
)
from certify.scholarships.left_out import rules_name
from certify.scholarships.models import Fund, ScholarshipApplication
from certify.scholarships.rules import require
from certify.scholarships.views import fund_for, show_error

SIGNED_IN = "scholarships.signed_in"


def _application(request: HttpRequest, pk: int) -> ScholarshipApplication:
    try:
        application = selectors.application_get(pk=pk)
    except ScholarshipApplication.DoesNotExist:
        raise Http404("No such application.") from None
    require(request.user, application, "scholarships.score")
    return application


left_out = services.committee_left_out  # why a member is left out of an application ('' if not)


def conflicted_page(request: HttpRequest, application: ScholarshipApplication, why: str):
    """All a member with a conflict sees of the application: the name, and that they are out."""
    return render(
        request,
        "scholarships/committee/left_out.html",
        {"application": application, "fund": application.fund, "why": why},
        status=403,
    )


def _rubric_rows(formset) -> list[dict]:
    """One row per line of the form, in its order (the service keys a problem by the line's
    place). A saved criterion whose name was emptied is removed, as the page says; a spare
    line left empty is skipped by the service."""
    kept = formset.initial_form_count()
    return [
        {} if i < kept and not (f.cleaned_data.get("name") or "").strip() else f.cleaned_data
        for i, f in enumerate(formset.forms)
    ]


@permission_required("scholarships.view_dashboard")
def rubric(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_for(request, slug, "scholarships.manage_fund")
    started = ranking.scoring_started(fund)
    criteria = ranking.criteria_of(fund)
    not_kept = services.rubric_refusal(fund)  # a draw fund: said instead of the form
    status = 200
    if not_kept:
        if request.method == "POST":
            status = 400
        return render(
            request,
            "scholarships/committee/rubric.html",
            {"fund": fund, "not_kept": not_kept, "refused": status == 400},
            status=status,
        )
    if request.method == "POST" and not started:
        formset = RubricFormSet(request.POST)
        if formset.is_valid():
            rows = _rubric_rows(formset)
            try:
                services.rubric_save(fund=fund, actor=cast(User, request.user), criteria=rows)
            except DomainError as error:
                fields = getattr(error, "fields", {})
                for key, message in fields.items():
                    index, _, name = key.partition("-")
                    formset.forms[int(index)].add_error(name, message)
                if not fields:
                    messages.error(request, error.message)
            else:
                messages.success(request, f"The {fund.name}'s rubric is saved.")
                return saved_redirect(reverse("scholarships:scoring", args=[fund.slug]))
        status = 400
    elif request.method == "POST":
        messages.error(request, "The committee has started scoring: the rubric stays as it is.")
        status = 400
        formset = RubricFormSet(initial=rubric_initial(criteria))
    else:
        formset = RubricFormSet(initial=rubric_initial(criteria))
    return render(
        request,
        "scholarships/committee/rubric.html",
        {"fund": fund, "formset": formset, "started": started, "criteria": criteria},
        status=status,
    )


@permission_required("scholarships.view_dashboard")
def scoring(request: HttpRequest, slug: str) -> HttpResponse:
    """The applications waiting, each with the member's own state and, once they scored it (or
    for the chair and staff), the mean score and rank."""
    fund = fund_for(request, slug, "scholarships.view_fund")
    user = cast(User, request.user)
    rows = ranking.ranking(fund=fund, viewer=user)
    criteria = ranking.criteria_of(fund)
    member = user.has_perm("scholarships.score", fund)
    sees_all = not member or user.has_perm("scholarships.confirm_awards", fund)
    # The funds page's "To score" links here: the member's own work left, by the same rule as
    # its count (`selectors.to_score_counts`): not scored by them, not one they are left out of.
    # Nothing is left to score while the fund has no rubric: it cannot be scored yet.
    left = [r for r in rows if member and criteria and ranking.left_to_score(r, user)]
    to_score_only = member and request.GET.get("show") == "to-score"
    return render(
        request,
        "scholarships/committee/scoring.html",
        {
            "fund": fund,
            "rows": left if to_score_only else rows,
            "waiting_count": len(rows),
            "left_count": len(left),
            "to_score_only": to_score_only,
            "criteria": criteria,
            "out_of": ranking.rubric_total(criteria),
            "zone": program_zone(selectors.fund_program(fund)),
            "member": member,
            "sees_all": sees_all,
            "chair": user.has_perm("scholarships.confirm_awards", fund),
            "admin": user.has_perm("scholarships.manage_fund", fund),
        },
    )


def _score_page(
    request: HttpRequest,
    application: ScholarshipApplication,
    form: ScorecardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = cast(User, request.user)
    fund = application.fund
    criteria = ranking.criteria_of(fund)
    seen = ranking.scorecards_seen_by(application=application, member=user)
    mine, decided = seen.mine, seen.decided
    name = rules_name(application.applicant)  # never the closure's placeholder
    checks = (  # for deciding: a decided application's award would count against it
        ranking.reader_for(application, selectors.fund_today(fund)).checks(application, name=name)
        if application.status == ScholarshipApplication.Status.SUBMITTED
        else []
    )
    not_scored = services.scoring_refusal(fund)  # a draw fund: said instead of the form
    return render(
        request,
        "scholarships/committee/score.html",
        {
            "application": application,
            "fund": fund,
            "criteria": criteria,
            "not_scored": not_scored,
            "refused": status == 400,
            "form": None
            if decided or not_scored
            else (form or ScorecardForm(criteria=criteria, card=mine)),
            "mine": mine,
            "others": seen.others,
            "hidden_count": seen.hidden,
            "checks": checks,
            "out_of": ranking.rubric_total(criteria),
            "zone": program_zone(selectors.fund_program(fund)),
            # Once scored, the way on to the next one (it took the ranking page each time).
            "next_to_score": mine
            and selectors.next_to_score(member=user, fund=fund, after=application.pk),
        },
        status=status,
    )


@permission_required(SIGNED_IN)
def score(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    user = cast(User, request.user)
    if why := left_out(user, application):
        return conflicted_page(request, application, why)
    if request.method != "POST":
        return _score_page(request, application)
    criteria = ranking.criteria_of(application.fund)
    form = ScorecardForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            services.scorecard_save(application=application, actor=user, scores=form.scores())
        except DomainError as error:
            show_error(form, error)
        else:
            name = rules_name(application.applicant, starts=False)
            messages.success(request, f"Your scores for {name} are saved.")
            return saved_redirect(reverse("scholarships:score", args=[application.pk]))
    return _score_page(request, application, form=form, status=400)


@permission_required(SIGNED_IN)
def conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what declaring a conflict does, and the reason field; POST: declare it."""
    application = _application(request, pk)
    user = cast(User, request.user)
    if why := left_out(user, application):
        return conflicted_page(request, application, why)
    form = ConflictForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.committee_conflict_declare(
                    application=application, actor=user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                show_error(form, error)
            else:
                name = rules_name(application.applicant, starts=False)
                messages.success(
                    request,
                    f"Your conflict with {name} is declared: you are left out of their "
                    "application, and the mean score counts only the other members.",
                )
                return saved_redirect(reverse("scholarships:scoring", args=[application.fund.slug]))
        status = 400
    return render(
        request,
        "scholarships/committee/conflict.html",
        {"application": application, "fund": application.fund, "form": form},
        status=status,
    )


@permission_required("scholarships.view_dashboard")
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """The chair's confirmation page: GET says what confirming will do; POST does it."""
    fund = fund_for(request, slug, "scholarships.confirm_awards")
    today = selectors.fund_today(fund)
    if request.method == "POST":
        try:
            done = services.committee_confirm(
                fund=fund,
                actor=cast(User, request.user),
                outcome_seen=request.POST.get("outcome", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("scholarships:confirm", slug=fund.slug)
        drawn = f" A tie was drawn at random (draw {done.draw.number})." if done.draw else ""
        messages.success(
            request,
            f"{len(done.awarded)} award{'s' if len(done.awarded) != 1 else ''} confirmed and "
            f"{len(done.declined)} application{'s' if len(done.declined) != 1 else ''} not "
            f"awarded.{drawn} Everyone has been told.",
        )
        return redirect(fund)
    outline = services.committee_outline(fund=fund, today=today)
    window = services.window_closed_problem(fund, today) if outline.needs_draw else ""
    criteria = ranking.criteria_of(fund)
    return render(
        request,
        "scholarships/committee/confirm.html",
        {
            "fund": fund,
            "plan": outline,
            "window": window,
            "can_confirm": fund.method == Fund.Method.COMMITTEE
            and outline.places >= 1
            and bool(outline.awarded or outline.tie)
            and not window,
            "out_of": ranking.rubric_total(criteria),
            "zone": program_zone(selectors.fund_program(fund)),
            "action": reverse("scholarships:confirm", kwargs={"slug": fund.slug}),
        },
    )
