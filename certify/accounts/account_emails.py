"""Account e-mails (allauth's and ours: confirming an address, a password reset, a password or
address changed, a security key added) in the look of every other Certify e-mail.

The text part is allauth's rendering of our templates (`account/email/…`, `mfa/email/…`); the
HTML part is that text, escaped, in paragraphs (its addresses made links), inside the layout
every notification uses (`notifications/email/layout.html`), with a footer of its own: an
account e-mail goes to whoever asked for it, who may have no account, and cannot be turned off.

A moment in them is shown in the zone of the person's program, with the zone named (`T`), as
notifications are in the signing program's: accounts imports no app, so the apps that know a
person's program register a lookup (`person_program_lookup`); the site's zone when none knows
of one (a new sign-up, an address without an account).
"""

import re
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from certify.core.site import site_name

ProgramLookup = Callable[[Any], Any]
_lookups: list[ProgramLookup] = []


def person_program_lookup(func: ProgramLookup) -> ProgramLookup:
    """Register `func(user) -> program | None`: the program a person's account e-mails keep
    the time of (from the app's `AppConfig.ready`). The first that knows one answers."""
    if func not in _lookups:
        _lookups.append(func)
    return func


def person_program(user: Any) -> Any:
    """The person's program, as the registered apps know it; None for nobody's or no one's."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    for lookup in _lookups:
        program = lookup(user)
        if program is not None:
            return program
    return None


def account_email_zone(user: Any) -> zoneinfo.ZoneInfo:
    """The zone an account e-mail to `user` shows moments in: their program's, else the site's."""
    from certify.programs.api import program_zone

    return program_zone(person_program(user))


_PARAGRAPHS = re.compile(r"\n\s*\n")


# A web address in the text (a bare host name, "certify.example.org", stays words).
_ADDRESS = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
_LINK = '<a href="{0}" style="color:#1d4e89;word-break:break-all;">{0}</a>'


def _linked(paragraph: str) -> str:
    """One paragraph, escaped, each web address a link (its text, escaped, is its address)."""
    escaped = str(escape(paragraph))
    return _ADDRESS.sub(lambda m: _LINK.format(m.group(0)), escaped).replace("\n", "<br>")


def _body_html(text: str) -> SafeString:
    """The text in paragraphs, escaped, its web addresses made links."""
    paragraphs = [p.strip() for p in _PARAGRAPHS.split(text.strip()) if p.strip()]
    return mark_safe("\n".join(f"<p>{_linked(p)}</p>" for p in paragraphs))  # noqa: S308


def account_email_html(*, subject: str, text: str, site_url: str, site_contact: str) -> str:
    """The HTML part of an account e-mail: `text` in the layout of every other e-mail."""
    return render_to_string(
        "notifications/email/layout.html",
        {
            "program": None,  # the site signs account e-mails, never a program (ADR 0039)
            "site_name": site_name(),
            "subject": subject,
            "body_html": _body_html(text),
            "site_url": site_url,
            "site_contact": site_contact,
            "account_email": True,
        },
    )
