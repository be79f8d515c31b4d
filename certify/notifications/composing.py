"""How a notice is composed: its event, the context its e-mail is rendered with, the e-mail
itself (subject, text, HTML) and the summary the notifications page shows. Shared by
`services` (one person told) and `notices` (many people told at once, `notify_each`)."""

import re
from typing import Any

from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.site import site_name
from certify.notifications.events import EVENTS, Event
from certify.notifications.unsubscribe import unsubscribe_url

# Plain-text e-mail is rendered without HTML escaping (an apostrophe stays an apostrophe).
# `program_rules` says a program's rule values in words ("two years"), as its pages do.
TEXT_ENGINE = Engine(
    app_dirs=True,
    libraries={"program_rules": "certify.programs.templatetags.program_rules"},
)


def _render_text(name: str, context: dict[str, Any]) -> str:
    return TEXT_ENGINE.get_template(name).render(Context(context, autoescape=False))


def email_render(*, event: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, plain text and HTML for an event. The text template's first line is the subject.

    The HTML body is the text, escaped, in paragraphs: `linebreaks` escapes every value and adds
    only its own `<p>` and `<br>`, so it is marked safe (the layout would escape it again). With
    `relay` in the context (`notifications.relay.relay_send`) the footer says who asked and how
    to stop it, instead of speaking to an account holder. An e-mail no program signs gives the
    site's contact (`site_contact`): where to report abuse, or write with questions."""
    from certify.programs.api import program_zone, site_contact

    context = {"site_name": site_name(), **context}
    if context.get("program") is None:  # signed by the site: whom to write to is the site's
        context.setdefault("site_contact", site_contact())
    # A moment is shown in the signing program's zone (the site's when none signs), whatever
    # zone the sender had active: an invitation's last day is the program's day.
    with timezone.override(program_zone(context.get("program"))):
        rendered = _render_text(f"notifications/email/{event}.txt", context).strip()
        subject, _, text = rendered.partition("\n")
        subject, text = subject.strip(), text.strip() + "\n"
        body_html = mark_safe(linebreaks(text.strip(), autoescape=True))  # noqa: S308 (escaped)
        html = render_to_string(
            "notifications/email/layout.html",
            {**context, "subject": subject, "body_html": body_html},
        )
        footer = _render_text("notifications/email/footer.txt", context)
    return subject, text + "\n" + footer, html


def event_spec(key: str) -> Event:
    try:
        return EVENTS[key]
    except KeyError:
        raise DomainError(f"“{key}” is not a notification event.") from None


# An e-mail's greeting ("Hello Dana,"): not what the in-app list should show of it.
_GREETING = re.compile(r"(Hello|Hi|Dear)\b[^\n]{0,80},")


def in_app_summary(text: str) -> str:
    """The e-mail's first paragraph after its greeting: what the notifications page shows under
    the title (it showed "Hello Dana," under every one)."""
    paragraphs = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    if len(paragraphs) > 1 and _GREETING.fullmatch(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return paragraphs[0] if paragraphs else ""


def notice_context(
    *, recipient: User, spec: Event, link: str, extra: dict[str, Any] | None, address: str = ""
) -> dict[str, Any]:
    """What a notice's e-mail is rendered with; an optional kind's footer gets its one-click
    link, the same address as the `List-Unsubscribe` header added at delivery (`address`, where
    it is sent; the account's own when it is held)."""
    context = _context(recipient=recipient, link=link, extra=extra or {})
    if not spec.essential:
        context["unsubscribe_url"] = unsubscribe_url(
            user=recipient, event=spec.key, address=address or recipient.email
        )
        context["event_label"] = spec.label
    return context


def _context(*, recipient: User, link: str, extra: dict[str, Any]) -> dict[str, Any]:
    """The e-mail is signed by `program` when the caller gives one, by the site (`SITE_NAME`)
    when it gives `program=None` (what concerns no one program: a provider's registration), and
    by the default program when it says nothing."""
    return {
        "recipient": recipient,
        "program": signing_program(extra),
        "site_url": settings.SITE_URL,
        "link_url": f"{settings.SITE_URL}{link}" if link.startswith("/") else link,
        **extra,
    }


def signing_program(extra: dict[str, Any]) -> Any:
    """The program the caller names (None: the site), else the default program."""
    from certify.programs.models import Program

    if "program" in extra:
        return extra["program"]
    return Program.objects.filter(slug=settings.DEFAULT_PROGRAM).first()
