"""Password resets that others start: always an e-mail to the person, never a password set."""

from allauth.account.forms import ResetPasswordForm
from django.db import transaction
from django.http import HttpRequest

from certify.accounts.models import User
from certify.core.services import audit_record


@transaction.atomic
def password_reset_send(*, request: HttpRequest, user: User, actor: User) -> None:
    """E-mail `user` a link to choose a new password (allauth's reset), and audit who asked."""
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)
    audit_record(actor=actor, verb="account.password_reset_sent", target=user)
