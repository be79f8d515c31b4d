"""Staff move an open application to the program's current rules: the page shows what changes
(GET, which changes nothing) and asks for the reason; the move is the POST (`rules_move.py`)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from certify.accounts.models import User
from certify.applications.models import Application
from certify.applications.rules_move import (
    REASON_MAX,
    application_rules_move,
    changes_seen_parse,
    changes_seen_text,
    rules_changes,
    rules_move_refusal,
)
from certify.casework.api import own_case_page
from certify.core.decorators import permission_required
from certify.core.errors import DomainError


class RulesMoveForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the record; the candidate reads it.",
        # the service's words, so the page and the API say the same (ADR 0054)
        error_messages={
            "required": "Give a reason: it is kept in the record and the candidate reads it."
        },
    )
    # The changes the page showed (the page writes them): the move is to those rules only.
    changes_seen = forms.CharField(required=False, widget=forms.HiddenInput)


@require_http_methods(["GET", "POST"])
@permission_required("applications.decide_application")
def rules_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("program", "candidate"), pk=pk
    )
    if refused := own_case_page(request, application, application.get_absolute_url()):
        return refused  # a staff page of their own case (ADR 0048)
    form = RulesMoveForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                application_rules_move(
                    application=application,
                    actor=cast(User, request.user),
                    reason=form.cleaned_data["reason"],
                    changes_seen=changes_seen_parse(form.cleaned_data["changes_seen"]),
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    "The application is now on the program's current rules. The candidate was "
                    "told.",
                )
                return redirect("applications:staff_detail", pk=pk)
    return render(
        request,
        "applications/rules_move.html",
        {
            "application": application,
            "changes": (changes := rules_changes(application)),
            "changes_seen": changes_seen_text(changes),
            "refusal": rules_move_refusal(application),
            "form": form,
        },
        status=status,
    )
