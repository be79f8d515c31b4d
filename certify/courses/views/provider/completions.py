"""Completions of a provider's courses, and the provider's decision on each."""

from datetime import date
from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.accounts.api import references_attach
from certify.accounts.models import User
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.storage import private_file_response
from certify.courses import selectors, services
from certify.courses.forms import (
    CompletionReportForm,
    DecisionForm,
)
from certify.courses.models import Course, CourseCompletion
from certify.courses.services.completions import RowOutcome
from certify.courses.views.common import user_of
from certify.courses.views.provider.organisation import _form_error, _provider
from certify.programs import api as programs_api


@permission_required("courses.use_provider_pages")
def completions(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    status = request.GET.get("status", "pending")
    if status not in CourseCompletion.Status.values and status != "":
        status = "pending"
    page = Paginator(
        selectors.completion_list_for_provider(provider=the_provider, status=status), 50
    ).get_page(request.GET.get("page"))
    references_attach(c.candidate for c in page)  # a closed account's row: its number
    return render(
        request,
        "courses/provider_completions.html",
        {
            "provider": the_provider,
            "page": page,
            "status": status,
            "statuses": CourseCompletion.Status.choices,
        },
    )


@permission_required("courses.use_provider_pages")
def completion_report(request: HttpRequest, pid: int) -> HttpResponse:
    """One completion, without a spreadsheet: checked and recorded as a CSV row is."""
    the_provider = _provider(request, pid)
    courses = selectors.course_list_for_provider(provider=the_provider).filter(
        first_approved_on__isnull=False
    )
    form = CompletionReportForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.completion_report_one(
                provider=the_provider,
                course=data["course"],
                actor=user_of(request),
                email=data["email"],
                candidate_number=data["candidate_number"],
                full_name=data["full_name"],
                completed_on=data["completed_on"],
                reference=data["reference"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _reported(outcome, data["course"], user_of(request)))
            return saved_redirect(reverse("courses:completion_report", args=[pid]))
    return render(
        request,
        "courses/completion_report.html",
        {
            "provider": the_provider,
            "form": form,
            "has_courses": courses.exists(),
            "programs": programs_api.program_list(),
        },
        status=400 if form.errors else 200,
    )


def _reported(outcome: RowOutcome, course: Course, reporter: User) -> str:
    on = cast(date, outcome.completed_on)  # recorded or kept: its date was read
    done = f"{on:%B} {on.day}, {on.year}"
    if outcome.result == "unmatched":
        return (
            f"Not matched: we kept your report of “{course.title}” ({done}) for program staff. "
            "A report matches a candidate who named this course in their plan or accepted your "
            "invitation, by the candidate number or e-mail address and a second fact (the full "
            "name, or the e-mail address)."
        )
    if outcome.candidate_id == reporter.pk:
        return (
            f"Recorded: your own completion of “{course.title}” on {done}. A colleague or "
            "program staff confirm it: nobody confirms their own."
        )
    if outcome.expected:
        return (
            f"Recorded: the completion of “{course.title}” on {done}. It counts on the "
            "candidate's plan now, and they were told."
        )
    return (
        f"Recorded: the completion of “{course.title}” on {done}. The candidate confirms it "
        "before it counts; we asked them."
    )


def decide_completion(request: HttpRequest, completion: CourseCompletion) -> None:
    """Confirm or reject from a posted DecisionForm, with a message either way."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.DECISION_REQUIRED)
        return
    try:
        done = services.completion_decide(
            completion=completion,
            actor=user_of(request),
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return
    messages.success(
        request,
        {
            "answered": "Decided for the candidate; they can see it on their plan.",
            "confirmed": f"Confirmed: {completion.candidate} completed {completion.course}.",
            "rejected": f"Not confirmed; {completion.candidate} was told why.",
        }[done],
    )


@require_POST
@permission_required("courses.use_provider_pages")
def completion_decide(request: HttpRequest, pid: int, completion_id: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    completion = selectors.completion_find(pk=completion_id)
    if completion is None or completion.course.provider_id != the_provider.pk:
        raise Http404("No such completion.")
    decide_completion(request, completion)
    return redirect("courses:provider_completions", pid=pid)


def certificate_download(request: HttpRequest, completion_id: int) -> HttpResponseBase:
    """The candidate, the course's provider and program staff only."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    completion = selectors.completion_find(pk=completion_id)
    # someone else's completion answers like an unknown one: a 403 would say it exists
    if completion is None or not request.user.has_perm("courses.view_completion", completion):
        raise Http404("No such completion.")
    if not completion.certificate:
        raise Http404("No certificate was uploaded with this completion.")
    return private_file_response(
        completion.certificate,
        name=f"Certificate - {completion.course.title[:60]}{completion.certificate_extension}",
        content_type=completion.certificate_content_type,
    )
