import time
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from certify.accounts.account_emails import account_email_html, account_email_zone
from certify.accounts.models import Role
from certify.accounts.privacy import placeholder_address
from certify.accounts.services import role_grant
from certify.core.clientip import client_ip
from certify.core.ratelimit import too_many_requests, wait_words
from certify.core.site import site_name
from certify.notifications.api import email_queue

# allauth's "Too many failed login attempts. Try again later.", with the wait ("in about 4
# minutes").
TOO_MANY_SIGN_INS = (
    "Too many sign-in attempts failed, so signing in is paused. Try again {wait}, or reset your "
    "password."
)


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is a candidate; other roles are granted by staff.

    Sign-in limits (ADR 0028): allauth counts per client address ("ip") and per key. The address
    is Certify's one client address (`core/clientip.py`, X-Forwarded-For only from
    TRUSTED_PROXIES), not allauth's own guess. The key of failed sign-ins is the account at this
    address, so failures from one address never lock the account for another; the account alone
    is counted too ("login_failed_account"), at a rate no single address can reach.
    """

    # allauth's words, where they can reach a person, in the site's (allauth said "email",
    # "primary", "Incorrect password.", "Too many failed login attempts. Try again later.").
    # With enumeration prevention on (allauth's default, kept), "email_taken" and "unknown_email"
    # are never shown: an address in use at sign-up gets the same "check your e-mail" page, and
    # its owner an e-mail (account/email/account_already_exists_message.txt).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account is closed: it can no longer sign in.",
        "cannot_remove_primary_email": (
            "Your main e-mail address cannot be removed: make another address the main one first."
        ),
        "duplicate_email": "That e-mail address is already on your account.",
        "email_password_mismatch": (
            "That e-mail address and password do not match an account: check both and try "
            "again, or reset your password."
        ),
        "email_taken": "That e-mail address cannot be used: type another one.",
        "enter_current_password": "That is not your current password: type it again.",
        "incorrect_code": "That code is not right: type the code from the e-mail we sent.",
        "incorrect_password": "That password is not right: type it again.",
        "invalid_login": "That did not sign you in: check your e-mail address and password.",
        "invalid_or_expired_key": (
            "That link cannot be used: it was used already, or it has expired."
        ),
        "invalid_password_reset": (
            "That password reset link cannot be used: it was used already, or it has expired. "
            "Ask for a new one."
        ),
        "max_email_addresses": (
            "An account can have at most %d e-mail addresses: remove one before you add another."
        ),
        "rate_limited": (
            "You sent this too often in a short time: wait a few minutes, then try again."
        ),
        "same_as_current": "That is the one you have now: type a different one.",
        "select_only_one": "Choose only one.",
        "too_many_login_attempts": TOO_MANY_SIGN_INS.format(wait="in a few minutes"),
        "unknown_email": "That e-mail address is not the address of an account: check it.",
        "unverified_primary_email": "Confirm the address before you make it your main one.",
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        return f"{self._account_key(request, **credentials)}@{client_ip(request)}"

    def _account_key(self, request: HttpRequest, **credentials: Any) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:  # per address, per account at this address
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            key = self._get_login_attempts_cache_key(request, **credentials)
            raise _paused(request, action="login_failed", key=key) from None
        account = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_account",
            key=self._account_key(request, **credentials),
        )
        if account is None:
            self._rollback_login_failed_rl_usage()
            key = self._account_key(request, **credentials)
            raise _paused(request, action="login_failed_account", key=key)
        # Rolled back with the others when the password is right (allauth's authenticate).
        self._login_failed_rl_usage.usage.extend(account.usage)

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        """After a password reset: the account's own count starts again too."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request,
            app="allauth.account",
            action="login_failed_account",
            key=self._account_key(request, **credentials),
        )

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.CANDIDATE, actor=user, reason="Signed up")
        return user

    def set_password(self, user: Any, password: str) -> None:
        """allauth's reset by e-mailed link, change and set pages: the person sets their own
        password, and `passwords.password_changed` says how (ADR 0023)."""
        from allauth.core import context

        from certify.accounts.passwords import password_change_by

        match = getattr(context.request, "resolver_match", None)
        how = SET_PASSWORD_PAGES.get(getattr(match, "url_name", ""), "change")
        # The new password and what it stops commit together.
        with transaction.atomic(), password_change_by(actor=user, how=how):
            super().set_password(user, password)

    def get_reauthentication_methods(self, user: Any) -> list[dict]:
        """allauth's ways to confirm it is you, in the site's words (it said "Use authenticator
        app or code")."""
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = REAUTHENTICATION_WORDS.get(method["id"], method["description"])
        return methods

    def send_notification_mail(
        self,
        template_prefix: str,
        user: Any,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        """allauth's notices of changes to an account stay off (ACCOUNT_EMAIL_NOTIFICATIONS),
        except a security key added (ADR 0074): a passkey signs in on its own and outlives a
        password reset, so whoever once had the password and the session could add one and come
        back unseen. The account's address is told, with the key's name and what to do."""
        from allauth.account import app_settings
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from django.urls import reverse

        if template_prefix not in ALWAYS_NOTIFIED or app_settings.EMAIL_NOTIFICATIONS:
            super().send_notification_mail(template_prefix, user, context=context, email=email)
            return
        email = email or EmailAddress.objects.get_primary_email(user)
        key = (
            Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.WEBAUTHN)
            .order_by("-created_at", "-pk")
            .first()
        )
        if not email or key is None:
            return
        wrapped = key.wrap()
        notice = {
            "key_name": wrapped.name,
            "passkey": bool(wrapped.is_passwordless),
            "keys_url": settings.SITE_URL + reverse("mfa_list_webauthn"),
            "timestamp": timezone.now(),
            **(context or {}),
        }
        self.send_mail(template_prefix, email, notice)

    def format_email_subject(self, subject: str) -> str:
        """`ACCOUNT_EMAIL_SUBJECT_PREFIX` when set, else the site's name in brackets."""
        from allauth.account import app_settings

        prefix = app_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{site_identity().short_name}] "
        return prefix + subject

    def send_mail(self, template_prefix, email, context):
        """Account e-mails (verification, password reset) go through the outbox too. They name
        the site by its own name (`SITE_NAME`), and their links use
        `SITE_URL`, the address served, whatever host the request named, and end with the site's
        contact (`SITE_CONTACT_EMAIL`, else the default program's). Each has an HTML part in the
        layout of every other e-mail, and shows a moment in the zone of the person's program
        (the site's when none is known), named (`account_emails`)."""
        from certify.programs.api import site_contact

        site = site_identity()
        contact = site_contact()
        context = {
            **{k: _served(v) if k.endswith("_url") else v for k, v in context.items()},
            "current_site": site,
            "site_url": settings.SITE_URL,
            "site_contact": contact,
        }
        with timezone.override(account_email_zone(context.get("user"))):
            message = self.render_mail(template_prefix, email, context)
        html = account_email_html(
            subject=message.subject.removeprefix(self.format_email_subject("")),
            text=message.body,
            site_url=settings.SITE_URL,
            site_contact=contact,
        )
        for to in message.to:
            if placeholder_address(to):
                continue  # the closure's placeholder reaches nobody (ADR 0016)
            email_queue(to=to, subject=message.subject, text=message.body, html=html)


def _paused(request: HttpRequest, *, action: str, key: str) -> ValidationError:
    """allauth's "Too many failed login attempts. Try again later.", saying how long to wait:
    counted from allauth's own request times, as the 429 page is (`_wait`)."""
    wait = wait_words(_wait(request, app=_ACCOUNT, action=action, key=key))
    return ValidationError(TOO_MANY_SIGN_INS.format(wait=wait), code="too_many_login_attempts")


# allauth's pages that set a password, by how `passwords.HOW_WORDS` calls it.
SET_PASSWORD_PAGES = {
    "account_reset_password_from_key": "reset",
    "account_change_password": "change",
    "account_set_password": "set",
}

# Notices of account changes e-mailed although allauth's notifications are off (ADR 0074).
ALWAYS_NOTIFIED = frozenset({"mfa/email/webauthn_added"})

REAUTHENTICATION_WORDS = {
    "reauthenticate": "Type your password",
    "mfa_reauthenticate": "Type a code from your app, or a recovery code",
    "mfa_reauthenticate:webauthn": "Use your security key",
}


class SiteIdentity:
    """What account e-mails call the site (allauth's `current_site`): `name`, `short_name`,
    `domain` (the host and port of `SITE_URL`)."""

    def __init__(self, *, name: str, short_name: str, url: str) -> None:
        self.name, self.short_name, self.url = name, short_name, url
        self.domain = urlsplit(url).netloc

    def __str__(self) -> str:
        return self.name


def site_identity() -> SiteIdentity:
    """The site's own name (`SITE_NAME`, "Certify" by default), never a program's: an account
    serves every program on the site, and the person signing up or resetting a password may
    have nothing to do with the default one (ADR 0039)."""
    name = site_name()
    return SiteIdentity(name=name, short_name=name, url=settings.SITE_URL)


def _served(value: Any) -> Any:
    """A link allauth built from the request's host, moved to `SITE_URL`."""
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return value
    parts = urlsplit(value)
    rest = value[len(f"{parts.scheme}://{parts.netloc}") :]
    return settings.SITE_URL + rest


# allauth's rate-limited actions, by the page that answers 429 for them: (allauth app, action).
_ACCOUNT, _MFA = "allauth.account", "allauth.mfa"
_ACTIONS = {
    "account_login": (_ACCOUNT, "login"),
    "account_signup": (_ACCOUNT, "signup"),
    "account_reset_password": (_ACCOUNT, "reset_password"),
    "account_reset_password_from_key": (_ACCOUNT, "reset_password_from_key"),
    "account_change_password": (_ACCOUNT, "change_password"),
    "account_set_password": (_ACCOUNT, "change_password"),
    "account_email": (_ACCOUNT, "manage_email"),
    "account_reauthenticate": (_ACCOUNT, "reauthenticate"),
    "mfa_reauthenticate": (_ACCOUNT, "reauthenticate"),
    "mfa_reauthenticate_webauthn": (_ACCOUNT, "reauthenticate"),
    "mfa_login_webauthn": (_MFA, "webauthn_login"),  # "Sign in with a passkey"
}


def rate_limited(request: HttpRequest) -> HttpResponse:
    """handler429 (allauth answers its 429s with it): the site's 429 page, with the wait of the
    limit that refused the request (ADR 0028). A page allauth limits that is not listed above
    gets the longest period of any account limit: after it every count has fallen under its
    limit."""
    match = getattr(request, "resolver_match", None)
    found = _ACTIONS.get(match.url_name if match is not None else "")
    if found is None:
        from allauth.account import app_settings

        rates = [r for text in app_settings.RATE_LIMITS.values() for r in _rates(text)]
        return too_many_requests(request, max((r.duration for r in rates), default=60))
    app, action = found
    return too_many_requests(request, _wait(request, app=app, action=action))


def _rates(text: str | None) -> list[Any]:
    return ratelimit.parse_rates(text) if text else []


def _wait(request: HttpRequest, *, app: str, action: str, key: str | None = None) -> float:
    """Seconds until the action's limits let this client in again. allauth keeps the times of
    the requests each rate counted (per address, account or typed address), newest first: a
    full rate has room again when the oldest of its last `amount` requests leaves its period.
    A rate counted under a key this request does not carry is taken as full for its whole
    period, unless a rate before it is full (allauth checks them in order and stops there).
    When no rate reads full (allauth refuses too when it cannot lock the count), the longest
    of the action's periods: after it every count has certainly fallen under its limit. `key`:
    the key the action was counted under (failed sign-ins), else the typed address of a reset."""
    now = time.time()
    rates = ratelimit.get_rates(app=app, action=action)
    if key is None and action == "reset_password":
        key = _typed_address(request)
    waits: list[float] = []
    for rate in rates:
        try:
            cache_key = ratelimit.get_cache_key(request, app=app, action=action, rate=rate, key=key)
        except ImproperlyConfigured:  # per key or account, and neither is known here
            if not waits:
                waits.append(rate.duration)
            continue
        counted = [t for t in cache.get(cache_key, []) if t > now - rate.duration]
        if len(counted) >= rate.amount:
            waits.append(counted[rate.amount - 1] + rate.duration - now)
    return max(waits or [r.duration for r in rates] or [60])


def _typed_address(request: HttpRequest) -> str | None:
    """The key of the password reset's rate per address: the `email` typed into its form."""
    email = request.POST.get("email", "").strip().lower() if request.method == "POST" else ""
    return email or None
