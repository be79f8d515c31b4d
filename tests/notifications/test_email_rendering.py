"""Every e-mail the system can send renders: each notification event (the account e-mails,
allauth's templates and our overrides, in test_account_emails.py), found from the code so that
a new one cannot be missed, rendered with realistic values and checked in both parts. The HTML
is parsed: no escaped markup, no empty placeholders ("Hello from !", "Dear ,"), links only to
the address that is served (`SITE_URL`), US English. E-mail to people who may have no account
(relayed: supervisors, colleagues) never tells them they have one."""

import pytest

from certify.notifications.events import EVENTS
from tests.notifications.emails import (
    CONTEXTS,
    EMAIL_DIR,
    NOT_EVENTS,
    RELAYED,
    SITE,
    _sent,
    problems,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)


def test_every_event_has_a_template_and_every_template_an_event():
    templates = {p.name for p in EMAIL_DIR.iterdir()} - NOT_EVENTS
    assert templates == {f"{key}.txt" for key in EVENTS}


def test_every_event_is_covered_here():
    assert set(CONTEXTS) == set(EVENTS), "give the new event a realistic context in CONTEXTS"


@pytest.mark.parametrize(
    ("event", "variant"),
    [(event, i) for event, contexts in CONTEXTS.items() for i in range(len(contexts))],
)
def test_notification_email_renders(lsscp, event, variant):
    email = _sent(lsscp, event, CONTEXTS[event][variant])
    assert email.subject.strip()
    assert "<p>" in email.html_body
    assert problems(email.text_body, email.html_body) == []
    if event in RELAYED:
        for words in (email.text_body, email.html_body):
            assert "you have an account" not in words
            assert "your account" not in words


@pytest.mark.parametrize(
    ("text", "html", "what"),
    [
        ("Hi", "<p>&lt;p&gt;Hello&lt;/p&gt;</p>", "escaped markup"),  # the layout escaped <p>
        ("Hello from !", "<p>Hi</p>", "a space before punctuation"),
        ("Dear ,", "<p>Hi</p>", "a space before punctuation"),
        ("Your invoice is due by .", "<p>Hi</p>", "a space before punctuation"),
        ("Hi", "<p>Hello from <strong></strong>!</p>", "a space before punctuation"),
        ("Dana O&#x27;Neil", "<p>Hi</p>", "escaped markup"),
        ("Open: http://127.0.0.1:8000/plan/", "<p>Hi</p>", "not to the served address"),
        ("Hi", '<p><a href="http://localhost:8000/">x</a></p>', "not to the served address"),
        ("Pay by cheque.", "<p>Hi</p>", "not US English"),
        ("Valid until 2 October 2026.", "<p>Hi</p>", "not US English"),
    ],
)
def test_the_checks_catch_what_broke_before(text, html, what):
    assert any(what in problem for problem in problems(text, html))


def test_a_good_email_passes_the_checks():
    html = f'<p>Hello Dana,</p><p><a href="{SITE}/plan/">Open</a> by March 14, 2027.</p>'
    assert problems(f"Hello Dana,\n\nOpen: {SITE}/plan/\n", html) == []
