"""Program staff move enrolled candidates to the published framework version (ADR 0056): one
candidate from their plan, or every candidate of an older version. Each is a confirmation page
(GET, changes nothing) and a POST to one service of `progress.framework_moves`."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from certify.accounts.api import case_person, closure_erased
from certify.accounts.models import User
from certify.applications.models import Application
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.courses.api import candidate_number
from certify.programs import api as programs_api
from certify.progress.framework_moves import plan_framework_move, plan_framework_move_all

PERM = "progress.move_plans"


def _whom(application: Application) -> str:
    """The candidate moved: their name, or "the candidate (account closed, candidate …)"."""
    candidate = application.candidate
    if closure_erased(candidate):
        reference = candidate_number(application)
        return f"the candidate ({case_person(candidate, reference=reference)})"
    return candidate.full_name


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def move_one(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("program", "candidate", "framework_version"), pk=pk
    )
    back = reverse("progress:staff_plan", kwargs={"pk": application.pk})
    target = programs_api.framework_version_current(program=application.program)
    if request.method == "POST":
        try:
            report = plan_framework_move(application=application, actor=cast(User, request.user))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            carried = ", ".join(report.carried) or "none"
            messages.success(
                request,
                f"Moved to {target.name if target else 'the published version'}. "
                f"Completed sets carried over: {carried}.",
            )
        return redirect(back)
    current = application.framework_version
    return render(
        request,
        "confirm.html",
        {
            # Never the closure's placeholder name (`accounts.api.case_person`).
            "title": f"Move {_whom(application)} to "
            f"{target.name if target else 'the published version'}?",
            "eyebrow": application.program.name,
            "happens": [
                f"Their plan moves from {current.name if current else 'no version'} to "
                f"{target.name if target else 'the published version'}, following the mapping "
                "of old sets to new ones.",
                "Every set they completed stays complete: as its new set, or kept in their "
                "record when it counts as no new set.",
                "They cannot be moved back.",
            ],
            "action": request.path,
            "button": "Move the candidate",
            "back": back,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def move_all(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    program = programs_api.program_get(slug=slug, published_only=False)
    version = programs_api.framework_version_get(program=program, number=number)
    back = reverse("programs:framework_version", kwargs={"slug": slug, "number": number})
    target = programs_api.framework_version_current(program=program)
    if request.method == "POST":
        try:
            moved = plan_framework_move_all(version=version, actor=cast(User, request.user))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{moved} candidate{'s' if moved != 1 else ''} moved.")
        return redirect(back)
    count = Application.objects.filter(
        framework_version=version, status=Application.Status.ACCEPTED
    ).count()
    return render(
        request,
        "confirm.html",
        {
            "title": f"Move every candidate of {version.name} to "
            f"{target.name if target else 'the published version'}?",
            "eyebrow": program.name,
            "happens": [
                f"{count} enrolled candidate{'s' if count != 1 else ''} of {version.name} move, "
                "following the mapping of old sets to new ones.",
                "Every set they completed stays complete: as its new set, or kept in their "
                "record when it counts as no new set.",
                "If one of them cannot be moved (a set in progress whose competencies changed), "
                "nobody is moved and you are told who.",
            ],
            "action": request.path,
            "button": "Move the candidates",
            "back": back,
        },
    )
