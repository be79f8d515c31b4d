"""Program staff: providers to approve, courses to evaluate and decide, completions to confirm,
unmatched reports, recognition agreements and graduates' claims."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from certify.accounts.api import actors_attach, references_attach
from certify.core.chips import Chip, status_chips
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import moved_on_redirect
from certify.core.workflow_words import StatusMovedOnError
from certify.courses import rubric, selectors, services
from certify.courses.approval_forms import ApprovalStopForm, RenewalCloseForm
from certify.courses.forms import (
    CourseDecisionForm,
    DecisionForm,
    EvaluationForm,
    ProgrammeForm,
    UnmatchedForm,
)
from certify.courses.models import (
    Course,
    CourseCompletion,
    ProgrammeClaim,
    UnmatchedCompletion,
)
from certify.courses.views.common import user_of
from certify.courses.views.provider import decide_completion
from certify.payments.api import invoice_is_settled
from certify.programs import api as programs_api

PER_PAGE = 50
RUNNING_STATUSES = (Course.Status.APPROVED, Course.Status.SUBMITTED, Course.Status.RETURNED)


def _seen(request: HttpRequest, name: str = "updated_at_seen") -> datetime | None:
    """The `updated_at` the decision form's page showed (the templates write it): a decision
    covers what its decider read (`require_unchanged`). None when missing or unreadable."""
    try:
        return parse_datetime(request.POST.get(name, ""))
    except ValueError:
        return None


def _status(request: HttpRequest, choices: list[str], default: str) -> str:
    status = request.GET.get("status", default)
    return status if status in choices or status == "" else default


def _chips(request: HttpRequest, model: Any, status: str) -> list[Chip]:
    """The queue's statuses in words, each with its count and a link that filters."""
    counts = selectors.staff_status_counts(model)
    return status_chips(request, choices=model.Status.choices, counts=counts, current=status)


@permission_required("courses.manage_courses")
def courses(request: HttpRequest) -> HttpResponse:
    status = _status(request, Course.Status.values, "")  # every course unless filtered
    page = Paginator(selectors.staff_course_queue(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/staff_courses.html",
        {"page": page, "chips": _chips(request, Course, status)},
    )


def _course_context(course: Course, **extra: object) -> dict[str, object]:
    mapped = {m.competency_id: m for m in course.mappings.all()}
    evaluations = [e for e in course.evaluations.all() if e.round == course.review_round]
    labels = {c.key: c.label for c in rubric.CRITERIA}
    # Its history's and evaluations' closed actors' last roles (`by_whom`), in one query.
    actors_attach(
        [*(t.actor for t in course.transitions.all()), *(e.evaluator for e in evaluations)]
    )
    return {
        "course": course,
        "map_rows": [(c, mapped.get(c.pk)) for c in course.competency_set.competencies.all()],
        "evaluations": evaluations,
        "criterion_labels": labels,
        "fee_settled": bool(course.fee_invoice and invoice_is_settled(invoice=course.fee_invoice)),
        "evaluation_form": extra.pop("evaluation_form", None) or EvaluationForm(),
        "decision_form": extra.pop("decision_form", None) or CourseDecisionForm(),
        "stop_form": extra.pop("stop_form", None) or _stop_form(course),
        "can_stop": can_stop(course),
        "close_form": extra.pop("close_form", None) or RenewalCloseForm(),
        "can_close_renewal": course.status == Course.Status.RETURNED and course.ever_approved,
        "returned_at": course.transitions.filter(to_status=Course.Status.RETURNED)
        .values_list("created_at", flat=True)
        .order_by("-created_at")
        .first()
        if course.status == Course.Status.RETURNED
        else None,
        **extra,
    }


def can_stop(course: Course) -> bool:
    """Whether the page offers to suspend, revoke or reinstate the approval."""
    if course.status == Course.Status.SUSPENDED:
        return True
    running = course.approval_expires_on is not None and (
        course.approval_expires_on >= programs_api.program_today(course.program)
    )
    return running and course.status in RUNNING_STATUSES


def _stop_form(course: Course, data: Any = None) -> ApprovalStopForm:
    return ApprovalStopForm(data, suspended=course.status == Course.Status.SUSPENDED)


def _moved_on(request: HttpRequest, error: StatusMovedOnError, course: Course) -> HttpResponse:
    """A decision sent from a page out of date (a colleague decided first, another tab): the
    course's page as it is now, with the workflow's words (ADR 0018), not the form beside it."""
    return moved_on_redirect(request, error, reverse("courses:staff_course", args=[course.pk]))


def _staff_course(cid: int) -> Course:
    course = selectors.course_find(pk=cid)
    if course is None:
        raise Http404("No such course.")
    return course


@permission_required("courses.manage_courses")
def course(request: HttpRequest, cid: int) -> HttpResponse:
    return render(request, "courses/staff_course.html", _course_context(_staff_course(cid)))


@require_POST
@permission_required("courses.evaluate_course")
def course_evaluate(request: HttpRequest, cid: int) -> HttpResponse:
    the_course = _staff_course(cid)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.course_evaluate(
                course=the_course,
                actor=user_of(request),
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                updated_at_seen=_seen(request),
            )
            messages.success(request, "Your evaluation is recorded.")
            return redirect("courses:staff_course", cid=cid)
        except StatusMovedOnError as error:  # decided meanwhile: its page, as it is now
            return _moved_on(request, error, the_course)
        except DomainError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "courses/staff_course.html",
        _course_context(the_course, evaluation_form=form),
        status=400,
    )


@require_POST
@permission_required("courses.manage_courses")
def course_decide(request: HttpRequest, cid: int) -> HttpResponse:
    the_course = _staff_course(cid)
    form = CourseDecisionForm(request.POST)
    if form.is_valid():
        actor, comments = user_of(request), form.cleaned_data["comments"]
        seen = _seen(request)
        try:
            if form.cleaned_data["decision"] == "approve":
                approval = services.course_approve(
                    course=the_course, actor=actor, comment=comments, updated_at_seen=seen
                )
                messages.success(
                    request,
                    f"Approved until {approval.expires_on:%B %-d, %Y}. The provider was told.",
                )
            else:
                services.course_return(
                    course=the_course, actor=actor, reason=comments, updated_at_seen=seen
                )
                messages.success(request, "Returned to the provider with your comments.")
            return redirect("courses:staff_course", cid=cid)
        except StatusMovedOnError as error:  # decided meanwhile: its page, as it is now
            return _moved_on(request, error, the_course)
        except DomainError as error:
            form.add_error("comments" if error.field == "reason" else None, error.message)
    return render(
        request,
        "courses/staff_course.html",
        _course_context(the_course, decision_form=form),
        status=400,
    )


STOPS = {
    "suspend": (
        services.course_approval_suspend,
        "The approval is suspended and the course left the catalog. The provider and the "
        "candidates who chose it were told.",
    ),
    "revoke": (
        services.course_approval_revoke,
        "The approval is revoked and the course left the catalog. The provider and the "
        "candidates who chose it were told.",
    ),
    "reinstate": (
        services.course_approval_reinstate,
        "The approval is reinstated. The provider was told.",
    ),
}


@require_POST
@permission_required("courses.manage_courses")
def course_renewal_close(request: HttpRequest, cid: int) -> HttpResponse:
    """Close a renewal returned for changes that the provider did not send again (ADR 0009)."""
    the_course = _staff_course(cid)
    form = RenewalCloseForm(request.POST)
    if form.is_valid():
        try:
            services.course_renewal_close(
                course=the_course,
                actor=user_of(request),
                reason=form.cleaned_data["reason"],
                updated_at_seen=_seen(request, "close-updated_at_seen"),
            )
            messages.success(
                request,
                "The renewal is closed and the approval runs on to its last day. The provider "
                "was told what became of the renewal's fee.",
            )
            return redirect("courses:staff_course", cid=cid)
        except StatusMovedOnError as error:  # decided meanwhile: its page, as it is now
            return _moved_on(request, error, the_course)
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
    return render(
        request,
        "courses/staff_course.html",
        _course_context(the_course, close_form=form),
        status=400,
    )


@require_POST
@permission_required("courses.manage_courses")
def course_approval(request: HttpRequest, cid: int) -> HttpResponse:
    """Suspend, revoke or reinstate the course's approval, with the reason (ADR 0009)."""
    the_course = _staff_course(cid)
    form = _stop_form(the_course, request.POST)
    if form.is_valid():
        service, done = STOPS[form.cleaned_data["action"]]
        try:
            service(
                course=the_course,
                actor=user_of(request),
                reason=form.cleaned_data["reason"],
                updated_at_seen=_seen(request),
            )
            messages.success(request, done)
            return redirect("courses:staff_course", cid=cid)
        except StatusMovedOnError as error:  # decided meanwhile: its page, as it is now
            return _moved_on(request, error, the_course)
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
    return render(
        request,
        "courses/staff_course.html",
        _course_context(the_course, stop_form=form),
        status=400,
    )


# --- Completions -------------------------------------------------------------------------------


@permission_required("courses.manage_courses")
def completions(request: HttpRequest) -> HttpResponse:
    status = _status(request, CourseCompletion.Status.values, CourseCompletion.Status.PENDING)
    page = Paginator(selectors.completion_queue_for_staff(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    references_attach(c.candidate for c in page)  # a closed account's row: its number
    return render(
        request,
        "courses/staff_completions.html",
        {"page": page, "chips": _chips(request, CourseCompletion, status)},
    )


@require_POST
@permission_required("courses.manage_courses")
def completion_decide(request: HttpRequest, completion_id: int) -> HttpResponse:
    completion = selectors.completion_find(pk=completion_id)
    if completion is None:
        raise Http404("No such completion.")
    decide_completion(request, completion)
    return redirect("courses:staff_completions")


@permission_required("courses.manage_courses")
def unmatched(request: HttpRequest) -> HttpResponse:
    status = _status(request, UnmatchedCompletion.Status.values, UnmatchedCompletion.Status.OPEN)
    page = Paginator(selectors.unmatched_list(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    references_attach(row.completion.candidate for row in page if row.completion)
    return render(
        request,
        "courses/staff_unmatched.html",
        {"page": page, "chips": _chips(request, UnmatchedCompletion, status)},
    )


@require_POST
@permission_required("courses.manage_courses")
def unmatched_resolve(request: HttpRequest, row_id: int) -> HttpResponse:
    row = get_object_or_404(UnmatchedCompletion, pk=row_id)
    form = UnmatchedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to match or dismiss the row.")
        return redirect("courses:staff_unmatched")
    data, actor = form.cleaned_data, user_of(request)
    try:
        if data["action"] == "match":
            completion = services.unmatched_match(
                row=row, actor=actor, candidate=data["candidate"], note=data["note"]
            )
            messages.success(
                request,
                f"Matched to {completion.candidate}; the completion counts."
                if completion.status == completion.Status.CONFIRMED
                else f"Matched to {completion.candidate}; their plan does not name this course, "
                "so it counts once they (or other staff) confirm it. They were told.",
            )
        else:
            services.unmatched_dismiss(row=row, actor=actor, reason=data["note"])
            messages.success(request, "Dismissed.")
    except DomainError as error:
        messages.error(request, f"Line {row.line or row.pk}: {error.message}")
    return redirect("courses:staff_unmatched")


# --- Recognised programmes ---------------------------------------------------------------------


@permission_required("courses.manage_courses")
def programmes(request: HttpRequest) -> HttpResponse:
    """A program's recognition agreements: `?program=<slug>` (an unknown one is a 404), else the
    default program's; with several programs the page links to each one's."""
    slug = request.GET.get("program") or settings.DEFAULT_PROGRAM
    program = programs_api.program_get(slug=slug, published_only=False)
    form = ProgrammeForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                program=program,
                actor=user_of(request),
                college=data["college"],
                name=data["name"],
                reference=data["reference"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                competency_sets=list(data["sets"]),
                notes=data["notes"],
            )
            messages.success(request, f"{programme} is recognized.")
            return redirect(f"{reverse('courses:staff_programmes')}?program={program.slug}")
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    page = Paginator(selectors.programme_list(program=program), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/staff_programmes.html",
        {
            "page": page,
            "form": form,
            "program": program,
            "others": [
                p for p in programs_api.program_list(published_only=False) if p.pk != program.pk
            ],
        },
        status=400 if form.errors else 200,
    )


@permission_required("courses.manage_courses")
def claims(request: HttpRequest) -> HttpResponse:
    status = _status(request, ProgrammeClaim.Status.values, ProgrammeClaim.Status.PENDING)
    page = Paginator(selectors.claim_queue(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    references_attach(c.candidate for c in page)
    actors_attach(c.decided_by for c in page)  # "by <whom>": closed deciders' roles, one query
    return render(
        request,
        "courses/staff_claims.html",
        {"page": page, "chips": _chips(request, ProgrammeClaim, status)},
    )


@require_POST
@permission_required("courses.manage_courses")
def claim_decide(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(ProgrammeClaim, pk=claim_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose confirm or do not confirm.")
        return redirect("courses:staff_claims")
    try:
        if form.cleaned_data["decision"] == "confirm":
            services.claim_confirm(claim=claim, actor=user_of(request))
            messages.success(request, "Confirmed: the sets the program covers are complete.")
        else:
            services.claim_reject(
                claim=claim, actor=user_of(request), reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Not confirmed; the candidate was told why.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("courses:staff_claims")
