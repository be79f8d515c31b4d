"""The renewal e-mails read as their holder reads them: each says what happened and what comes
next in plain words, its dates the long way ("March 14, 2027", the program's days), one action
named for what it does on the page its link opens, and nothing a stranger given the e-mail
could use: its only links are to pages that ask the reader to sign in (ADR 0014)."""

import re

import pytest

from tests.notifications.emails import (
    CONTEXTS,
    LAPSED_PAID_LATE,
    REFUSED_PAID_LATE,
    SITE,
    _sent,
    problems,
    served,  # noqa: F401  (autouse: the served address)
)

RENEWAL_EMAILS = [
    "renewal.reminder",
    "certificate.lapsed",
    "renewal.checking",
    "renewal.decided",
    "renewal.reinstated",
]
NUMERIC_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _body(email) -> str:
    """The text part above its action's line and the footer: what the e-mail itself says."""
    return _flat(email.text_body.split("\n--\n")[0].strip().rsplit("\n\n", 1)[0])


@pytest.mark.parametrize(
    ("event", "variant"),
    [(event, i) for event in RENEWAL_EMAILS for i in range(len(CONTEXTS[event]))],
)
def test_each_renewal_email_names_one_action_and_writes_dates_the_long_way(lsscp, event, variant):
    context = {**CONTEXTS[event][variant], "action": "See your renewal"}
    email = _sent(lsscp, event, context)
    assert problems(email.text_body, email.html_body) == []
    assert not NUMERIC_DATE.search(email.text_body), email.text_body
    # The one action: a button in HTML, a line in the text, both to the page the link opens.
    assert email.html_body.count(">See your renewal</a>") == 1
    assert f"See your renewal: {SITE}/plan/" in email.text_body
    assert "Open in" not in email.text_body
    links = set(re.findall(r"https?://\S+", _body(email)))
    assert links == set(), links  # the body itself carries no link, only the action does


def _context(event: str, **match) -> dict:
    return next(c for c in CONTEXTS[event] if all(c.get(k) == v for k, v in match.items()))


def _read(lsscp, event: str, **match) -> str:
    return _body(_sent(lsscp, event, _context(event, **match)))


def test_a_reminder_says_when_renewal_closes_and_a_fee_owed_when_to_pay_it(lsscp):
    record = _body(_sent(lsscp, "renewal.reminder", CONTEXTS["renewal.reminder"][0]))
    assert "expires on March 14, 2027" in record
    assert (
        "Renew before it expires to keep it valid without a break; after that you can still "
        "renew until May 14, 2027, and then it lapses." in record
    )
    owed = _read(lsscp, "renewal.reminder", fee_owed=True)
    assert "pay it from your renewal page by May 14, 2027, your last day to renew" in owed


def test_a_lapse_without_a_renewal_says_whom_to_ask_and_with_one_paid_late_what_staff_do(
    lsscp,
):
    lsscp.contact_email = "renewals@lsscp.example.org"
    alone = _body(
        _sent(lsscp, "certificate.lapsed", _context("certificate.lapsed", lapsed_words=""))
    )
    assert (
        "It can no longer be renewed unless program staff reinstate it: to ask them, write to "
        "renewals@lsscp.example.org." in alone
    )
    late = _body(
        _sent(
            lsscp,
            "certificate.lapsed",
            _context("certificate.lapsed", lapsed_words=LAPSED_PAID_LATE),
        )
    )
    assert LAPSED_PAID_LATE in late
    assert "reinstate it: to ask them" not in late


def test_a_decision_says_what_the_holder_does_next(lsscp):
    lsscp.contact_email = "renewals@lsscp.example.org"
    more = _body(
        _sent(lsscp, "renewal.decided", _context("renewal.decided", decision="more_evidence"))
    )
    assert "What they ask for: Attach the agenda of the March webinar." in more
    assert "then send the renewal back to them from that page" in more
    assert "You need not apply or pay again." in more
    refused = _body(
        _sent(lsscp, "renewal.decided", _context("renewal.decided", decision="refused"))
    )
    assert "refused it, so the certificate is not renewed" in refused
    assert "The renewal fee is not refunded automatically" in refused
    assert "write to them at renewals@lsscp.example.org" in refused


def test_a_renewed_certificate_is_announced_as_a_renewal_not_as_a_first_issue(lsscp):
    renewed = _sent(
        lsscp, "certificate.issued", _context("certificate.issued", renews="LSSCP-2022-D9NJYWM3")
    )
    body = _body(renewed)
    assert renewed.subject == "Your LSSCP certificate is renewed"
    assert "replaces certificate LSSCP-2022-D9NJYWM3 and is valid until March 14, 2027" in body
    assert "completed every competency set" not in body
    first = _read(lsscp, "certificate.issued", renews="")
    assert "completed every competency set" in first


def test_a_reinstatement_with_a_renewal_open_does_not_ask_the_holder_to_apply_again(lsscp):
    plain, owed, paid, asked = (
        _body(_sent(lsscp, "renewal.reinstated", c)) for c in CONTEXTS["renewal.reinstated"]
    )
    assert "Apply to renew by then" in plain
    for body in (owed, paid, asked):
        assert "Apply to renew by" not in body
        assert "applied for on March 14, 2027, is still open" in body
    assert "pay it from your renewal page by March 14, 2027" in owed
    assert "you need not apply or pay again: program staff can now decide it" in paid
    assert "once you send them the evidence they asked for" in asked


def test_a_renewal_closed_with_part_of_its_fee_paid_says_what_will_be_refunded(lsscp):
    _, closed, part_paid, *_ = CONTEXTS["renewal.decided"]
    plain = _sent(lsscp, "renewal.decided", closed)
    refunded = _sent(lsscp, "renewal.decided", part_paid)
    assert "Nothing is owed for it: its invoice was voided." in plain.text_body
    assert "refunded" not in plain.text_body + plain.html_body
    words = (
        "Nothing more is owed for it: its invoice was voided, and the $50.00 already paid on it "
        "will be refunded to whoever paid it, the way it was paid."
    )
    assert words in " ".join(refunded.text_body.split())
    assert words in " ".join(refunded.html_body.split())


def test_a_renewal_refused_after_a_late_fee_says_what_becomes_of_the_money(lsscp):
    *_, refused, paid_late = CONTEXTS["renewal.decided"]
    general = "The renewal fee is not refunded automatically"
    assert general in _sent(lsscp, "renewal.decided", refused).text_body
    email = _sent(lsscp, "renewal.decided", paid_late)
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert REFUSED_PAID_LATE in words
        assert general not in words
