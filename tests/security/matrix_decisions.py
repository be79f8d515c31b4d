"""The permission matrix's lines for the operations that do what the course, appeal, renewal,
supervisor and reviewer-assignment pages do (the parity test's; ADR 0054). Kept beside
`matrix.py`, which adds them to its OPERATIONS; the letters mean what they mean there."""

from tests.security.matrix import (
    OWNER,
    OWNER_HIDDEN,
    OWNER_HIDDEN_FROM_CANDIDATES,
    OWNER_PORTFOLIO_HIDDEN,
    PROVIDER_API,
    STAFF,
    Op,
)

_ = "certify_rest_"
DECISION_OPERATIONS: list[Op] = [
    # a provider's pages: its staff (the world's course is approved, so the map and withdrawal
    # are refused by the rule, with 400, for them: still "allowed" past the permission check)
    Op(
        f"{_}courses_provider_course_map",
        PROVIDER_API,
        {"content": "Unit 1"},
        competency="course_competency.code",
    ),
    Op(f"{_}courses_provider_course_withdraw", PROVIDER_API),
    Op(
        f"{_}courses_provider_completion_decide",
        PROVIDER_API,
        {"decision": "confirm"},
        completion_id="completion",
    ),
    Op(f"{_}courses_provider_colleague_invite", PROVIDER_API, {"email": "new@example.org"}),
    Op(f"{_}courses_provider_consent_invite", PROVIDER_API, {"who": "x@example.org"}),
    Op(f"{_}courses_provider_api_key_revoke", PROVIDER_API, key_id="api_key"),
    # the candidate's course steps: their own plan, completions and invitations
    Op(f"{_}courses_course_completion", OWNER_HIDDEN_FROM_CANDIDATES, planned_id="tec_planned"),
    Op(
        f"{_}courses_course_name",
        OWNER_HIDDEN_FROM_CANDIDATES,
        {"course_id": None},
        planned_id="tec_planned",
    ),
    Op(
        f"{_}courses_consent_decide",
        OWNER_HIDDEN_FROM_CANDIDATES,
        {"move": "withdraw"},
        consent_id="consent",
    ),
    Op(
        f"{_}courses_completion_answer",
        OWNER_HIDDEN_FROM_CANDIDATES,
        {"answer": "yes"},
        completion_id="completion",
    ),
    Op(f"{_}courses_completion_apply", OWNER_HIDDEN_FROM_CANDIDATES, completion_id="completion"),
    Op(f"{_}courses_programme_claim", OWNER_HIDDEN_FROM_CANDIDATES, planned_id="fls_planned"),
    # program staff's course decisions
    Op(f"{_}courses_staff_evaluate", STAFF, {"scores": {}}),
    Op(f"{_}courses_staff_decide", STAFF, {"decision": "return", "comments": "Matrix"}),
    Op(f"{_}courses_staff_approval_stop", STAFF, {"action": "reinstate", "reason": "Matrix"}),
    Op(f"{_}courses_staff_renewal_close", STAFF, {"reason": "Matrix"}),
    Op(f"{_}courses_staff_provider_approve", STAFF),
    Op(
        f"{_}courses_staff_provider_approval_stop",
        STAFF,
        {"action": "reinstate", "reason": "Matrix"},
    ),
    Op(
        f"{_}courses_staff_completion_decide",
        STAFF,
        {"decision": "reject", "reason": "Matrix"},
        completion_id="completion",
    ),
    Op(
        f"{_}courses_staff_unmatched_resolve",
        STAFF,
        {"action": "dismiss", "note": "Matrix"},
        row_id="unmatched",
    ),
    Op(f"{_}courses_staff_programmes", STAFF, {"college": "", "name": ""}),
    Op(
        f"{_}courses_staff_claim_decide",
        STAFF,
        {"decision": "reject", "reason": "Matrix"},
        claim_id="claim",
    ),
    # appeals: the candidate's own; a second reviewer decides
    Op(f"{_}appeals_application_appeal", OWNER_HIDDEN, application_id="application"),
    Op(f"{_}appeals_portfolio_appeal", OWNER_PORTFOLIO_HIDDEN),
    Op(f"{_}appeals_grounds", OWNER, {"grounds": "Too short."}, appeal_id="appeal"),
    Op(
        f"{_}appeals_review",
        STAFF,
        {"outcome": "uphold", "reason": "Matrix"},
        appeal_id="appeal",
    ),
    # renewals: the holder's own; staff decide
    Op(f"{_}renewals_resubmit", OWNER, renewal_id="renewal"),
    Op(
        f"{_}renewals_staff_staff_decide",
        STAFF,
        {"action": "approve"},
        renewal_id="renewal",
    ),
    Op(
        f"{_}renewals_staff_staff_reinstate",
        STAFF,
        {"renew_by": "2099-01-01", "reason": "Matrix"},
        certificate_id="certificate",
    ),
    # a supervisor asked by the candidate; a reviewer assigned by staff
    Op(f"{_}applications_supervisor_request", OWNER_HIDDEN, application_id="application"),
    Op(
        f"{_}portfolio_staff_staff_submission",
        STAFF,
        {"reviewer_id": None},
        submission_id="submission",
    ),
    Op(
        f"{_}portfolio_staff_staff_assign_automatic",
        STAFF,
        {"picked": []},
        submission_id="submission",
    ),
]
