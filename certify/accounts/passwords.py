"""Password resets that others start: always an e-mail to the person, never a password set; and
what a reset stops besides the other sessions: the person's API tokens (ADR 0023)."""

from typing import Any

from allauth.account.forms import ResetPasswordForm
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from certify.accounts.models import PersonalAccessToken, User
from certify.core.services import audit_record


@transaction.atomic
def password_reset_send(*, request: HttpRequest, user: User, actor: User) -> None:
    """E-mail `user` a link to choose a new password (allauth's reset), and audit who asked."""
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)
    audit_record(actor=actor, verb="account.password_reset_sent", target=user)


@transaction.atomic
def tokens_stop_after_reset(*, user: User) -> int:
    """Revoke every API token `user` still has: a reset by e-mail link often means someone else
    had the password, and may have made tokens with it (ADR 0023). How many were revoked."""
    live = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True)
    prefixes = sorted(live.values_list("prefix", flat=True))
    revoked = live.update(revoked_at=timezone.now())
    if revoked:
        audit_record(
            actor=user,
            verb="token.revoked",
            target=user,
            reason="The password was reset.",
            data={"tokens": prefixes},
        )
    return revoked


def on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """allauth's `password_reset` (a new password from an e-mailed link, not a change by the
    signed-in person): the person's API tokens stop."""
    tokens_stop_after_reset(user=user)
