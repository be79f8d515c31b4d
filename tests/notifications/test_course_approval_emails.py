"""The e-mails of a course approval stopped or given back name each course and what became
of each fee: a renewal's, and each first review's when a provider is revoked."""

from tests.notifications.emails import (
    CONTEXTS,
    DAY,
    _sent,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)


def test_a_provider_reinstatement_tells_a_candidate_of_each_course_in_one_email(lsscp):
    email = _sent(lsscp, "course.approval_reinstated", CONTEXTS["course.approval_reinstated"][1])
    assert email.subject == "2 courses in your plan are approved again"
    for words in (email.text_body, email.html_body):
        text = " ".join(words.split())
        assert "Library Technology Essentials (by Northside Community College)" in text
        assert "Cataloging Basics (by Northside Community College) for Cataloging" in text
        assert "Completions dated while the approval was suspended count again" in text


def test_a_revoked_renewals_fee_is_named_in_the_providers_email(lsscp):
    email = _sent(lsscp, "course.approval_stopped", CONTEXTS["course.approval_stopped"][2])
    words = (
        "The renewal you submitted will not be decided: invoice LSSCP-000031 is void (a credit "
        "note cancels what was owed), and the $40.00 paid on it is refunded the way it was paid."
    )
    assert words in " ".join(email.text_body.split())
    assert words in " ".join(email.html_body.split())


def test_a_revoked_providers_notice_says_what_became_of_each_first_reviews_fee(lsscp):
    """Revoking a provider ends its courses under first review: one notice names each fee."""
    (context,) = [
        c
        for c in CONTEXTS["course.approval_stopped"]
        if c.get("first_reviews") and not c.get("first_reviews_later")
    ]
    email = _sent(lsscp, "course.approval_stopped", context)
    for words in (
        "Cataloging Basics was waiting for its first approval: it will not be evaluated, and it "
        "is revoked with Northside Community College. Invoice LSSCP-000032 is void (a credit "
        "note cancels what was owed).",
        "Invoice LSSCP-000033 is void (a credit note cancels what was owed), and the $40.00 paid "
        "on it is refunded the way it was paid.",
    ):
        assert words in " ".join(email.text_body.split())
        assert words in " ".join(email.html_body.split())


def test_a_first_review_ended_after_the_revocation_says_when_it_was_revoked(lsscp):
    """A provider revoked before revocations ended its first reviews hears of them later (the
    data migration): the notice says the revocation's day and what became of each fee."""
    (context,) = [c for c in CONTEXTS["course.approval_stopped"] if c.get("first_reviews_later")]
    email = _sent(lsscp, "course.approval_stopped", context)
    assert email.subject.endswith("Courses under review revoked with Northside Community College")
    for words in (
        f"Program staff revoked Northside Community College as a course provider on "
        f"{DAY:%B %-d, %Y}. The courses below were then waiting for their first approval",
        "Cataloging Basics was waiting for its first approval: it will not be evaluated",
        "Invoice LSSCP-000032 is void (a credit note cancels what was owed).",
    ):
        assert words in " ".join(email.text_body.split())
        assert words in " ".join(email.html_body.split())
