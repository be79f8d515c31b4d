"""Conflict-of-interest pages: declare and withdraw your own; staff see everyone's."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.accounts import conflicts
from certify.accounts.models import ConflictDeclaration, User
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import saved_redirect
from certify.programs.api import workplaces_in_words


class ConflictForm(forms.Form):
    person_email = forms.EmailField(
        label="The person's e-mail address",
        required=False,
        help_text=(
            "A candidate, applicant or anyone whose case you should not decide. Any of their "
            "addresses will do."
        ),
        error_messages={"invalid": conflicts.INVALID_EMAIL},
    )
    organisation = forms.CharField(
        label="Or an organization",
        required=False,
        max_length=200,
        help_text="You then decide nothing about anyone who works or worked there.",
    )
    reason = forms.CharField(
        label="What the conflict is",
        max_length=300,
        help_text="For example: a relative, my former employer. Staff can read it.",
        error_messages={"required": "Say what the conflict is (kept in the record)."},
    )

    def __init__(self, *args, workplace: str = "organization", **kwargs) -> None:
        """`workplace`: where the programs' people work, in their words ("library or
        organization": `programs.api.workplaces_in_words`)."""
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label = f"Or {conflicts.a_or_an(workplace)}"
        for name, field in self.fields.items():  # the help text is read with the field
            field.widget.attrs["aria-describedby"] = f"id_{name}_help"


@login_required
def conflicts_mine(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not conflicts.may_declare(user):
        raise PermissionDenied
    workplace = workplaces_in_words()
    form = ConflictForm(request.POST or None, workplace=workplace)
    if request.method == "POST" and form.is_valid():
        try:
            declared = conflicts.conflict_declare(actor=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"Declared: you will not be asked to decide about {declared.with_whom}.",
            )
            return saved_redirect(reverse("accounts:conflicts"))
    return render(
        request,
        "accounts/conflicts.html",
        {
            "form": form,
            "declarations": conflicts.conflict_list_for(user=user),
            "workplace": conflicts.a_or_an(workplace),
        },
        status=400 if form.is_bound else 200,  # refused: said in the summary, focus moved there
    )


@require_POST
@login_required
def conflict_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_object_or_404(ConflictDeclaration, pk=pk, declared_by=request.user)
    try:
        conflicts.conflict_withdraw(declaration=declaration, actor=cast(User, request.user))
        messages.success(request, f"Withdrawn: the conflict with {declaration.with_whom}.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:conflicts")


@permission_required("accounts.view_people")
def conflicts_all(request: HttpRequest) -> HttpResponse:
    """Every standing declaration, for program staff (who assign reviewers and decide)."""
    page = Paginator(conflicts.conflict_list(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/conflicts_all.html", {"page": page})
