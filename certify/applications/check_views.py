"""The candidate's last steps on an application (ADR 0040): "Check your answers" before the
submit, a confirmation page before withdrawing, removing a job or giving notice of appeal, and
the undo of a removal.
Reading any of these pages changes nothing: the buttons on them post."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from certify.accounts.models import User
from certify.appeals.api import notice_happens
from certify.applications import services
from certify.applications.appeals import application_appeal_current
from certify.applications.check import check_sections
from certify.applications.models import ExperienceEntry
from certify.applications.views import _application_for
from certify.core.decorators import sign_in_first
from certify.core.errors import DomainError
from certify.core.undo import UNDO_MINUTES


@require_GET
@login_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the candidate answered, with a "Change" link each, warnings about what is
    still pending, and the button that submits (a POST to `submit`)."""
    application = _application_for(request, pk, "applications.edit_application")
    if not application.is_editable:
        return redirect(application)
    result = services.application_eligibility(application=application)
    problems = services.submission_problems(application=application, result=result)
    return render(
        request,
        "applications/check.html",
        {
            "application": application,
            "program": application.program,
            "check": check_sections(application, result, problems),
        },
    )


@require_GET
@login_required
def withdraw_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    if application.status not in (
        application.Status.DRAFT,
        application.Status.MORE_INFO,
        application.Status.SUBMITTED,
    ):
        messages.error(request, "This application can no longer be withdrawn.")
        return redirect(application)
    return render(
        request,
        "confirm.html",
        {
            "title": "Withdraw your application?",
            "eyebrow": application.program.name,
            "happens": [
                "Your application is withdrawn: program staff will not decide it.",
                "You cannot submit it again or undo this. To apply later, you start a new "
                "application and enter your jobs and education again.",
            ],
            "action": reverse("applications:withdraw", kwargs={"pk": application.pk}),
            "button": "Yes, withdraw my application",
            "back": application.get_absolute_url(),
        },
    )


@require_GET
@login_required
def experience_delete_confirm(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    application = _application_for(request, pk, "applications.edit_application")
    entry = get_object_or_404(ExperienceEntry, pk=entry_id, application=application)
    if not application.is_editable:
        return redirect(application)
    return render(
        request,
        "confirm.html",
        {
            "title": f"Remove “{entry}”?",
            "eyebrow": "Your application",
            "happens": [
                f"This job and its {entry.claimed_hours_text} no longer count toward your "
                "eligible hours.",
                *(
                    ["While the job is removed, the link we sent to your supervisor does not work."]
                    if entry.supervisor_status
                    else []
                ),
                f"You can undo this for {UNDO_MINUTES} minutes, while you have not submitted; "
                "after that it cannot be undone.",
            ],
            "action": reverse(
                "applications:experience_delete",
                kwargs={"pk": application.pk, "entry_id": entry.pk},
            ),
            "button": "Yes, remove this job",
            "back": f"{application.get_absolute_url()}#entry-{entry.pk}",
        },
    )


@require_POST
@sign_in_first
def experience_restore(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """The "Undo" of a removed job (single use: a job put back is no longer removed)."""
    application = _application_for(request, pk, "applications.edit_application")
    try:
        entry = services.experience_restore(
            application=application, entry_id=entry_id, actor=cast(User, request.user)
        )
        messages.success(request, f"“{entry}” is back on your application.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(application)


@require_GET
@login_required
def appeal_notice_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Before the notice of appeal of a rejection (its button posts to `views.appeal_notice`)."""
    application = _application_for(request, pk, "applications.edit_application")
    if (
        application.status != application.Status.REJECTED
        or application.decided_at is None
        or application_appeal_current(application) is not None
    ):
        return redirect(application)
    return render(
        request,
        "confirm.html",
        {
            "title": "Give notice of appeal?",
            "eyebrow": application.program.name,
            "happens": notice_happens(
                program=application.program, decided_at=application.decided_at
            ),
            "action": reverse("applications:appeal_notice", kwargs={"pk": application.pk}),
            "button": "Yes, give notice of appeal",
            "back": f"{application.get_absolute_url()}#decision",
        },
    )
