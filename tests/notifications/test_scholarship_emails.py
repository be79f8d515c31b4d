"""The e-mails of a scholarship award an appeal brings back (ADR 0050)."""

from tests.notifications.emails import (
    CONTEXTS,
    _sent,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)


def test_an_award_an_appeal_brings_back_says_so_first_and_one_it_cannot_says_why(lsscp):
    """An enrollment award ended by a rejection that an appeal sent back (ADR 0050)."""
    restored, refused = CONTEXTS["scholarship.award_restored"]
    email = _sent(lsscp, "scholarship.award_restored", restored)
    assert email.subject == "Your scholarship award is yours again"
    assert "Your $200 award from the SSD Fund is yours again. It is credited on invoice" in (
        " ".join(email.text_body.split())
    )
    email = _sent(lsscp, "scholarship.award_restored", refused)
    text = " ".join(email.text_body.split())
    assert "Your $200 award from the SSD Fund cannot be given back: The SSD Fund has made" in text
    assert "You may apply to SSD again when its rules allow." in text
    email = _sent(
        lsscp, "scholarship.award_not_restored", CONTEXTS["scholarship.award_not_restored"][0]
    )
    text = " ".join(email.text_body.split())
    assert "Ravi Patel's $200 award from the SSD Fund could not be given back: Ravi Patel" in text
