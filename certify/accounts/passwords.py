"""Passwords: resets that others start (always an e-mail to the person, never a password set),
and what every password change stops besides the other sessions (ADR 0023).

Every way a password is set on an existing account (a reset by e-mailed link, the signed-in
change page, a superuser in the program settings, `manage.py changepassword`, a script) saves
the person's row with a new password; `on_user_saved` sees that save and calls
`password_changed`, so no path can skip it. The paths that know who set it say so with
`password_change_by`; any other is "elsewhere", by nobody on the site.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from allauth.account.forms import ResetPasswordForm
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

from certify.accounts.models import PersonalAccessToken, User
from certify.core.services import audit_record

# How a password was changed: the e-mail's words and the audit row's `how`.
HOW_WORDS = {
    "reset": "with a password reset link e-mailed to you",
    "change": "on your account's change password page",
    "set": "on your account's set password page",
    "admin": "by a site administrator in the program settings",
    "elsewhere": "by a site administrator",
}

# Sent inside the change's transaction, after the tokens are revoked: each receiver stops what
# the person made in its app and returns a sentence for the person's e-mail, or None when there
# was nothing to stop. `user` is the person; `reason` the audit's words.
password_changed_signal = Signal()

_changing: ContextVar[tuple[Any, str] | None] = ContextVar("password_changing", default=None)


@contextmanager
def password_change_by(*, actor: Any, how: str) -> Iterator[None]:
    """Within this block, a password saved was changed by `actor` in the way `how` names."""
    if how not in HOW_WORDS:
        raise ValueError(f"Unknown way of changing a password: {how}")
    mark = _changing.set((actor, how))
    try:
        yield
    finally:
        _changing.reset(mark)


@transaction.atomic
def password_reset_send(*, request: HttpRequest, user: User, actor: User) -> None:
    """E-mail `user` a link to choose a new password (allauth's reset), and audit who asked."""
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)
    audit_record(actor=actor, verb="account.password_reset_sent", target=user)


def _reason(how: str) -> str:
    return "The password was reset." if how == "reset" else "The password was changed."


@transaction.atomic
def tokens_stop_after_password_change(*, user: User, how: str = "change") -> int:
    """Revoke every API token `user` still has: their password changed, perhaps because someone
    else had it and made tokens with it (ADR 0023). How many were revoked."""
    live = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True)
    prefixes = sorted(live.values_list("prefix", flat=True))
    revoked = live.update(revoked_at=timezone.now())
    if revoked:
        audit_record(
            actor=user,
            verb="token.revoked",
            target=user,
            reason=_reason(how),
            data={"tokens": prefixes},
        )
    return revoked


@transaction.atomic
def password_changed(*, user: User, actor: Any, how: str) -> list[str]:
    """What a new password stops, whoever set it and however: the person's API tokens, and
    through `password_changed_signal` the provider API keys they made and the webhook endpoints
    they set up; audited (`account.password_changed`) and e-mailed to the person once. Other
    sessions end by themselves (Django compares each session's hash with the new password);
    the page that changed it keeps its own. The sentences e-mailed, one per thing stopped."""
    tokens = tokens_stop_after_password_change(user=user, how=how)
    stopped = [f"{_count(tokens, 'API token')} revoked."] if tokens else []
    for _receiver, sentence in password_changed_signal.send(
        sender=User, user=user, reason=_reason(how)
    ):
        if sentence:
            stopped.append(str(sentence))
    audit_record(
        actor=actor,
        verb="account.password_changed",
        target=user,
        data={"how": how, "tokens_revoked": tokens, "stopped": len(stopped)},
    )
    _tell(user, how=how, stopped=stopped, tokens=tokens)
    return stopped


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"Your {noun} was"
    return f"Your {n} {noun}s were"


def _tell(user: User, *, how: str, stopped: list[str], tokens: int) -> None:
    """The one e-mail of the change, to the account's address (through the outbox)."""
    from allauth.account.adapter import get_adapter
    from django.conf import settings
    from django.urls import reverse

    if not user.email:
        return
    get_adapter().send_mail(
        "account/email/password_was_changed",
        user.email,
        {
            "user": user,
            "how": HOW_WORDS[how],
            "stopped": stopped,
            "tokens_revoked": tokens,
            "timestamp": timezone.now(),
            "reset_url": settings.SITE_URL + reverse("account_reset_password"),
            "tokens_url": settings.SITE_URL + reverse("accounts:tokens"),
        },
    )


def on_user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    """`post_save` of a person: a new password on an existing account (Django's `set_password`
    leaves it in `_password` until the save is done) goes through `password_changed`."""
    if created or getattr(instance, "_password", None) is None or kwargs.get("raw"):
        return
    actor, how = _changing.get() or (None, "elsewhere")
    password_changed(user=instance, actor=actor, how=how)
