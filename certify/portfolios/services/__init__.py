"""Writes for portfolios: the candidate's side (candidate.py) and the reviewers' (review.py)."""

from certify.portfolios.services.candidate import (
    attestation_item_from_token,
    attestation_respond,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
    evidence_request_attestation,
    learning_statement_save,
    narrative_clean,
    portfolio_checklist,
    portfolio_open,
    portfolio_submit,
    response_save,
)
from certify.portfolios.services.review import (
    assessment_complete,
    rating_save,
    reviewer_assign,
    reviewer_conflicts,
    reviewers_assign_auto,
    submission_decide,
    submission_reopen_after_appeal,
)

__all__ = [
    "assessment_complete",
    "attestation_item_from_token",
    "attestation_respond",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "evidence_request_attestation",
    "learning_statement_save",
    "narrative_clean",
    "portfolio_checklist",
    "portfolio_open",
    "portfolio_submit",
    "rating_save",
    "response_save",
    "reviewer_assign",
    "reviewer_conflicts",
    "reviewers_assign_auto",
    "submission_decide",
    "submission_reopen_after_appeal",
]
