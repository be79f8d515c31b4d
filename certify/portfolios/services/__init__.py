"""Writes for portfolios: the candidate's side (candidate.py), supervisors' attestations
(attestations.py), the reviewers' (review.py), staff's automatic assignment (automatic.py), a
review given back going to the next eligible reviewer (given_back.py), the rows a candidate's
name change or account closure locks first (person_locks.py), and the reviews Certify ends or
gives back (closed_candidate.py, ended_reviewer.py, conflicted_reviewer.py, deactivated.py, all
through the one loop in withdrawals.py)."""

from certify.portfolios.services.attestations import (
    ATTESTATION_MAX,
    LinkClosedError,
    attestation_item_from_token,
    attestation_link,
    attestation_respond,
    evidence_request_attestation,
)
from certify.portfolios.services.automatic import reviewers_assign_automatic
from certify.portfolios.services.candidate import (
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
    learning_statement_save,
    narrative_clean,
    portfolio_appeal,
    portfolio_checklist,
    portfolio_open,
    portfolio_submit,
    response_save,
)
from certify.portfolios.services.conflicted_reviewer import conflicted_reviews_withdraw
from certify.portfolios.services.ended_reviewer import ended_reviewer_reviews_withdraw
from certify.portfolios.services.given_back import given_back_review_reassign
from certify.portfolios.services.person_locks import candidate_reviewers_lock
from certify.portfolios.services.review import (
    UnfinishedReviewError,
    assessment_complete,
    rating_save,
    reviewer_assign,
    reviewer_refusals,
    reviewers_assign_auto,
    submission_decide,
    submission_reopen_after_appeal,
)

__all__ = [
    "ATTESTATION_MAX",
    "LinkClosedError",
    "UnfinishedReviewError",
    "assessment_complete",
    "attestation_item_from_token",
    "attestation_link",
    "attestation_respond",
    "candidate_reviewers_lock",
    "conflicted_reviews_withdraw",
    "ended_reviewer_reviews_withdraw",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "evidence_request_attestation",
    "given_back_review_reassign",
    "learning_statement_save",
    "narrative_clean",
    "portfolio_appeal",
    "portfolio_checklist",
    "portfolio_open",
    "portfolio_submit",
    "rating_save",
    "response_save",
    "reviewer_assign",
    "reviewer_refusals",
    "reviewers_assign_auto",
    "reviewers_assign_automatic",
    "submission_decide",
    "submission_reopen_after_appeal",
]
