"""Removing an activity from the CE log (ADR 0040): a confirmation page first, then the removal,
and an "Undo" for a few minutes. Reading the confirmation page changes nothing."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.undo import UNDO_MINUTES
from certify.renewals import services
from certify.renewals.views import _own_activity, _user, home_of


@require_GET
@permission_required("renewals.renew")
def activity_delete_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    return render(
        request,
        "confirm.html",
        {
            "title": f"Remove “{activity.title}” from your log?",
            "eyebrow": "Your continuing education",
            "happens": [
                f"Its {activity.amount_display} no longer count toward your renewal, and its "
                "evidence file is deleted with it.",
                f"You can undo this for {UNDO_MINUTES} minutes, while you have not applied to "
                "renew; after that it cannot be undone.",
            ],
            "action": reverse("renewals:activity_delete", kwargs={"pk": activity.pk}),
            "button": "Yes, remove this activity",
            "back": home_of(activity.program),
        },
    )


@require_POST
@permission_required("renewals.renew")
def activity_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Undo" of a removed activity (single use: once back, it is no longer removed)."""
    try:
        activity = services.ce_activity_restore(activity_id=pk, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("renewals:home")
    messages.success(request, f"“{activity.title}” is back in your log.")
    return redirect(home_of(activity.program))
