"""Completions of a provider's courses, and the provider's decision on each."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.storage import private_file_response
from certify.courses import selectors, services
from certify.courses.forms import (
    DecisionForm,
)
from certify.courses.models import CourseCompletion
from certify.courses.views.common import user_of
from certify.courses.views.provider.organisation import _provider


@permission_required("courses.use_provider_pages")
def completions(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    status = request.GET.get("status", "pending")
    if status not in CourseCompletion.Status.values and status != "":
        status = "pending"
    page = Paginator(
        selectors.completion_list_for_provider(provider=the_provider, status=status), 50
    ).get_page(request.GET.get("page"))
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
