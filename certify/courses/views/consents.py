"""The candidate's side of provider consent (ADR 0021): invitations to answer, consents to
withdraw, completions they did not expect to confirm, and the course they name in their plan."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.courses import selectors, services
from certify.courses.consent_forms import NameCourseForm
from certify.courses.views.candidate import _planned
from certify.courses.views.common import user_of

_DONE = {
    "accept": "You accepted the invitation: {provider} may report your completion of {course}.",
    "decline": "You declined the invitation from {provider}.",
    "withdraw": "You withdrew your consent: {provider} can no longer report completions for you.",
}


@permission_required("courses.record_completion")
def consents(request: HttpRequest) -> HttpResponse:
    """Course providers: invitations, consents given, completions waiting for the candidate."""
    candidate = user_of(request)
    return render(
        request,
        "courses/consents.html",
        {
            "consents": selectors.consent_list_for_candidate(candidate=candidate),
            "awaiting": selectors.completion_list_awaiting(candidate=candidate),
        },
    )


@require_POST
@permission_required("courses.record_completion")
def consent_decide(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = selectors.consent_find(pk=consent_id)
    if consent is None:
        raise Http404("No such invitation.")
    if consent.candidate_id != request.user.pk:
        raise Http404  # another candidate's: as an unknown id (docs/security.md)
    move = request.POST.get("move", "")
    try:
        services.consent_decide(consent=consent, actor=user_of(request), move=move)
        messages.success(
            request, _DONE[move].format(provider=consent.provider.name, course=consent.course.title)
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("courses:consents")


@require_POST
@permission_required("courses.record_completion")
def completion_answer(request: HttpRequest, completion_id: int) -> HttpResponse:
    completion = selectors.completion_find(pk=completion_id)
    if completion is None:
        raise Http404("No such completion.")
    if completion.candidate_id != request.user.pk:
        raise Http404  # another candidate's: as an unknown id (docs/security.md)
    answer = request.POST.get("answer", "")
    if answer not in ("yes", "no"):
        messages.error(request, "Say whether you completed the course.")
        return redirect("courses:consents")
    try:
        services.completion_answer(
            completion=completion, actor=user_of(request), completed=answer == "yes"
        )
        messages.success(
            request,
            f"Confirmed: {completion.course.title} counts toward your plan."
            if answer == "yes"
            else f"Noted: {completion.course.title} does not count.",
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("courses:consents")


@require_POST
@permission_required("courses.record_completion")
def course_name(request: HttpRequest, planned_id: int) -> HttpResponse:
    """Name the course the candidate takes for a set of the plan."""
    planned = _planned(request, planned_id)
    courses = selectors.courses_ever_approved_for(competency_set=planned.competency_set)
    form = NameCourseForm(request.POST, courses=courses, prefix="name")
    if form.is_valid():
        try:
            consent = services.course_name_in_plan(
                planned=planned, actor=user_of(request), course=form.cleaned_data["course"]
            )
            messages.success(
                request,
                f"Your plan names {consent.course.title}: {consent.provider.name} may report "
                "your completion of it.",
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "Choose the course you are taking.")
    return redirect("courses:course_completion", planned_id=planned.pk)
