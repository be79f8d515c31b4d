"""Nobody opens the staff page of their own case (ADR 0048): program staff who are also its
candidate (or holder) are refused the whole page, with the way to their own page, as their own
portfolio's staff page already was. Their decisions were already refused by the services, and the
notes and assignment hidden; the page itself (what colleagues weigh, the decision form) is
other staff's work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certify.casework.models import StaffCase


def own_case_refusal(case: StaffCase, viewer: Any) -> str:
    """Why `viewer` may not open this case's staff page although their staff role lets them
    ('' when they may). The words name the kind of case ("This is your own application: …")."""
    subject = case.case_subject()
    if subject is None or subject.pk != getattr(viewer, "pk", None):
        return ""
    kind = case.case_kind or "case"
    return (
        f"This is your own {kind}: its staff page, with its decisions, notes and assignment, is "
        f"for other program staff. Your own {kind} page shows where it stands."
    )


def own_case_page(request: HttpRequest, case: StaffCase, own_url: str) -> HttpResponse | None:
    """The refusal page (403) when the signed-in person's own case is asked for, else None."""
    refusal = own_case_refusal(case, request.user)
    if not refusal:
        return None
    context = {"case": case, "own_case": refusal, "own_url": own_url}
    return render(request, "casework/own_case.html", context, status=403)
