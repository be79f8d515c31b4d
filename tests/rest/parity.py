"""Which views change something, and which API operation does the same (the parity test's data).

A view "changes something" when it accepts a write method. That is found three ways, because
views say it three ways:

1. a class-based view (allauth's) that defines `post`, `put`, `patch` or `delete`;
2. a function wrapped by Django's `require_POST` / `require_http_methods([...])`: the allowed
   methods sit in the wrapper's closure, and a write method among them counts;
3. any other function whose own source reads `request.POST` or `request.FILES`, or compares
   `request.method` (the form views that show a form on GET and save it on POST).

The third is a reading of the source, so it may see a view that only reads a posted form (the
CE preview); such a view is listed as an exemption, with the reason, like any other.

`OPERATIONS_FOR` maps each such view (by URL name) to the operationIds that do the same;
`docs/integration.md` ("Parity exemptions") lists the views that need none, each with its
reason; `MISSING` lists the views whose operation is still to be written. The test
(`test_parity.py`) fails on a view in none of the three, and on an entry that no longer fits.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

WRITE_METHODS = {"post", "put", "patch", "delete"}
SOURCE_WRITES = re.compile(r"request\.(POST|FILES)\b|request\.method\s*(==|!=|in\b)")
INTEGRATION_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "integration.md"


def _views(
    resolver: URLResolver | None = None, namespace: str = ""
) -> Iterator[tuple[str, Callable[..., Any]]]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _views(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            if namespace.split(":")[0] in ("admin", "api-1"):
                continue  # the admin site is one exemption; the API is the other side
            yield name or str(pattern.pattern), pattern.callback


def _allowed_by_decorator(view: Callable[..., Any]) -> set[str] | None:
    """The methods a `require_http_methods` wrapper allows (lowercase), or None if unwrapped."""
    for cell in getattr(view, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        methods = (
            {v.lower() for v in value}
            if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value)
            else set()
        )
        if methods and methods <= {"get", "head", "options", *WRITE_METHODS}:
            return methods
    return None


def changes_something(view: Callable[..., Any]) -> bool:
    """Whether the view accepts a write method (the three ways in the module's docstring)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return any(callable(getattr(view_class, m, None)) for m in WRITE_METHODS)
    layer: Callable[..., Any] | None = view
    innermost = view
    while layer is not None:
        allowed = _allowed_by_decorator(layer)
        if allowed is not None:
            return bool(allowed & WRITE_METHODS)
        innermost = layer
        layer = getattr(layer, "__wrapped__", None)
    try:
        source = inspect.getsource(innermost)
    except (OSError, TypeError):
        return False
    return bool(SOURCE_WRITES.search(source))


def state_changing_views() -> dict[str, Callable[..., Any]]:
    """Every view that changes something, by URL name; the admin site and the API's own URLs
    are left out (the admin is one exemption in the guide; the API is the other side)."""
    return {name: view for name, view in _views() if changes_something(view)}


def exemptions() -> dict[str, str]:
    """The guide's "Parity exemptions" table: URL name → reason."""
    text = INTEGRATION_GUIDE.read_text()
    section = text.split("## Parity exemptions", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = re.match(r"\|\s*(`[^|]+`)\s*\|\s*(.*?)\s*\|\s*$", line)
        if found:
            for name in re.findall(r"`([^`]+)`", found.group(1)):
                rows[name] = found.group(2)
    return rows


# --- Each view that changes something → the operations that do the same ------------------------
_ = "certify_rest_"
OPERATIONS_FOR: dict[str, tuple[str, ...]] = {
    "accounts:person_role_change": (f"{_}people_role_change",),
    # your account: tokens, invitations, your data ("account" scope); conflicts ("conflicts")
    "accounts:token_revoke": (f"{_}account_token_revoke",),
    "accounts:conflicts": (f"{_}account_conflict_declare",),
    "accounts:conflict_withdraw": (f"{_}account_conflict_withdraw",),
    "accounts:invitation_answer": (f"{_}account_invitation_answer",),
    "accounts:invitation_withdraw": (f"{_}account_invitation_withdraw",),
    "accounts:privacy_export": (f"{_}account_data_export",),
    "notifications:read_all": (f"{_}notifications_read_all",),
    "notifications:preferences": (f"{_}notifications_preferences_set",),
    "notifications:outbox_retry": (f"{_}notifications_outbox_retry",),
    "payments:enrollment_start": (f"{_}invoice_changes_enrollment_start",),
    "payments:invoice_void": (f"{_}invoice_changes_invoice_void",),
    "payments:invoice_reprice": (f"{_}invoice_changes_invoice_reprice",),
    "payments:invoice_reissue": (f"{_}invoice_changes_invoice_reissue",),
    "scholarships:award_payment": (f"{_}awards_award_payment",),
    "scholarships:members": (f"{_}sponsor_members_member_invite",),
    "scholarships:member_remove": (f"{_}sponsor_members_member_remove",),
    "scholarships:rubric": (f"{_}committee_rubric",),
    "scholarships:score": (f"{_}committee_score",),
    "scholarships:conflict": (f"{_}committee_conflict",),
    "scholarships:confirm": (f"{_}committee_confirm",),
    "certificates:profile_toggle": (f"{_}certificate_choices_profile_set",),
    "certificates:register_listing": (f"{_}certificate_choices_register_listing",),
    "certificates:wallet_offer": (f"{_}certificate_choices_wallet_offer",),
    "certificates:staff_set_credential": (f"{_}certificate_choices_set_credential_revoke",),
    "programs:setup_new": (f"{_}program_setup_program_setup_create",),
    "programs:setup_section": (f"{_}program_setup_program_settings_update",),
    "programs:setup_publish": (f"{_}program_setup_program_publish",),
    "programs:setup_faq_add": (f"{_}program_setup_faq_add",),
    "programs:setup_faq_edit": (f"{_}program_setup_faq_edit",),
    "programs:setup_faq_move": (f"{_}program_setup_faq_move",),
    "programs:setup_faq_publish": (f"{_}program_setup_faq_publish",),
    "memberships:add": (f"{_}memberships_record",),
    "memberships:edit": (f"{_}memberships_record",),
    "memberships:decide": (f"{_}memberships_staff_decide", f"{_}memberships_sponsor_decide"),
    "applications:membership_save": (f"{_}memberships_record",),
    "payments:payment_record": (f"{_}payments_staff_payment_record",),
    "payments:refund_create": (f"{_}payments_staff_refund",),
    "scholarships:apply": (f"{_}scholarships_apply",),
    "scholarships:application_withdraw": (f"{_}scholarships_withdraw",),
    "scholarships:decide": (f"{_}scholarships_decide",),
    "scholarships:award_withdraw": (f"{_}awards_award_withdraw",),
    "scholarships:draw_create": (f"{_}scholarships_draw",),
    "scholarships:fund_create": (f"{_}funds_fund_create",),
    "scholarships:fund_edit": (f"{_}funds_fund_update",),
    "applications:apply": (f"{_}applications_start",),
    "applications:apply_program": (f"{_}applications_start",),
    "applications:education": (f"{_}applications_update",),
    "applications:experience_add": (f"{_}applications_entry_add",),
    "applications:experience_edit": (f"{_}applications_entry_update",),
    "applications:experience_delete": (f"{_}applications_entry_delete",),
    "applications:submit": (f"{_}applications_submit",),
    "applications:withdraw": (f"{_}applications_withdraw",),
    "applications:decide": (f"{_}applications_decide",),
    "applications:extend": (f"{_}applications_deadline_extend",),
    "applications:rules_move": (f"{_}application_rules_rules_move",),
    "progress:electives": (f"{_}progress_electives",),
    "progress:electives_in": (f"{_}progress_electives",),
    "progress:route": (f"{_}progress_route",),
    "portfolios:start": (f"{_}portfolio_evidence_start",),
    "portfolios:statement": (f"{_}portfolios_statement",),
    "portfolios:response": (f"{_}portfolios_response_save",),
    "portfolios:evidence_add": (f"{_}portfolio_evidence_file_add", f"{_}portfolios_link_add"),
    "portfolios:evidence_remove": (f"{_}portfolio_evidence_evidence_remove",),
    "portfolios:submit": (f"{_}portfolios_submit",),
    "portfolios:rating": (f"{_}portfolios_rate",),
    "portfolios:complete": (f"{_}portfolios_complete",),
    "courses:course_new": (f"{_}courses_provider_course_create",),
    "courses:course_edit": (f"{_}courses_provider_course_update",),
    "courses:course_syllabus": (f"{_}courses_provider_course_syllabus",),
    "courses:course_submit": (f"{_}courses_provider_course_submit",),
    # a CSV of completions, previewed and confirmed on the page; the API reports them in one call
    "courses:imports": (f"{_}courses_provider_completions_report",),
    "courses:import_confirm": (f"{_}courses_provider_completions_report",),
    "courses:completion_report": (f"{_}courses_provider_completions_report",),
    "certificates:verify_credential": (f"{_}certificates_verify_credential",),
    "certificates:staff_action": (f"{_}certificates_staff_action",),
    "renewals:activity_add": (f"{_}renewals_activity_create",),
    "renewals:activity_edit": (f"{_}renewals_activity_update",),
    "renewals:activity_delete": (f"{_}renewals_activity_delete",),
    "renewals:apply": (f"{_}renewals_submit",),
    "renewals:activity_restore": (f"{_}renewals_activity_restore",),
    "applications:experience_restore": (f"{_}applications_entry_restore",),
    # Notes and assignment: an application's in the API; a portfolio's or renewal's on the pages
    # only (docs/integration.md says so).
    "casework:note_add": (f"{_}casework_application_note_add",),
    "casework:assign": (f"{_}casework_application_assign",),
    "payments:refund_retry": (f"{_}payments_staff_refund_retry",),
    # Competency framework versions (ADR 0056).
    "programs:framework_versions": (f"{_}frameworks_draft_start",),
    "programs:framework_version": (f"{_}frameworks_set_add",),
    "programs:framework_set": (f"{_}frameworks_set_update", f"{_}frameworks_competency_add"),
    "programs:framework_set_delete": (f"{_}frameworks_set_delete",),
    "programs:framework_competency": (f"{_}frameworks_competency_update",),
    "programs:framework_competency_delete": (f"{_}frameworks_competency_delete",),
    "programs:framework_competency_move": (f"{_}frameworks_competency_move",),
    "programs:framework_import": (f"{_}frameworks_case_import",),
    "programs:framework_compare": (f"{_}frameworks_mapping_save",),
    "programs:framework_publish": (f"{_}frameworks_publish",),
    "progress:framework_move": (f"{_}frameworks_move_candidate",),
    "progress:framework_move_all": (f"{_}frameworks_move_candidates",),
    "webhooks:new": (f"{_}webhooks_endpoint_create",),
    "webhooks:detail": (f"{_}webhooks_endpoint_update",),
    "webhooks:rotate": (f"{_}webhooks_endpoint_rotate",),
    "webhooks:disable": (f"{_}webhooks_endpoint_disable",),
    "webhooks:enable": (f"{_}webhooks_endpoint_enable",),
    "webhooks:resend": (f"{_}webhooks_delivery_resend",),
    "webhooks:shares": (f"{_}webhooks_share_create",),
    "webhooks:share_withdraw": (f"{_}webhooks_share_withdraw",),
    # The rest of the provider's pages; the candidate's course steps; staff course decisions.
    "courses:provider": (f"{_}courses_provider_colleague_invite",),
    "courses:course_map": (f"{_}courses_provider_course_map", f"{_}courses_provider_course_update"),
    "courses:course_withdraw": (f"{_}courses_provider_course_withdraw",),
    "courses:provider_completion_decide": (f"{_}courses_provider_completion_decide",),
    "courses:invitations": (f"{_}courses_provider_consent_invite",),
    "courses:api_key_revoke": (f"{_}courses_provider_api_key_revoke",),
    "courses:course_completion": (f"{_}courses_course_completion",),
    "courses:course_name": (f"{_}courses_course_name",),
    "courses:consent_decide": (f"{_}courses_consent_decide",),
    "courses:completion_answer": (f"{_}courses_completion_answer",),
    "courses:completion_apply": (f"{_}courses_completion_apply",),
    "courses:programme_claim": (f"{_}courses_programme_claim",),
    "courses:staff_evaluate": (f"{_}courses_staff_evaluate",),
    "courses:staff_decide": (f"{_}courses_staff_decide",),
    "courses:staff_approval": (f"{_}courses_staff_approval_stop",),
    "courses:staff_renewal_close": (f"{_}courses_staff_renewal_close",),
    "courses:staff_provider_approve": (f"{_}courses_staff_provider_approve",),
    "courses:staff_provider_approval": (f"{_}courses_staff_provider_approval_stop",),
    "courses:staff_completion_decide": (f"{_}courses_staff_completion_decide",),
    "courses:staff_unmatched_resolve": (f"{_}courses_staff_unmatched_resolve",),
    "courses:staff_programmes": (f"{_}courses_staff_programmes",),
    "courses:staff_claim_decide": (f"{_}courses_staff_claim_decide",),
    "applications:appeal_notice": (f"{_}appeals_application_appeal",),
    "portfolios:appeal_notice": (f"{_}appeals_portfolio_appeal",),
    "appeals:grounds": (f"{_}appeals_grounds",),
    "appeals:review": (f"{_}appeals_review",),
    "renewals:resubmit": (f"{_}renewals_resubmit",),
    "renewals:staff_decide": (f"{_}renewals_staff_staff_decide",),
    "renewals:staff_reinstate": (f"{_}renewals_staff_staff_reinstate",),
    "applications:supervisor_request": (f"{_}applications_supervisor_request",),
    "portfolios:staff_submission": (f"{_}portfolio_staff_staff_submission",),
    "portfolios:staff_assign_automatic": (f"{_}portfolio_staff_staff_assign_automatic",),
}

# --- Views whose operation is still to be written (not exemptions: each one is owed) -----------
# The list only shrinks: the test fails when a view here gains an operation (move it above).
MISSING: dict[str, str] = {}

# Reads are in none of these lists: only views that change something are. A public read with an
# API twin proves the two give the same answer in its own tests: the job requirements
# (`programs:job_requirements` and `certify_rest_programs_job_requirements`) in
# tests/rest/test_job_requirements_api.py. A reviewer's read of a resubmission (`portfolios:assess`
# and `certify_rest_portfolios_review_detail`: that the version answers a request for more
# evidence, the last attempt, the version before's ratings and comments without names) in
# tests/portfolios/test_reviewer_access.py. Staff's lists of reviewers to choose for a version
# (`portfolios:staff_submission` and `certify_rest_portfolio_staff_staff_reviewer_choices`:
# the same people to add and for each open review, each accepted by the POST) in
# tests/rest/test_reviewer_choices_api.py. Whom the automatic assignment would pick for a version
# (`certify_rest_portfolio_staff_staff_automatic_reviewers`, on the page `portfolios:
# staff_submission` too): the service's own choice (`portfolios.automatic_reviewers`);
# tests/portfolios/test_automatic_assignment_page.py proves the page shows the ones the API
# marks picked, and tests/rest/test_automatic_reviewers_api.py that the service assigns them.
