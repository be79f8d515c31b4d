"""Your data: download it all, or close your account (pages under /account/privacy/)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from certify.accounts.models import User
from certify.accounts.privacy import account_close, closure_obstacles, data_export_build
from certify.core.errors import DomainError


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To confirm that it is you.",
    )
    understood = forms.BooleanField(
        label="I understand that closing my account cannot be undone.",
        error_messages={"required": "Check the box to confirm that you want to close it."},
    )


def _page(request: HttpRequest, form: CloseAccountForm, status: int = 200) -> HttpResponse:
    user = cast(User, request.user)
    return render(
        request,
        "accounts/privacy.html",
        {"form": form, "obstacles": closure_obstacles(user=user)},
        status=status,
    )


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, CloseAccountForm())


@require_POST
@login_required
def privacy_export(request: HttpRequest) -> HttpResponse:
    """Your own data only: the download names no one, so nobody can ask for another's."""
    data = data_export_build(user=cast(User, request.user))
    response = HttpResponse(data, content_type="application/zip")
    name = f"certify-my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def privacy_close(request: HttpRequest) -> HttpResponse:
    form = CloseAccountForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        account_close(user=cast(User, request.user), password=form.cleaned_data["password"])
    except DomainError as error:
        form.add_error("password" if error.field == "password" else None, error.message)
        return _page(request, form, status=400)
    logout(request)
    messages.success(request, "Your account is closed and your personal data removed.")
    return redirect("programs:home")
