"""What every e-mail is made of, beyond its words (test_email_rendering.py reads those): each
branch of each template is rendered; the HTML reads on a phone (nothing wider than 320 px), has
a text part beside it, alt text on images and enough contrast; a moment is shown in the program's
zone, a time with its zone named; only optional e-mails carry a one-click stop link."""

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from allauth.core import context as allauth_context
from django.utils import timezone

from certify.accounts.adapter import AccountAdapter
from certify.notifications.events import EVENTS
from certify.notifications.models import OutgoingEmail
from certify.notifications.unsubscribe import unsubscribe_headers
from tests.factories import UserFactory
from tests.notifications.emails import (
    CONTEXTS,
    EMAIL_DIR,
    RELAYED,
    _sent,
    problems,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)
from tests.notifications.test_account_emails import ACCOUNT_CONTEXT, account_email_prefixes

# The branches the contexts there left out, as their senders give them.
MORE: dict[str, list[dict]] = {
    "application.supervisor_confirm": [
        {**CONTEXTS["application.supervisor_confirm"][1], "end": date(2026, 6, 30)}
    ],
    "certificate.status_changed": [
        {"certificate_number": "LSSCP-2027-4B9WCDEG", "status": "Active", "reason": ""}
    ],
    "colleague.invited": [{**CONTEXTS["colleague.invited"][0], "role": ""}],
    "course.approval_reinstated": [
        {
            "courses": [
                {**CONTEXTS["course.approval_reinstated"][0]["courses"][0], "expires_on": None}
            ],
            "reason": "",
        }
    ],
    "course.approval_stopped": [{**CONTEXTS["course.approval_stopped"][4], "fee_on_hold": True}],
    "course.decided": [
        {**CONTEXTS["course.decided"][2], "fee_by_card": True},
        {**CONTEXTS["course.decided"][0], "comments": ""},
    ],
    "payment.receipt": [
        {
            "invoice_number": "LSSCP-000001",
            "amount": "$150",
            "balance": "$200",
            "balance_owed": True,
        }
    ],
    "payment.invoice": [{"invoice_number": "LSSCP-000001", "amount": "$350"}],
    "review.assigned": [{"set_name": "Technology", "due": None}],
    "scholarship.award_ended": [
        {
            "expired": False,
            "amount": "$200",
            "fund_name": "SSD Fund",
            "reason": "The application it paid for was withdrawn.",
            "sponsor": "SSD",
        }
    ],
    "set_credential.revoked": [{"set_name": "Technology", "reason": ""}],
}
ALL = {event: CONTEXTS[event] + MORE.get(event, []) for event in CONTEXTS}
# Values the template reads from elsewhere: the sender's program, the recipient, the relay.
NOT_BRANCHES = {"program", "recipient", "relay", "site_contact", "link_url", "action", "forloop"}
# `{% if due %}`, `{% if c.expires_on %}`; `{% if why == "key" %}` and `courses|length == 1`
# are tests of a value (`compared`): two different values render both ways.
_IF = re.compile(r"\{%\s*(?:if|elif)\s+(?:not\s+)?([a-z_][\w.]*)(\s*(?:==|!=|\|))?")
_FOR = re.compile(r"\{%\s*for\s+(\w+)\s+in\s+(\w+)")


def _values(context: dict, name: str, loops: dict[str, str]) -> list[object]:
    """What `name` ("due", or "c.expires_on" inside `{% for c in courses %}`) is in a context."""
    head, _, attr = name.partition(".")
    if head in loops:
        return [row.get(attr) for row in context.get(loops[head], [])]
    return [context.get(head)]


@pytest.mark.database_free
def test_every_branch_of_every_template_is_rendered_both_ways():
    """A value a template asks `{% if %}` of is given, and left out, by some context."""
    missing = []
    for path in sorted(EMAIL_DIR.glob("*.txt")):
        if path.stem not in ALL:
            continue  # the footer: its values are the sender's, not the event's
        source = path.read_text()
        loops = dict(_FOR.findall(source))
        for name, compared in sorted(set(_IF.findall(source))):
            if name.split(".")[0] in NOT_BRANCHES:
                continue
            values = [v for context in ALL[path.stem] for v in _values(context, name, loops)]
            if compared and len({repr(v) for v in values}) < 2:
                missing.append(f"{path.stem}: {name} is only ever {values[:1]}")
            elif not compared and {bool(v) for v in values} != {True, False}:
                missing.append(f"{path.stem}: {name} is only ever {bool(values[0])}")
    assert missing == []


@pytest.mark.parametrize(
    ("event", "variant"), [(event, i) for event in MORE for i in range(len(MORE[event]))]
)
def test_the_branches_left_out_there_render(lsscp, event, variant):
    email = _sent(lsscp, event, MORE[event][variant])
    assert email.subject.strip()
    assert problems(email.text_body, email.html_body) == []


# --- The HTML part ------------------------------------------------------------------------------

PHONE = 320
_COLOR = re.compile(r"(?:^|;)\s*color\s*:\s*(#[0-9a-f]{6})", re.I)
_BACKGROUND = re.compile(r"(?:^|;)\s*background(?:-color)?\s*:\s*(#[0-9a-f]{6})", re.I)
_WIDTH = re.compile(r"(?:^|;)\s*(?:min-)?width\s*:\s*(\d+)px", re.I)
VOID = {"meta", "br", "img", "hr", "input", "link"}


class _Looks(HTMLParser):
    """Each piece of text with its color and background (inline styles, inherited), the fixed
    widths, and the images without alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, str]] = [("", "#000000", "#ffffff")]
        self.shown: list[tuple[str, str, str]] = []  # (text, color, background)
        self.widths: list[str] = []
        self.no_alt: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        style = attrs.get("style") or ""
        if tag == "img" and not (attrs.get("alt") or "").strip():
            self.no_alt.append(attrs.get("src") or "")
        width = attrs.get("width") or ""
        if width.isdigit() and int(width) > PHONE:
            self.widths.append(f'<{tag} width="{width}">')
        self.widths += [f"<{tag}> {w}px" for w in _WIDTH.findall(style) if int(w) > PHONE]
        if tag in ("head", "style", "title"):
            self._hidden += 1
        if tag in VOID:
            return
        _, color, background = self.stack[-1]
        found = _COLOR.search(style)
        ground = _BACKGROUND.search(style)
        self.stack.append(
            (tag, found.group(1) if found else color, ground.group(1) if ground else background)
        )

    def handle_endtag(self, tag):
        if tag in ("head", "style", "title"):
            self._hidden -= 1
        if tag in VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self._hidden:
            self.shown.append((data.strip(), self.stack[-1][1], self.stack[-1][2]))


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("one", "other", "ratio"),
    [("#000000", "#ffffff", 21.0), ("#777777", "#ffffff", 4.48), ("#ffffff", "#ffffff", 1.0)],
)
def test_contrast_is_measured_as_wcag_does(one, other, ratio):
    assert contrast(one, other) == pytest.approx(ratio, abs=0.01)


def looks_problems(html: str) -> list[str]:
    looks = _Looks()
    looks.feed(html)
    found = [f"wider than a phone: {width}" for width in looks.widths]
    found += [f"an image without alt text: {src}" for src in looks.no_alt]
    for text, color, background in looks.shown:
        if (ratio := contrast(color, background)) < 4.5:  # WCAG AA, normal text
            found.append(f"{ratio:.2f}:1 contrast ({color} on {background}): {text[:40]!r}")
    return found


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("html", "what"),
    [
        ('<table width="600"><tr><td>Hi</td></tr></table>', "wider than a phone"),
        ('<div style="width:480px">Hi</div>', "wider than a phone"),
        ('<div style="min-width: 400px">Hi</div>', "wider than a phone"),
        ('<p><img src="x.png"></p>', "without alt text"),
        ('<p><img src="x.png" alt=" "></p>', "without alt text"),
        ('<p style="color:#999999">Hi</p>', "contrast"),
        ('<td style="background:#1d4e89"><p style="color:#1b1f24">Hi</p></td>', "contrast"),
    ],
)
def test_the_looks_checks_catch_what_a_phone_or_a_reader_cannot_use(html, what):
    assert any(what in problem for problem in looks_problems(html))


def test_a_good_layout_passes_the_looks_checks():
    html = (
        '<table width="100%" style="max-width:600px;width:100%"><tr>'
        '<td style="background:#1d4e89;color:#ffffff">Hi</td></tr>'
        '<tr><td><img src="logo.png" alt="Certify"> <a style="color:#1d4e89">Open</a></td></tr>'
        "</table>"
    )
    assert looks_problems(html) == []


FIRST = sorted(ALL)


@pytest.mark.parametrize("event", FIRST)
def test_the_html_part_reads_on_a_phone_for_everyone(lsscp, event):
    email = _sent(lsscp, event, ALL[event][0])
    assert email.text_body.strip()  # the text alternative, beside the HTML
    assert '<meta name="viewport" content="width=device-width">' in email.html_body
    assert looks_problems(email.html_body) == []


# --- Times and zones ----------------------------------------------------------------------------

# A time of day ("4:30 PM") names its zone right after ("4:30 PM CDT").
_URL = re.compile(r"https?://\S+")
# The a.m./p.m. is taken whole when there (`?+`): "11:59 p.m. CST" names its zone.
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?))?+(?!\s*(?:[A-Z]{2,5}\b|UTC))")


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("on March 14, 2027, 4:30 PM.", True),
        ("on March 14, 2027, 4:30 p.m. today", True),
        ("on March 14, 2027, 16:30.", True),
        ("on March 14, 2027, 4:30 PM CDT.", False),
        ("on March 14, 2027, 16:30 UTC.", False),
        ("on March 14, 2027, 4:30 p.m. CDT.", False),
    ],
)
def test_a_time_without_its_zone_is_caught(text, bad):
    assert bool(_TIME.search(text)) is bad


def test_a_moment_is_shown_on_the_programs_day_whatever_zone_the_sender_had(lsscp):
    """21:30 UTC on March 14 is already March 15 in Auckland: an invitation there lasts until
    the program's March 15 (it said March 14, the server's day)."""
    lsscp.time_zone = "Pacific/Auckland"
    lsscp.save(update_fields=["time_zone"])
    context = {
        **CONTEXTS["colleague.invited"][0],
        "expires": datetime(2027, 3, 14, 21, 30, tzinfo=UTC),
    }
    with timezone.override("America/Los_Angeles"):
        email = _sent(lsscp, "colleague.invited", context)
    assert "until March 15, 2027" in email.text_body
    assert "until March 15, 2027" in email.html_body


@pytest.mark.parametrize("event", FIRST)
def test_no_notification_shows_a_time_without_its_zone(lsscp, event):
    for context in ALL[event]:
        email = _sent(lsscp, event, context)
        assert not _TIME.search(_URL.sub("", email.text_body)), email.text_body


@pytest.mark.parametrize("prefix", account_email_prefixes())
def test_no_account_email_shows_a_time_without_its_zone(lsscp, rf, prefix):
    request = rf.get("/accounts/signup/")
    user = UserFactory(full_name="Dana O'Neil", email="dana@example.org")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(
            prefix, "dana@example.org", {**ACCOUNT_CONTEXT, "user": user}
        )
    email = OutgoingEmail.objects.get(to="dana@example.org")
    assert not _TIME.search(_URL.sub("", email.text_body)), email.text_body
    assert not _TIME.search(_URL.sub("", email.html_body)), email.html_body


def _account_email(rf, prefix: str, context: dict, user=None) -> OutgoingEmail:
    request = rf.get("/accounts/signup/")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(
            prefix, "dana@example.org", {**context, **({"user": user} if user else {})}
        )
    return OutgoingEmail.objects.filter(to="dana@example.org").latest("id")


TIMED = ("account/email/password_was_changed", "mfa/email/webauthn_added")


@pytest.mark.parametrize("prefix", TIMED)
def test_an_account_email_shows_the_moment_in_the_persons_programs_zone(lsscp, rf, prefix):
    """21:30 UTC on March 14, 2027 is 10:30 on March 15 in Auckland: a person whose
    application is to a program there reads that, named, in both parts, whatever zone was
    active when it was sent (allauth's stamped the site's, or the request's)."""
    from tests.factories import ApplicationFactory

    lsscp.time_zone = "Pacific/Auckland"
    lsscp.save(update_fields=["time_zone"])
    dana = UserFactory(full_name="Dana O'Neil", email="dana@example.org")
    ApplicationFactory(candidate=dana, program=lsscp)
    with timezone.override("America/Los_Angeles"):
        email = _account_email(rf, prefix, ACCOUNT_CONTEXT, user=dana)
    assert "March 15, 2027, 10:30 a.m. NZDT" in email.text_body
    assert "March 15, 2027, 10:30 a.m. NZDT" in email.html_body


@pytest.mark.parametrize("prefix", TIMED)
def test_without_a_program_an_account_email_shows_the_sites_zone_named(lsscp, rf, prefix):
    """Someone who never applied (or no account at all): the site's zone (America/Chicago),
    named, not the zone active when it was sent."""
    dana = UserFactory(full_name="Dana O'Neil", email="dana@example.org")
    with timezone.override("Pacific/Auckland"):
        email = _account_email(rf, prefix, ACCOUNT_CONTEXT, user=dana)
        nobody = _account_email(rf, prefix, ACCOUNT_CONTEXT)
    for sent in (email, nobody):
        assert "March 14, 2027, 4:30 p.m. CDT" in sent.text_body
        assert "March 14, 2027, 4:30 p.m. CDT" in sent.html_body


# --- Account e-mails: every branch, and the HTML on a phone -------------------------------------

# The values our account templates ask `{% if %}` of, left out as their senders leave them: a
# link instead of a code, a security key that is not a passkey, a password changed with nothing
# stopped and no tokens revoked.
ACCOUNT_MORE = [
    {**ACCOUNT_CONTEXT, "code": "", "passkey": False, "stopped": [], "tokens_revoked": 0},
]
ACCOUNT_ALL = [ACCOUNT_CONTEXT, *ACCOUNT_MORE]
_EXTENDS = re.compile(r"\{%\s*extends\s+[\"']([^\"']+)[\"']")


def _account_sources(prefix: str) -> list[str]:
    """The source of the message template allauth picks for `prefix` (ours or its own) and of
    every template it extends."""
    from django.template.loader import get_template

    sources, name = [], f"{prefix}_message.txt"
    while name:
        source = get_template(name).template.source
        sources.append(source)
        found = _EXTENDS.search(source)
        name = found.group(1) if found else ""
    return sources


def test_every_branch_of_every_account_template_is_rendered_both_ways():
    missing = []
    for prefix in account_email_prefixes():
        for source in _account_sources(prefix):
            for name, compared in sorted(set(_IF.findall(source))):
                if name.split(".")[0] in NOT_BRANCHES:
                    continue
                values = [context.get(name.split(".")[0]) for context in ACCOUNT_ALL]
                if compared and len({repr(v) for v in values}) < 2:
                    missing.append(f"{prefix}: {name} is only ever {values[:1]}")
                elif not compared and {bool(v) for v in values} != {True, False}:
                    missing.append(f"{prefix}: {name} is only ever {bool(values[0])}")
    assert missing == []


@pytest.mark.parametrize("prefix", account_email_prefixes())
def test_every_account_email_renders_each_way_and_reads_on_a_phone(lsscp, rf, prefix):
    dana = UserFactory(full_name="Dana O'Neil", email="dana@example.org")
    for context in ACCOUNT_ALL:
        email = _account_email(rf, prefix, context, user=dana)
        assert email.text_body.strip()  # the text alternative, beside the HTML
        assert '<meta name="viewport" content="width=device-width">' in email.html_body
        assert problems(email.text_body, email.html_body) == []
        assert looks_problems(email.html_body) == []


# --- Stopping e-mail ----------------------------------------------------------------------------


@pytest.mark.parametrize("event", FIRST)
def test_only_an_email_one_may_do_without_has_a_stop_link(lsscp, event):
    """An optional kind (a reminder, a share) has a one-click stop link and the headers mail
    programs show as "Unsubscribe"; one the account or the case needs has neither. E-mail on a
    person's behalf to an address that need not be an account can always be stopped."""
    email = _sent(lsscp, event, ALL[event][0])
    parts = (email.text_body, email.html_body)
    one_click = "/notifications/unsubscribe/"
    headers = unsubscribe_headers(user=UserFactory(), event=event, address="luke@example.org")
    if event in RELAYED:
        assert all("/notifications/stop/" in part for part in parts)
        assert not any(one_click in part for part in parts)
    elif EVENTS[event].essential:
        assert not any(one_click in part for part in parts)
        assert headers == {}
    else:
        assert all(one_click in part for part in parts)
        assert "List-Unsubscribe" in headers
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# --- Subjects -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "variant", "subject"),
    [
        ("application.decided", 0, "Your application is accepted"),
        ("application.decided", 1, "Your application was not accepted"),
        ("scholarship.decided", 0, "You received a scholarship"),
        ("scholarship.decided", 1, "Your scholarship application was not successful"),
        ("certificate.issued", 0, "Congratulations: your LSSCP certificate is issued"),
    ],
)
def test_the_subject_says_what_happened(lsscp, event, variant, subject):
    """They said "A decision on your application" and "Congratulations: your LSSCP
    certificate": the outcome was only inside."""
    assert _sent(lsscp, event, ALL[event][variant]).subject == subject


# --- A reviewer never reads the candidate's name -------------------------------------------------

REVIEWER_EVENTS = ("review.assigned", "review.due", "review.overdue")
_VALUE = re.compile(r"\{\{\s*([a-z_][\w.]*)|\{%\s*(?:if|elif)\s+(?:not\s+)?([a-z_][\w.]*)")
# What a reviewer's e-mail may show: their own name, the set, the day it is due, the program.
FOR_A_REVIEWER = {"recipient.get_short_name", "set_name", "due"}


@pytest.mark.database_free
@pytest.mark.parametrize("event", REVIEWER_EVENTS)
def test_an_email_to_a_reviewer_reads_nothing_of_the_candidate(event):
    """The senders (portfolios: `_assign`, the reminders) give the set and the due day only; a
    template reading any other value (a candidate's name) would be a leak the moment one is
    given."""
    source = (EMAIL_DIR / f"{event}.txt").read_text()
    read = {a or b for a, b in _VALUE.findall(source)}
    assert {name for name in read if not name.startswith("program.")} <= FOR_A_REVIEWER
