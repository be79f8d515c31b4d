"""The e-mails of a review given back or ended say why and what to do next; the reviewer told
her review ended is not told who its candidate is."""

from tests.notifications.emails import (
    CONTEXTS,
    _sent,
    served,  # noqa: F401 (the served address, SITE_URL, for every test here)
)


def test_staff_told_of_a_review_given_back_read_why_and_what_to_do(lsscp):
    email = _sent(lsscp, "review.conflict_declared", CONTEXTS["review.conflict_declared"][0])
    assert "conflict of interest" in email.subject
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "version 2 of a Technology portfolio declared a conflict of interest" in words
        assert "kept out of the verdict" in words
        assert "Certify found no other reviewer who may take it" in words
        assert "Choose another reviewer" in words


def test_staff_told_of_a_review_given_back_by_a_role_ended_read_why_and_what_to_do(lsscp):
    email = _sent(lsscp, "review.conflict_declared", CONTEXTS["review.conflict_declared"][1])
    assert email.subject == "A review needs another reviewer: its reviewer's role ended"
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "reviewer of version 1 of a Technology portfolio ended" in words
        assert "declared a conflict" not in words
        assert "Certify found no other reviewer who may take it" in words
        assert "Choose another reviewer on the version" in words


def test_staff_told_of_a_review_given_back_by_a_deactivated_account_read_why(lsscp):
    email = _sent(lsscp, "review.conflict_declared", CONTEXTS["review.conflict_declared"][2])
    assert (
        email.subject == "A review needs another reviewer: its reviewer's account was deactivated"
    )
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "deactivated the account of a reviewer of version 3 of a Technology" in words
        assert "declared a conflict" not in words
        assert "role of a reviewer" not in words
        assert "Choose another reviewer on the version" in words


def test_a_reviewer_told_her_review_ended_by_a_deactivation_reads_why(lsscp):
    email = _sent(lsscp, "review.ended", CONTEXTS["review.ended"][1])
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "an administrator deactivated its candidate" in words
        assert "closed their account" not in words


def test_a_reviewer_told_her_review_ended_reads_why_without_the_candidate(lsscp):
    email = _sent(lsscp, "review.ended", CONTEXTS["review.ended"][0])
    assert email.subject == "A portfolio review you had ended: Technology"
    for words in (" ".join(email.text_body.split()), " ".join(email.html_body.split())):
        assert "A Technology portfolio you were reviewing is no longer under review" in words
        assert "its candidate closed their account" in words
        assert "You need not finish the review" in words
