"""Candidate pages: record a course completion, claim a recognised programme."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.core.storage import private_file_response
from certify.courses import selectors, services
from certify.courses.consent_forms import NameCourseForm
from certify.courses.forms import ClaimForm, CompletionRecordForm
from certify.courses.models import ProgrammeClaim
from certify.courses.numbers import candidate_number
from certify.courses.views.common import user_of
from certify.progress.models import PlannedSet


def _planned(request: HttpRequest, planned_id: int) -> PlannedSet:
    planned = get_object_or_404(
        PlannedSet.objects.select_related("application__program", "competency_set"),
        pk=planned_id,
    )
    if planned.application.candidate_id != request.user.pk:
        # Another candidate's plan is the 404 of an unknown id; staff, who see every plan, 403.
        if request.user.has_perm("progress.view_any_plan"):
            raise PermissionDenied
        raise Http404
    return planned


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@permission_required("courses.record_completion")
def course_completion(request: HttpRequest, planned_id: int) -> HttpResponse:
    """Record the completion of an approved course for one set of the plan."""
    planned = _planned(request, planned_id)
    courses = selectors.courses_ever_approved_for(competency_set=planned.competency_set)
    form = CompletionRecordForm(request.POST or None, request.FILES or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_record(
                planned=planned,
                actor=user_of(request),
                course=form.cleaned_data["course"],
                completed_on=form.cleaned_data["completed_on"],
                certificate=form.cleaned_data["certificate"],
            )
            messages.success(
                request,
                "Your completion is recorded. The provider or program staff will confirm it; "
                "we will e-mail you.",
            )
            # Not the form's `#completion-errors`: the browser would keep it (ADR 0043).
            page = reverse("courses:course_completion", args=[planned.pk])
            return saved_redirect(page)
        except DomainError as error:
            _form_error(form, error)
    return render(
        request,
        "courses/course_completion.html",
        {
            "planned": planned,
            "form": form,
            "courses": courses,
            "candidate_number": candidate_number(planned.application),
            "named": selectors.course_named_in_plan(planned=planned),
            "name_form": NameCourseForm(courses=courses, prefix="name"),
            "completions": selectors.completion_list_for_candidate(
                candidate=user_of(request), competency_set=planned.competency_set
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("courses.record_completion")
def completion_apply(request: HttpRequest, completion_id: int) -> HttpResponse:
    completion = selectors.completion_find(pk=completion_id)
    if completion is None or completion.candidate_id != request.user.pk:
        raise Http404("No such completion.")  # someone else's: as if there were none
    try:
        services.completion_apply(completion=completion, actor=user_of(request))
        messages.success(request, f"{completion.course.competency_set.name} is complete.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("progress:plan")


@permission_required("courses.record_completion")
def programme_claim(request: HttpRequest, planned_id: int) -> HttpResponse:
    """Claim a recognised college programme for the sets it covers."""
    planned = _planned(request, planned_id)
    programmes = selectors.programmes_for_set(competency_set=planned.competency_set)
    form = ClaimForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_submit(
                planned=planned,
                actor=user_of(request),
                programme=form.cleaned_data["programme"],
                graduated_on=form.cleaned_data["graduated_on"],
                proof=form.cleaned_data["proof"],
            )
            messages.success(request, "Your claim is recorded. Program staff will check the proof.")
            return redirect("courses:programme_claim", planned_id=planned.pk)
        except DomainError as error:
            _form_error(form, error)
    return render(
        request,
        "courses/programme_claim.html",
        {
            "planned": planned,
            "form": form,
            "programmes": programmes,
            "claims": selectors.claims_for_candidate(candidate=user_of(request)),
        },
        status=400 if form.errors else 200,
    )


def proof_download(request: HttpRequest, claim_id: int) -> HttpResponseBase:
    """The candidate and program staff only."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    claim = ProgrammeClaim.objects.select_related("programme").filter(pk=claim_id).first()
    # someone else's claim answers like an unknown one: a 403 would say it exists
    if claim is None or not request.user.has_perm("courses.view_claim", claim):
        raise Http404("No such claim.")
    return private_file_response(
        claim.proof,
        name=f"Proof of graduation - {claim.programme.name[:60]}{claim.proof_extension}",
        content_type=claim.proof_content_type,
    )
