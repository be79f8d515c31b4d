"""Colleague invitations, for the person invited and for the organisation that sent them.

The link page answers anyone who holds the link (it shows no more than the e-mail did); the
list is the signed-in person's own; withdrawing is for the organisation's people.
"""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from certify.accounts import invitations
from certify.accounts.invitation_standing import invitations_standing
from certify.accounts.invitation_workflow import has_verified_address
from certify.accounts.models import ColleagueInvitation, User
from certify.core.errors import DomainError


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")],
        error_messages={"required": "Choose whether to accept or decline the invitation."},
    )


def _answer(request: HttpRequest, invitation: ColleagueInvitation, token: str = "") -> str:
    """Accept or decline as the form says; what to tell the person. Raises `DomainError`."""
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise DomainError("Choose whether to accept or decline the invitation.")
    user = cast(User, request.user) if request.user.is_authenticated else None
    name = invitation.organisation_name
    if form.cleaned_data["answer"] == "accept":
        if user is None:
            raise DomainError("Sign in with the invited address to accept.")
        invitations.colleague_invitation_accept(invitation=invitation, actor=user)
        return f"You now act for {name}."
    invitations.colleague_invitation_decline(invitation=invitation, actor=user, token=token)
    return f"You declined the invitation to {name}. Nothing changed."


@never_cache  # a link page shows someone's details to its holder (core/private_pages.py)
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: what the invitation is, and how to answer it."""
    try:
        invitation = invitations.colleague_invitation_from_token(token)
    except DomainError as error:
        return render(request, "accounts/invitation.html", {"problem": error.message}, status=404)
    if request.method == "POST":
        try:
            done = _answer(request, invitation, token)
        except DomainError as error:
            # One that no longer stands is said by the page itself (410): not twice.
            invitation.refresh_from_db()
            if error.message != invitations.why_not_standing(invitation):
                messages.error(request, error.message)
            return redirect(request.path)
        messages.success(request, done)
        return redirect("accounts:home" if request.user.is_authenticated else request.path)
    # Shown before anyone acts: a link that would be refused offers no buttons (a GET never
    # answers; only the form's POST does).
    problem = invitations.why_not_standing(invitation)
    user = request.user if request.user.is_authenticated else None
    kind = invitations.kind_of(invitation.kind)
    context = {
        "invitation": invitation,
        "problem": problem,
        "kind": kind,
        "role_label": kind.roles.get(invitation.role, ""),
        "matches": user is not None and has_verified_address(user, invitation.email),
        "next": request.path,
    }
    return render(request, "accounts/invitation.html", context, status=410 if problem else 200)


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    """The invitations waiting for the signed-in person (to any of their verified addresses)."""
    user = cast(User, request.user)
    pending = invitations_standing(invitations.colleague_invitations_for(user=user))
    waiting = len([row for row in pending if not getattr(row, "not_standing", "")])
    return render(
        request, "accounts/invitations.html", {"invitations": pending, "waiting": waiting}
    )


@require_POST
@login_required
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline one of the signed-in person's own invitations."""
    user = cast(User, request.user)
    try:
        invitation = invitations.colleague_invitation_for_user_get(user=user, pk=pk)
    except ColleagueInvitation.DoesNotExist:
        raise Http404("No such invitation.") from None
    try:
        messages.success(request, _answer(request, invitation))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:invitations")
    return redirect("accounts:invitations")


@require_POST
@login_required
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone who manages the organisation's colleagues withdraws a pending invitation."""
    invitation = invitations.colleague_invitation_find(pk=pk)
    if invitation is None:
        raise Http404("No such invitation.")
    kind = invitations.kind_of(invitation.kind)
    # Another organization's invitation is the 404 of an unknown one; its own people, 403.
    invitations.colleague_invitation_require_manager(invitation=invitation, user=request.user)
    try:
        invitations.colleague_invitation_withdraw(
            invitation=invitation, actor=cast(User, request.user)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The invitation to {invitation.email} no longer works.")
    return redirect(kind.page(invitation.organisation_id) or reverse("accounts:home"))
