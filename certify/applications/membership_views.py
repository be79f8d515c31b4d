"""The application's membership section: the candidate names a membership of the program's
member organization (a `Membership` record, waiting for confirmation). See `memberships.py`."""

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from certify.accounts.models import User
from certify.applications.memberships import (
    MembershipAsked,
    application_membership_save,
    member_organisations,
    memberships_asked,
)
from certify.applications.models import Application
from certify.core.decorators import sign_in_first
from certify.core.errors import DomainError


class ApplicationMembershipForm(forms.Form):
    member_number = forms.CharField(
        label="Member number",
        max_length=50,
        help_text="As printed on your membership card or renewal notice.",
        error_messages={"required": "Enter your member number."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label="Valid until",
        help_text="The day your membership ends, as on your card or renewal notice.",
        error_messages={
            "required": "Enter the date your membership ends.",
            "invalid": "Enter the date as year-month-day, for example 2027-06-30.",
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _prefix(code: str) -> str:
    return f"membership-{code.lower()}"


def membership_context(
    application: Application, bound: tuple[str, ApplicationMembershipForm] | None = None
) -> dict[str, object]:
    """The section's rows, each with its form (the bound one keeps what was typed)."""
    rows: list[tuple[MembershipAsked, ApplicationMembershipForm]] = []
    for asked in memberships_asked(application=application):
        code = asked.organisation.code
        if bound is not None and bound[0] == code:
            form = bound[1]
        else:
            m = asked.membership
            initial = {"member_number": m.member_number, "expires_on": m.expires_on} if m else {}
            form = ApplicationMembershipForm(prefix=_prefix(code), initial=initial)
        rows.append((asked, form))
    return {"membership_rows": rows}


@require_POST
@sign_in_first
def membership_save(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    from certify.applications.views import _application_for, _edit_context

    application = _application_for(request, pk, "applications.edit_application")
    organisation = next(
        (
            o
            for o in member_organisations(program=application.program)
            if o.code.lower() == code.lower()
        ),
        None,
    )
    if organisation is None:
        raise Http404("The application does not ask about this organization.")
    if not application.is_editable:
        messages.error(
            request,
            f"Your application is “{application.get_status_display()}”: change your "
            f"{organisation.code} membership on your memberships page.",
        )
        return redirect("memberships:list")
    form = ApplicationMembershipForm(request.POST, prefix=_prefix(organisation.code))
    if form.is_valid():
        try:
            application_membership_save(
                application=application,
                organisation=organisation,
                actor=cast(User, request.user),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    if form.errors:
        context = _edit_context(
            application, **membership_context(application, (organisation.code, form))
        )
        return render(request, "applications/edit.html", context, status=400)
    messages.success(
        request,
        f"Your {organisation.code} membership is saved. "
        f"{organisation.confirmer} will confirm it; your enrollment invoice is "
        "issued once it is confirmed.",
    )
    return redirect(f"{application.get_absolute_url()}#memberships")
