"""Every service that takes an `actor`, classified for the separation-of-duties test.

`test_separation_of_duties.py` walks every module of `certify/` and fails for a function in none of
these (or in two), so a new decision cannot go untried:
- `MOVES`: the service makes these workflow moves, each tried there with the subject's own
  account and with a declared conflict;
- `DECISION_NAMES`: a decision that is not a move, tried there one by one (`DECISIONS`);
- `NOT_DECISIONS`: why the service decides nothing about anyone else.
"""

A = "certify.applications.services."
AD = "certify.applications.decisions."
AE = "certify.applications.experience."
C = "certify.certificates.services."
K = "certify.courses.services."
P = "certify.payments.services."
F = "certify.portfolios.services."
R = "certify.renewals.services."
S = "certify.scholarships.services."

MOVES: dict[str, list[str]] = {
    "certify.appeals.services.appeal_decide": ["appeals.Appeal.uphold", "appeals.Appeal.send_back"],
    AD + "application_accept": ["applications.Application.accept"],
    AD + "application_request_info": ["applications.Application.ask_more_info"],
    AD + "application_reject": ["applications.Application.reject"],
    AD + "application_reopen_after_appeal": ["applications.Application.reopen_after_appeal"],
    C + "issuance.certificate_approve": ["certificates.Certificate.approve"],
    C + "transitions.certificate_move": [
        "certificates.Certificate.suspend",
        "certificates.Certificate.reinstate",
        "certificates.Certificate.revoke",
    ],
    C + "transitions.certificate_suspend": ["certificates.Certificate.suspend"],
    C + "transitions.certificate_reinstate": ["certificates.Certificate.reinstate"],
    C + "transitions.certificate_revoke": ["certificates.Certificate.revoke"],
    C + "transitions.certificate_act": [
        "certificates.Certificate.approve",
        "certificates.Certificate.suspend",
        "certificates.Certificate.reinstate",
        "certificates.Certificate.revoke",
    ],
    C + "set_credentials.set_credential_revoke": ["certificates.SetCredential.revoke"],
    C + "set_credentials.set_credential_move": ["certificates.SetCredential.revoke"],
    K + "completions.recorded.completion_confirm": ["courses.CourseCompletion.confirm"],
    K + "completions.recorded.completion_reject": ["courses.CourseCompletion.reject"],
    K + "completions.decide.completion_decide": [
        "courses.CourseCompletion.confirm",
        "courses.CourseCompletion.reject",
        "courses.CourseCompletion.candidate_confirm",
        "courses.CourseCompletion.candidate_reject",
    ],
    K + "completions.expected.completion_answer": [
        "courses.CourseCompletion.candidate_confirm",
        "courses.CourseCompletion.candidate_reject",
    ],
    K + "completions.unmatched.unmatched_match": [
        "courses.UnmatchedCompletion.match",
        "courses.CourseCompletion.confirm",
    ],
    K + "completions.unmatched.unmatched_dismiss": ["courses.UnmatchedCompletion.dismiss"],
    K + "decisions.course_approve": ["courses.Course.approve"],
    K + "decisions.course_return": ["courses.Course.return_for_changes"],
    K + "approval_stops.course_approval_suspend": ["courses.Course.suspend"],
    K + "approval_stops.course_approval_revoke": ["courses.Course.revoke"],
    K + "approval_stops.course_approval_reinstate": [
        "courses.Course.reinstate",
        "courses.Course.reinstate_review",
        "courses.Course.reinstate_returned",
    ],
    K + "renewal_fees.course_renewal_close": [
        "courses.Course.close_renewal",
        "payments.Invoice.void",
    ],
    K + "renewal_fees.renewal_fee_on_stop": ["payments.Invoice.void"],
    K + "renewal_fees.first_fee_on_provider_revoke": ["payments.Invoice.void"],
    K + "approval_stops.provider_approval_suspend": [
        "courses.Provider.suspend",
        "courses.Course.suspend",
    ],
    K + "approval_stops.provider_approval_revoke": [
        "courses.Provider.revoke",
        "courses.Course.revoke",
    ],
    K + "approval_stops.provider_first_reviews_end": ["courses.Course.revoke"],
    K + "approval_stops.provider_approval_reinstate": [
        "courses.Provider.reinstate",
        "courses.Course.reinstate",
        "courses.Course.reinstate_review",
        "courses.Course.reinstate_returned",
    ],
    K + "programmes.claim_confirm": ["courses.ProgrammeClaim.confirm"],
    K + "programmes.claim_reject": ["courses.ProgrammeClaim.reject"],
    K + "providers.provider_approve": ["courses.Provider.approve"],
    "certify.memberships.services.membership_confirm": ["memberships.Membership.confirm"],
    "certify.memberships.services.membership_reject": ["memberships.Membership.reject"],
    F + "review.assessment_complete": ["portfolios.ReviewAssignment.complete"],
    F + "review.submission_reopen_after_appeal": ["portfolios.Portfolio.reopen_after_appeal"],
    R + "applications.renewal_decide": [
        "renewals.Renewal.approve",
        "renewals.Renewal.more_evidence",
        "renewals.Renewal.refuse",
    ],
    R + "applications.renewal_certificate_stopped": [
        "renewals.Renewal.close",
        "payments.Invoice.void",
    ],
    P + "voids.invoice_void": ["payments.Invoice.void"],
    P + "voids.invoice_void_rest": ["payments.Invoice.void"],
    P + "refunds.refund_retry": ["payments.Refund.retry"],
    P + "voids.invoice_reprice": ["payments.Invoice.void"],
    P + "voids.invoice_reissue": ["payments.Invoice.void"],
    S + "applications.application_decline": ["scholarships.ScholarshipApplication.decline"],
    S + "awards.application_award": ["scholarships.ScholarshipApplication.grant"],
    S + "awards.award_withdraw": ["scholarships.Award.withdraw"],
    S + "award_payments.award_payment_record": ["scholarships.Award.record_payment"],
}

DECISION_NAMES: list[str] = [
    AD + "deadline_extend",
    "certify.applications.rules_move.application_rules_move",
    "certify.progress.framework_moves.plan_framework_move",
    "certify.progress.framework_moves.plan_framework_move_all",
    P + "payments.payment_record",
    P + "payments.invoice_refund",
    P + "payments.enrollment_fee_refund",
    R + "reinstatement.certificate_reinstate_lapsed",
    S + "draws.draw_run",
    S + "committee.scorecard_save",
    S + "committee.committee_confirm",
    F + "review.reviewer_assign",
    F + "automatic.reviewers_assign_automatic",
    K + "decisions.course_evaluate",
    "certify.accounts.services.role_grant",
    "certify.accounts.services.role_revoke",
]

OWN = "the person acting on their own record (their application, plan, portfolio, log)"
PROVIDER_OWN = "a provider acting on its own record (its courses, reports, keys)"
SPONSOR_OWN = "a sponsor running its own funds and people (role grants go through role_grant)"
CHECK = "a check the decisions call (tried through them)"
CONSEQUENCE = "a consequence of a decision checked by its own move, or Certify's own step"

WEBHOOKS = "the endpoints of what the person manages (program, provider, sponsor, own account)"
NOT_DECISIONS: dict[str, str] = {
    "certify.accounts.services.user_create": "creates an account (sign-up, or an operator)",
    "certify.accounts.services.account_deactivate": 'the admin\'s "Active" box: an operator '
    "ends sign-in to an account (ADR 0023), judging no case of the person's; audited",
    "certify.accounts.services.active_write": "the one write of account_deactivate and "
    'account_reactivate (the admin\'s "Active" box either way): judges no case; audited',
    "certify.accounts.reactivation.account_reactivate": 'the admin\'s "Active" box checked: '
    "an operator lets a person sign in again (ADR 0023), judging no case of theirs and "
    "reopening nothing that ended; audited",
    "certify.accounts.services.role_grant_check": "the check `role_grant` makes (tried there)",
    "certify.accounts.privacy.actor_named": "words naming who acted in a history (a closed "
    "account by its former role), deciding and writing nothing",
    "certify.accounts.templatetags.people.by_whom": "the template filter of `actor_named`: "
    "words only",
    P + "payments.refund_check": "the check `invoice_refund` makes, writing nothing (tried there)",
    P + "voids.void_locked": "a building block of `invoice_void` and the re-pricings, on an "
    "invoice its caller locked and checked (tried there)",
    P + "voids.replace_locked": "a building block of the member and full price re-pricings, on an "
    "invoice its caller locked and checked (tried there)",
    K + "common.require_unchanged": "the check every staff decision on a course or provider "
    "makes, writing nothing (tried there)",
    "certify.accounts.services.role_end_check": "the check `role_revoke` makes (tried there)",
    "certify.appeals.services.appeal_submit_grounds": OWN,
    "certify.applications.appeals.application_appeal": OWN,
    F + "candidate.portfolio_appeal": OWN,
    A + "application_update": OWN,
    AE + "experience_save": OWN,
    AE + "require_owner": "the check the experience and application services call (tried there)",
    AE + "experience_delete": OWN,
    AE + "experience_restore": OWN,
    A + "application_submit": OWN,
    A + "application_withdraw": OWN,
    "certify.applications.memberships.application_membership_save": OWN,
    "certify.applications.memberships.enrollment_invoice_after_membership": CONSEQUENCE
    + " (the membership's `confirm` or `reject` move)",
    "certify.applications.confirmations.supervisor_request": OWN,
    "certify.applications.confirmations.supervisor_entry_changed": OWN,
    "certify.applications.confirmations.supervisor_respond": "the supervisor's answer by link",
    "certify.applications.handlers.application_sent_back": CONSEQUENCE,
    "certify.certificates.handlers.plan_completed": CONSEQUENCE,
    "certify.renewals.handlers.renewal_of_a_certificate_stopped": CONSEQUENCE,
    "certify.portfolios.handlers.submission_sent_back": CONSEQUENCE,
    "certify.accounts.conflicts.conflict_declare": "a person restraining themselves",
    "certify.casework.services.case_note_add": (
        "an internal note decides nothing; it still refuses the case's own person and declared "
        "conflicts (tests/casework/test_own_case.py)"
    ),
    "certify.casework.services.case_assign": (
        "who works on a case decides nothing; it still refuses the case's own person, as actor "
        "or assignee, and declared conflicts (tests/casework/test_own_case.py)"
    ),
    "certify.casework.services.saved_filter_delete": "a person's own saved filter",
    "certify.accounts.conflicts.conflict_withdraw": "a person's own declaration (kept on record)",
    "certify.accounts.conflicts.declared_conflict": CHECK,
    "certify.accounts.invitation_workflow.has_verified_address": CHECK,
    "certify.accounts.invitations.colleague_invite": "attaches nothing until accepted",
    "certify.accounts.invitations.colleague_invitation_accept": "the invited person's own answer",
    "certify.accounts.invitations.colleague_invitation_decline": "the invited person's own answer",
    "certify.accounts.invitations.colleague_invitation_withdraw": (
        "an organization taking back its own offer decides nothing about the invited person"
    ),
    "certify.accounts.passwords.password_reset_send": "e-mails the person a link; sets nothing",
    "certify.accounts.passwords.password_change_by": (
        "names who set a password, for the audit row; decides nothing"
    ),
    "certify.accounts.passwords.password_changed": (
        "what a new password stops, the person's own tokens, keys and endpoints: takes power away"
    ),
    "certify.accounts.tokens.token_revoke": "takes power away, never grants it",
    "certify.core.duties.conflict_reason": CHECK,
    "certify.core.duties.require_not_own": CHECK,
    S + "applications.decline_locked": "a building block of `application_decline`, the draw "
    "and the chair's confirmation, on an application its caller locked and checked (tried there)",
    S + "common.competing_reason": CHECK,
    S + "common.require_not_competing": CHECK,
    "certify.core.events.delivery_retry": "sends an event again (no decision)",
    "certify.core.selectors.audit_search": "reads the audit trail",
    "certify.core.workflow.allowed_moves": "lists moves; each is tried as a move",
    "certify.core.workflow.relation_check": CHECK,
    "certify.core.workflow.check": CHECK,
    "certify.core.workflow.transition": "the engine every move above goes through",
    "certify.courses.workflows.relations.acts_for": CHECK,
    "certify.courses.workflows.relations.acts_with_role": CHECK,
    "certify.programs.case.case_package_import": "loads a competency framework (nobody's case)",
    "certify.scholarships.workflows.sponsor.runs_sponsor": CHECK,
    C + "issuance.certificate_create_for_plan": CONSEQUENCE,
    C + "issuance.certificate_issue_renewal": CONSEQUENCE,
    C + "keys.issuer_key_rotate": "a signing key is nobody's case",
    C + "keys.issuer_key_withdraw": "a signing key is nobody's case",
    C + "compromise.issuer_key_compromise": "a signing key is nobody's case",
    C + "wallet.wallet_offer_create": OWN,
    C + "transitions.certificate_replace": CONSEQUENCE,
    "certify.core.services.audit_record": "writes the audit row of a decision made elsewhere",
    "certify.core.services.audit_record_each": (
        "writes the audit rows of things made together, decided elsewhere"
    ),
    K + "common.require_acting_for": PROVIDER_OWN,
    K + "common.own_accepted_plan_locked": CHECK,
    K + "completions.recorded.completion_record": OWN,
    K + "completions.recorded.completion_apply": OWN,
    K + "completions.reports.report_outcomes_apply": CONSEQUENCE,
    K + "completions.reports.completions_report": PROVIDER_OWN,
    K + "completions.reports.completion_report_one": PROVIDER_OWN,
    K + "consents.course_name_in_plan": OWN,
    K + "consents.consent_decide": OWN,
    K + "consents.consent_invite": "a provider asking; the candidate decides",
    K + "courses.course_create": PROVIDER_OWN,
    K + "courses.course_update": PROVIDER_OWN,
    K + "courses.course_map_save": PROVIDER_OWN,
    K + "courses.course_map_replace": PROVIDER_OWN,
    K + "courses.course_syllabus_upload": PROVIDER_OWN,
    K + "courses.course_submit": PROVIDER_OWN,
    K + "courses.course_withdraw": PROVIDER_OWN,
    K + "imports.completion_import_start": PROVIDER_OWN,
    K + "imports.completion_import_confirm": PROVIDER_OWN,
    K + "imports.completion_import_cancel": PROVIDER_OWN,
    K + "programmes.programme_create": "staff list a recognized program (nobody's case)",
    K + "programmes.claim_submit": OWN,
    K + "programmes.claim_apply": CONSEQUENCE,
    K + "providers.provider_register": PROVIDER_OWN,
    K + "providers.provider_member_invite": PROVIDER_OWN,
    K + "providers.api_key_create": PROVIDER_OWN,
    K + "providers.api_key_revoke": PROVIDER_OWN,
    "certify.memberships.services.membership_record": OWN,
    "certify.notifications.services.email_retry": "sends a failed e-mail again (no decision)",
    "certify.notifications.services.delivery_check_send": "staff's test e-mail (no decision)",
    P + "invoices.enrollment_invoice_get_or_create": OWN,
    P + "invoices.enrollment_invoice_issue": OWN,
    P + "invoices.renewal_invoice_create": OWN,
    P + "invoices.invoice_create": "issues an invoice for the callers above (and a replacement "
    "after the `void` move, checked there)",
    P + "voids.void_check": CHECK,
    P + "voids.enrollment_invoice_close": CONSEQUENCE
    + " (the application's `reject` move; a refund is checked by `invoice_refund`)",
    P + "invoices.course_approval_invoice_create": PROVIDER_OWN,
    P + "invoices.invoice_add_credit": CONSEQUENCE + " (the award's `grant` move)",
    P + "invoices.invoice_remove_credit": CONSEQUENCE + " (the award's `withdraw` move)",
    P + "stripe.checkout_session_create": OWN,
    F + "candidate.portfolio_open": OWN,
    F + "candidate.response_save": OWN,
    F + "candidate.learning_statement_save": OWN,
    F + "candidate.evidence_add_file": OWN,
    F + "candidate.evidence_add_link": OWN,
    "certify.portfolios.evidence_kinds.evidence_add_of_kind": OWN
    + " (dispatches to evidence_add_file/_link or evidence_request_attestation, which check it)",
    F + "attestations.evidence_request_attestation": OWN,
    F + "attestations.attestation_respond": "the attester's answer by link (no account)",
    F + "candidate.evidence_remove": OWN,
    F + "candidate.portfolio_submit": OWN,
    F + "review.rating_save": "a draft rating; the decision is `complete`, tried as a move",
    "certify.programs.services.program_load": "loads a program's rules (nobody's case)",
    "certify.programs.setup.program_create": "sets up a program (nobody's case)",
    "certify.programs.setup.program_settings_update": "changes a program's rules (nobody's case)",
    "certify.programs.setup.program_publish": "shows a program's pages (nobody's case)",
    "certify.programs.setup.faq_entry_save": "writes a program's FAQ (nobody's case)",
    "certify.programs.setup.faq_entry_move": "orders a program's FAQ (nobody's case)",
    "certify.programs.setup.faq_entry_publish": "shows or hides a question (nobody's case)",
    "certify.progress.services.electives_choose": OWN,
    "certify.progress.services.route_choose": OWN,
    "certify.progress.services.planned_set_satisfy": CONSEQUENCE,
    R + "applications.renewal_submit": OWN,
    R + "applications.renewal_resubmit": OWN,
    R + "ce_log.ce_activity_create": OWN,
    R + "ce_log.ce_activity_update": OWN,
    R + "ce_log.ce_activity_delete": OWN,
    R + "ce_log.ce_activity_restore": OWN,
    S + "applications.application_withdraw": OWN,
    S + "common.require_decider": "a check the decisions above call",
    S + "common.require_admin": "a check the decisions above call",
    S + "common.confirms_awards": CHECK,
    S + "common.require_confirmer": CHECK,
    S + "committee.rubric_save": SPONSOR_OWN,
    S + "committee.committee_conflict_declare": "declaring a conflict only keeps the actor out",
    S + "funds.fund_save": SPONSOR_OWN,
    S + "funds.sponsor_member_invite": SPONSOR_OWN,
    S + "funds.sponsor_member_remove": SPONSOR_OWN,
    # Webhooks: an organisation's (or one's own) integration settings, decided about nobody.
    "certify.webhooks.services.endpoint_create": WEBHOOKS,
    "certify.webhooks.services.endpoint_update": WEBHOOKS,
    "certify.webhooks.services.secret_rotate": WEBHOOKS,
    "certify.webhooks.services.endpoint_disable": WEBHOOKS,
    "certify.webhooks.services.endpoint_enable": WEBHOOKS,
    "certify.webhooks.delivery.delivery_resend": WEBHOOKS,
    "certify.webhooks.services.share_create": OWN,
    "certify.webhooks.services.share_withdraw": OWN,
    # Competency framework versions (ADR 0056): a program's framework is nobody's case, and
    # publishing one changes no enrolled candidate (moving them is a decision, listed above).
    **{
        f"certify.programs.frameworks.{name}": "edits or publishes the program's framework"
        for name in (
            "framework_draft_start",
            "framework_set_save",
            "framework_set_delete",
            "framework_competency_save",
            "framework_competency_delete",
            "framework_competency_move",
            "framework_case_import",
            "framework_mapping_save",
            "framework_publish",
        )
    },
    "certify.programs.services.framework_version_copy": "the copy `framework_draft_start` makes",
}
