from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.accounts.api import case_person, case_title
from certify.accounts.models import User
from certify.applications.api import application_current_list_for
from certify.applications.models import Application
from certify.core import content_memo
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.kept import render_around
from certify.courses.api import candidate_number
from certify.payments.api import enrollment_invoice_for
from certify.programs.api import program_zone
from certify.progress import kept_plan, selectors, services
from certify.progress.deadline import deadline_text
from certify.progress.forms import RouteForm
from certify.progress.models import PlannedSet
from certify.progress.plan_rows import set_rows


def _enrollments(request: HttpRequest) -> list[Application]:
    """The signed-in candidate's accepted applications, one per program (one query)."""
    current = application_current_list_for(candidate=cast(User, request.user))
    return [a for a in current if a.status == Application.Status.ACCEPTED]


def _enrolled(request: HttpRequest, slug: str | None = None) -> Application | None:
    """The plan's application: the candidate's accepted one in the program `slug`; without a
    program, the only one (None when she is enrolled in several: `/plan/` lists them)."""
    enrolled = _enrollments(request)
    if slug is not None:
        return next((a for a in enrolled if a.program.slug == slug), None)
    return enrolled[0] if len(enrolled) == 1 else None


@permission_required("progress.view_own_plan")
def plan(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """`/plan/`: the plan when the candidate is enrolled in one program, the list of her plans
    when in several; `/plan/programs/<slug>/`: that program's plan, only ever her own. A plan
    shown before for the same versions of her data is given again without reading a row (ADR
    0071)."""
    key = kept_plan.key_for(request, slug)
    found = kept_plan.kept(key)
    if found is not None:
        content = content_memo.with_token(request, found.content)
        return render_around(request, "progress/plan.html", {}, content)
    enrolled = _enrollments(request)
    if slug is not None:
        application = next((a for a in enrolled if a.program.slug == slug), None)
    elif len(enrolled) > 1:
        return render(request, "progress/plans.html", {"enrolled": enrolled})
    else:
        application = enrolled[0] if enrolled else None
    if application is None:
        return render(request, "progress/not_enrolled.html", status=200)
    return _plan_page(request, application, key=key)


def _to_plan(application: Application | None) -> HttpResponse:
    if application is None:
        return redirect("progress:plan")
    return redirect("progress:plan_in", slug=application.program.slug)


PLAN_CONTENT = "progress/partials/plan_content.html"


def _plan_page(
    request: HttpRequest,
    application: Application,
    *,
    ticked: set[str] | None = None,
    electives_error: str = "",
    key: tuple[object, ...] | None = None,
) -> HttpResponse:
    """The plan page: `ticked` and `electives_error` put a refused choice of electives back as
    it was ticked, with the reason beside the list (answered 400). The content is rendered once
    per process for the same rows, the same invoice and the same time left (ADR 0068), and kept
    under `key` (the versions of the data, ADR 0071) for the next request."""
    # The core sets were put in the plan when the application was accepted
    # ("application.accepted", handlers); the page only reads.
    the_plan = selectors.plan_get(application=application)
    # The candidate is the signed-in person (`_enrollments` found the application by them).
    invoice = enrollment_invoice_for(user=cast(User, request.user), program=application.program)
    # `timeuntil` reads the clock: worked out here, it is one of the facts of the content.
    deadline = application.completion_deadline
    zone = application.program.time_zone
    deadline_left = kept_plan.time_left(deadline, zone)

    def values() -> dict[str, object]:
        # What `payments.api.enrollment_is_settled` asks, without asking again: a person has
        # at most one live (open or paid) enrollment invoice per program (the
        # one_live_enrollment_invoice constraint), and that is the invoice just read.
        settled = invoice is not None and invoice.is_settled
        return _plan_values(the_plan, invoice, settled, deadline_left, ticked, electives_error)

    if ticked is None and not electives_error:
        made_from = (the_plan, invoice, deadline_left)
        content = content_memo.kept_content(PLAN_CONTENT, values, made_from=made_from)
        kept_plan.keep(key, kept_plan.KeptPlan(content, deadline, deadline_left, zone))
        content = content_memo.with_token(request, content)
        return render_around(request, "progress/plan.html", {}, content)
    content = content_memo.with_token(request, content_memo.render_content(PLAN_CONTENT, values()))
    response = render_around(request, "progress/plan.html", {}, content)
    response.status_code = 400
    return response


def _plan_values(
    the_plan: selectors.Plan,
    invoice: object,
    settled: bool,
    deadline_left: str,
    ticked: set[str] | None,
    electives_error: str,
) -> dict[str, object]:
    # From the day after the deadline (program's time zone): new work waits for an extension,
    # and the plan offers none of it (ADR 0073).
    passed = deadline_left == kept_plan.PASSED
    deadline = the_plan.application.completion_deadline
    closed = deadline_text(deadline) if passed and deadline else ""
    # A program that recognizes no college programs (no years to claim in) offers no such route.
    programmes = the_plan.application.program.recognised_programme_years > 0
    # A set whose portfolio route has closed links the catalog's approved courses for it.
    catalogue = reverse("courses:catalogue") + f"?program={the_plan.application.program.slug}"
    zone = program_zone(the_plan.application.program)  # the day a set was completed, there

    def rows(planned: list[PlannedSet]) -> tuple[object, ...]:
        return set_rows(
            planned,
            closed=closed,
            programmes=programmes,
            deadline=deadline,
            catalogue=catalogue,
            zone=zone,
        )

    return {
        "plan": the_plan,
        "core_rows": rows(the_plan.core),
        "elective_rows": rows(the_plan.electives),
        # The electives' checkboxes are written in the template (the markup a
        # CheckboxSelectMultiple gave, without rendering a widget template per elective).
        "chosen_electives": frozenset(
            ticked if ticked is not None else {p.competency_set.code for p in the_plan.electives}
        ),
        # Hashable, like `chosen_electives`: the list is a template fragment (ADR 0062).
        "elective_choices": tuple((s.code, s.name) for s in the_plan.available_electives),
        "electives_error": electives_error,
        # The summary's one line links to the first box of the list.
        "electives_summary": [(electives_error, "#id_electives_0")] if electives_error else [],
        "invoice": invoice,
        "enrollment_settled": settled,
        "deadline_left": deadline_left,
        "deadline_passed": passed,
        "deadline_words": closed,
        "zone": zone,  # the earlier version's sets' days completed, there
    }


@require_POST
@permission_required("progress.view_own_plan")
def electives(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Save the candidate's electives in the program `slug` (without one: her only program).
    A refused choice (too few, too many, dropping a set already started) puts the plan back
    with the boxes as they were ticked and the reason beside them, summarized above the list
    (ADR 0043)."""
    application = _enrolled(request, slug)
    if application is None:  # not enrolled (any more): the plan says what to do
        return saved_redirect(reverse("progress:plan"))
    codes = request.POST.getlist("electives")
    try:
        services.electives_choose(
            application=application, actor=cast(User, request.user), set_codes=codes
        )
    except DomainError as error:
        return _plan_page(
            request,
            application,
            ticked={code.upper() for code in codes},
            electives_error=error.message,
        )
    messages.success(request, "Your electives are saved.")
    # Not the form's `#electives-errors`: the browser would keep it (ADR 0043).
    return saved_redirect(reverse("progress:plan_in", args=[application.program.slug]))


# The route a candidate chose, as the end of "You will complete <set> …".
ROUTE_CHOSEN = {
    PlannedSet.Route.COURSE: "with an approved course",
    PlannedSet.Route.PORTFOLIO: "with a portfolio",
    PlannedSet.Route.PROGRAMME: "with a recognized college program",
}


@require_POST
@permission_required("progress.view_own_plan")
def route(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_object_or_404(
        PlannedSet.objects.select_related("application__program"),
        pk=pk,
        application__candidate=request.user,
    )
    form = RouteForm(request.POST)
    if not form.is_valid():
        # Named: the message stands at the top of the plan, above every set's form.
        messages.error(
            request,
            f"Choose how you will show {planned.competency_set.name}, then press Save my choice.",
        )
        return _to_plan(planned.application)
    try:
        services.route_choose(
            planned=planned, actor=cast(User, request.user), route=form.cleaned_data["route"]
        )
        way = ROUTE_CHOSEN[form.cleaned_data["route"]]
        messages.success(request, f"You will complete {planned.competency_set.name} {way}.")
    except DomainError as error:
        messages.error(request, error.message)
    return _to_plan(planned.application)


@permission_required("progress.view_any_plan")
def staff_plan(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("program", "candidate", "framework_version"), pk=pk
    )
    number = candidate_number(application)
    return render(
        request,
        "progress/staff_plan.html",
        {
            "plan": selectors.plan_get(application=application),
            # Never the closure's placeholder name (`accounts.api.case_title`).
            "title": case_title("Plan", application.candidate, reference=number),
            "who": case_person(application.candidate, reference=number),
        },
    )
