"""The permission matrix: every page and every API operation, for every role → what must happen.

`tests/security/test_permission_matrix.py` walks the URL configuration and the API schema and
fails when a URL or operation has no entry here, or an entry names one that no longer exists.

Roles, in this order in every expectation string (see `tests/security/world.py` for who they are):

    anonymous, candidate (the owner), other_candidate, reviewer (assigned, review open: a live
    assignment, `certify/portfolios/access.py`), other_reviewer (unassigned), provider, sponsor
    (SSD's administrator), staff

Each letter is what that role must get:

    A  allowed: the page or operation works (2xx, a redirect elsewhere, or a validation error)
    D  denied: 403 or 404 (a 404 hides that the object exists)
    N  denied exactly as an unknown id is: 404 (someone else's application, portfolio, evidence,
       invoice, membership, course completion or certificate download; docs/security.md).
       Those who know of the object (its candidate, staff, an assigned reviewer) may still get
       403 where they may not act: "D".
    F  refused for want of the role, exactly 403 (never the 404 of an unknown id): the answer is
       the same for every id, so it tells nothing; the provider operations (their 403 says why)
    L  sent to sign in (302 to the login page; 401 from the API)

Adding a page: one line in PAGES, e.g.

    P("renewals:detail", OWNER_OR_STAFF_HIDDEN, pk="renewal"),

where each keyword is a URL argument and its value names an object of the world
(`"renewal"` → `world.renewal.pk`; `"invoice.code"` → `world.invoice.code`); add the object in
`world.py` if it is new. `method="POST"` for write-only views (an empty form is posted: it must be
refused to denied roles, and the request is rolled back for everyone). A page that shows a form
and takes its answer at one URL may have two lines, one per method. An API operation is one
line in OPERATIONS, keyed by its operationId (`/api/v1/openapi.json`), with the same letters;
path parameters come from `API_PARAMS` unless the entry gives its own.

The admin site (`/admin/`) is one rule, not one line per model: every admin URL is requested,
and only program staff (the `core.use_admin` permission) get past the admin's own sign-in page
(`ADMIN`): everyone else is sent to it. Inside, the admin checks each model's own
permissions, so program staff may still get 403 on models they may only read. allauth's pages
are listed like ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# --- Expectations by role --------------------------------------------------------------------
#                    anon cand other rev rev2 prov spon staff
PUBLIC = "AAAAAAAA"
SIGNED_IN = "LAAAAAAA"
STAFF = "LDDDDDDA"
OWNER = "LADDDDDD"
OWNER_OR_STAFF = "LADDDDDA"
OWNER_POST = "LADDDDDD"
CANDIDATES = "LAADDDDD"  # any candidate (the page shows their own things)
REVIEWERS = "LDDAADDD"
REVIEWERS_OR_STAFF = "LDDAADDA"
ASSIGNED_REVIEWER = "LDDADDDD"
# A reviewer's own review: another reviewer gets the 404 of an unknown id; other roles are
# refused by their role first (403 whatever the id).
OWN_REVIEW = "LDDANDDD"
PROVIDERS = "LDDDDADD"
PROVIDER_OR_STAFF = "LDDDDADA"
PROVIDER_API = "LFFFFAFF"  # the provider operations: no role, a 403 saying so (rest/courses)
SPONSOR = "LDDDDDAD"
SPONSOR_OR_STAFF = "LDDDDDAA"
ADMIN = "LLLLLLLA"
# Someone else's object answers as an unknown id would (404) for roles that do not know of it.
OWNER_HIDDEN = "LANNNNND"  # staff know of it: 403 where they may not act
OWNER_OR_STAFF_HIDDEN = "LANNNNNA"
OWNER_PORTFOLIO_HIDDEN = "LANDNNND"  # its assigned reviewer knows of it too: 403
OWNER_HIDDEN_FROM_CANDIDATES = "LANDDDDD"  # a candidate's door: the others' role is refused first
OWNER_REVIEWER_OR_STAFF_HIDDEN = "LANANNNA"  # a portfolio's pages: its reviewer and staff read
OWNER_PORTFOLIO_POST_HIDDEN = "LANDNNND"  # a portfolio's forms: its reviewer knows of it
DECIDERS = "LDDAAAAA"  # anyone who decides about others: reviewers, providers, sponsors, staff


@dataclass(frozen=True)
class P:
    """A page: URL name, expectation string, method, URL arguments (names of world objects)."""

    name: str
    expect: str
    method: str = "GET"
    kwargs: dict[str, str] = field(default_factory=dict)

    def __init__(self, name: str, expect: str, method: str = "GET", **kwargs: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "expect", expect)
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "kwargs", kwargs)


PAGES: list[P] = [
    # webhooks: everyone signed in manages their own; the world's endpoint is the program's
    P("webhooks:list", SIGNED_IN),
    P("webhooks:new", SIGNED_IN),
    P("webhooks:detail", STAFF, pk="webhook_endpoint"),
    P("webhooks:rotate", STAFF, "POST", pk="webhook_endpoint"),
    P("webhooks:secret", STAFF, pk="webhook_endpoint"),  # what it kept, or the endpoint's page
    P("webhooks:disable", STAFF, "POST", pk="webhook_endpoint"),
    P("webhooks:enable", STAFF, "POST", pk="webhook_endpoint"),
    P("webhooks:resend", STAFF, "POST", pk="webhook_endpoint", did="webhook_delivery"),
    P("webhooks:shared_with_you", SIGNED_IN),
    P("webhooks:shares", SIGNED_IN),
    P("webhooks:share_withdraw", OWNER, "POST", pk="webhook_share"),
    # programs: public
    P("programs:home", PUBLIC),
    P("programs:list", PUBLIC),
    P("programs:overview", PUBLIC, slug="program.slug"),
    P("programs:competencies", PUBLIC, slug="program.slug"),
    P("programs:set_detail", PUBLIC, slug="program.slug", code="competency_set.code"),
    P("programs:ways", PUBLIC, slug="program.slug"),
    P("programs:who_can_apply", PUBLIC, slug="program.slug"),
    P("programs:costs", PUBLIC, slug="program.slug"),
    P("programs:faq", PUBLIC, slug="program.slug"),
    P("programs:job_requirements", PUBLIC, slug="program.slug"),
    # accounts
    P("accounts:home", SIGNED_IN),
    P("staff:home", STAFF),
    # program setup (ADR 0055): program staff only, published program or not
    P("programs:setup_list", STAFF),
    P("programs:setup_new", STAFF),
    P("programs:setup_settings", STAFF, slug="program.slug"),
    P("programs:setup_publish", STAFF, slug="program.slug"),
    P("programs:setup_preview", STAFF, slug="program.slug", page="=overview"),
    P("programs:setup_section", STAFF, "POST", slug="program.slug", section="=appeals"),
    P("programs:setup_faq_add", STAFF, "POST", slug="program.slug"),
    P("programs:setup_faq_edit", STAFF, "POST", slug="program.slug", entry_id="faq_entry"),
    P("programs:setup_faq_move", STAFF, "POST", slug="program.slug", entry_id="faq_entry"),
    P("programs:setup_faq_publish", STAFF, "POST", slug="program.slug", entry_id="faq_entry"),
    P("accounts:tokens", SIGNED_IN),
    P("accounts:token_revoke", OWNER, "POST", pk="token"),
    P("accounts:people", STAFF),
    P("accounts:person", STAFF, user_id="users.candidate"),
    P("accounts:person_role_change", STAFF, "POST", user_id="users.candidate"),
    P("accounts:conflicts", DECIDERS),
    P("accounts:conflict_withdraw", ASSIGNED_REVIEWER, "POST", pk="conflict"),
    P("accounts:conflicts_all", STAFF),
    # colleague invitations: the link answers whoever holds it; the list and answers are the
    # invited person's own; withdrawing is for the inviting provider's people
    P("accounts:invitations", SIGNED_IN),
    P("accounts:invitation_link", PUBLIC, token="colleague_invitation_token"),
    P("accounts:invitation_answer", OWNER, "POST", pk="colleague_invitation"),
    # the provider's invitation to the candidate: those who know of it (the invited candidate,
    # staff) get 403, anyone else the 404 of an unknown invitation
    P("accounts:invitation_withdraw", "LDNNNAND", "POST", pk="colleague_invitation"),
    P("core:audit", STAFF),
    P("core:health", PUBLIC),
    P("core:health_ready", PUBLIC),
    # your data: download and account closure (always the signed-in person's own)
    # the autosave script's session probe answers everyone (signed in or not, no data but the
    # visitor's own key id); the page a new sign-in returns to needs one
    P("accounts:session_probe", PUBLIC),
    P("accounts:signed_in_again", SIGNED_IN),
    P("accounts:privacy", SIGNED_IN),
    P("accounts:privacy_export", SIGNED_IN, "POST"),
    P("accounts:privacy_close", SIGNED_IN, "POST"),  # an empty form: refused with 400
    # allauth
    P("account_login", PUBLIC),
    P("account_logout", PUBLIC),
    P("account_inactive", PUBLIC),
    P("account_signup", PUBLIC),
    P("account_reauthenticate", SIGNED_IN),
    P("account_email", SIGNED_IN),
    P("account_email_verification_sent", PUBLIC),
    P("account_change_password", SIGNED_IN),
    P("account_change_password", SIGNED_IN, "POST"),  # a new password stops tokens and keys
    P("account_set_password", SIGNED_IN),
    P("account_reset_password", PUBLIC),
    P("account_confirm_login_code", SIGNED_IN),  # only during a sign-in by code
    P("account_confirm_email", PUBLIC, key="=not-a-key"),
    P("account_reset_password_from_key_done", PUBLIC),
    P("account_reset_password_from_key", PUBLIC, uidb36="=1", key="=not-a-key"),
    P("account_reset_password_done", PUBLIC),
    P("mfa_index", SIGNED_IN),
    P("mfa_authenticate", SIGNED_IN),  # only between password and second factor
    P("mfa_reauthenticate", SIGNED_IN),
    P("mfa_activate_totp", SIGNED_IN),
    P("mfa_deactivate_totp", "LDDAADDA"),  # 404 without an authenticator
    P("mfa_view_recovery_codes", "LDDDDDDD"),  # 404: nobody here has codes
    P("mfa_generate_recovery_codes", SIGNED_IN),
    P("mfa_download_recovery_codes", "LDDDDDDD"),
    # security keys and passkeys (ADR 0074): each person's own; adding, renaming and removing
    # one asks to confirm it is you first (a redirect), then another's key is a 404
    # (tests/accounts/test_security_keys.py)
    P("mfa_list_webauthn", SIGNED_IN),
    P("mfa_add_webauthn", SIGNED_IN),
    P("mfa_reauthenticate_webauthn", SIGNED_IN),
    P("mfa_edit_webauthn", SIGNED_IN, pk="=1"),
    P("mfa_remove_webauthn", SIGNED_IN, pk="=1"),
    # signing in with a passkey: the sign-in page's script asks here (JSON); a plain visit is
    # sent to the sign-in page, and a signed-in one to their account
    P("mfa_login_webauthn", SIGNED_IN),
    # notifications
    P("notifications:list", SIGNED_IN),
    P("notifications:open", OWNER, "POST", pk="notification"),
    P("notifications:read_all", SIGNED_IN, "POST"),
    P("notifications:preferences", SIGNED_IN),
    P("notifications:outbox", STAFF),
    P("notifications:outbox_retry", STAFF, "POST", pk="outgoing_email"),
    P("notifications:outbox_test", STAFF, "POST"),
    P("notifications:relay_reports", STAFF),
    # the "not expected" link of an e-mail sent on someone's behalf: whoever holds it (ADR 0029)
    P("notifications:relay_stop", PUBLIC, token="relay_stop_token"),
    P("notifications:relay_stop", PUBLIC, "POST", token="relay_stop_token"),  # its button
    # the one-click unsubscribe link of an optional e-mail (RFC 8058): whoever holds it
    P("notifications:unsubscribe", PUBLIC, token="unsubscribe_token"),
    P("notifications:unsubscribe", PUBLIC, "POST", token="unsubscribe_token"),  # one click
    # memberships
    P("memberships:list", CANDIDATES),
    P("memberships:add", CANDIDATES),
    P("memberships:edit", OWNER_HIDDEN_FROM_CANDIDATES, pk="membership"),
    P("memberships:queue", SPONSOR_OR_STAFF),  # the sponsor confirms SSD memberships
    P(
        "memberships:decide",
        "LDDDDDNA",  # an ALA membership: staff decide; to SSD's sponsor it is an unknown id
        "POST",
        pk="membership",
    ),
    # payments
    P("payments:list", SIGNED_IN),
    P("payments:enrollment_start", CANDIDATES, "POST", slug="program.slug"),
    P("payments:invoice", OWNER_OR_STAFF_HIDDEN, code="invoice.code"),
    P("payments:pay", OWNER_HIDDEN, "POST", code="invoice.code"),
    P("payments:paid", OWNER_OR_STAFF_HIDDEN, code="invoice.code"),
    P("payments:invoice_pdf", OWNER_OR_STAFF_HIDDEN, code="invoice.code"),
    P("payments:receipt_pdf", OWNER_OR_STAFF_HIDDEN, pk="payment"),
    P("payments:payment_record", STAFF, "POST", code="invoice.code"),
    P("payments:refund_create", STAFF, "POST", code="invoice.code"),
    P("payments:refund_confirm", STAFF, code="invoice.code"),  # reading it changes nothing
    P("payments:refund_retry", STAFF, "POST", pk="refund"),
    P("payments:staff_refunds", STAFF),
    P("payments:invoice_void", STAFF, "POST", code="invoice.code"),
    P("payments:invoice_reprice", STAFF, "POST", code="invoice.code"),
    P("payments:invoice_reissue", STAFF, "POST", code="invoice.code"),
    P("payments:credit_note_pdf", OWNER_OR_STAFF_HIDDEN, code="credit_note.code"),
    P("payments:staff_invoices", STAFF),
    P("payments:staff_payments", STAFF),
    P("payments:stripe_webhook", PUBLIC, "POST"),
    # scholarships
    P("scholarships:index", CANDIDATES),
    P("scholarships:apply", CANDIDATES, slug="fund.slug"),
    P("scholarships:application", "LANNNNAA", pk="scholarship_application"),
    P("scholarships:application_withdraw", "LANNNNDD", "POST", pk="scholarship_application"),
    P("scholarships:application_withdraw_confirm", "LANNNNDD", pk="scholarship_application"),
    P("scholarships:decide", SPONSOR, "POST", pk="scholarship_application"),
    P(
        "scholarships:award_withdraw",
        "LADDDDAD",  # the recipient may decline
        "POST",
        pk="award",
    ),
    P("scholarships:award_payment", SPONSOR, "POST", pk="award"),
    P(
        "scholarships:draw",
        "LDADDDAA",  # those in the draw see it (without names)
        pk="draw",
    ),
    P("scholarships:dashboard", SPONSOR_OR_STAFF),
    P("scholarships:fund", SPONSOR_OR_STAFF, slug="fund.slug"),
    # the draw's confirmation page (GET changes nothing; the form posts to the same address)
    P("scholarships:draw_create", SPONSOR, slug="fund.slug"),
    # the committee workspace: members score and declare conflicts (their sponsor's only); the
    # ranking is theirs and staff's to read; the rubric is the administrators'; the chair
    # (here: any of the sponsor's people, the fund having no chair) confirms
    P("scholarships:scoring", SPONSOR_OR_STAFF, slug="fund.slug"),
    P("scholarships:rubric", SPONSOR, slug="fund.slug"),
    P("scholarships:confirm", SPONSOR, slug="fund.slug"),
    P("scholarships:score", SPONSOR, pk="scholarship_application"),
    P("scholarships:conflict", SPONSOR, pk="scholarship_application"),
    P("scholarships:report", SPONSOR_OR_STAFF, slug="fund.slug"),
    # reports: staff see the whole site's; a sponsor's people their funds'; providers their courses'
    P("reports:dashboard", STAFF),
    P("reports:chart", STAFF, key="=funnel"),
    P("reports:table", STAFF, key="=funnel", fmt="=csv"),
    P("reports:export", STAFF, fmt="=xlsx"),
    P("reports:sponsor", SPONSOR_OR_STAFF),
    P("reports:sponsor_chart", SPONSOR_OR_STAFF, key="=funds"),
    P("reports:sponsor_table", SPONSOR_OR_STAFF, key="=funds", fmt="=xlsx"),
    P("reports:sponsor_export", SPONSOR_OR_STAFF, fmt="=csv"),
    P("reports:provider", PROVIDERS),
    P("reports:provider_chart", PROVIDERS, key="=completions"),
    P("reports:provider_table", PROVIDERS, key="=courses", fmt="=csv"),
    P("reports:provider_export", PROVIDERS, fmt="=xlsx"),
    P("scholarships:fund_edit", SPONSOR, slug="fund.slug"),
    P("scholarships:fund_create", SPONSOR, sponsor="sponsor.slug"),
    P("scholarships:members", SPONSOR_OR_STAFF, sponsor="sponsor.slug"),
    P("scholarships:member_remove", SPONSOR, "POST", pk="sponsor_member"),
    # applications
    P("applications:apply", CANDIDATES),
    P("applications:apply_program", CANDIDATES, slug="program.slug"),
    P("applications:detail", OWNER_OR_STAFF_HIDDEN, pk="application"),
    P("applications:education", OWNER_POST, "POST", pk="application"),
    P("applications:experience_add", OWNER_POST, "POST", pk="application"),
    P("applications:experience_edit", OWNER_POST, "POST", pk="application", entry_id="entry"),
    P("applications:experience_delete", OWNER_POST, "POST", pk="application", entry_id="entry"),
    P("applications:experience_delete_confirm", OWNER, pk="application", entry_id="entry"),
    P("applications:experience_restore", OWNER_POST, "POST", pk="application", entry_id="entry"),
    P("applications:supervisor_request", OWNER_POST, "POST", pk="application", entry_id="entry"),
    P(
        "applications:membership_save",
        OWNER_POST,
        "POST",
        pk="application",
        code="program.member_organisation",
    ),
    P("applications:submit", OWNER_POST, "POST", pk="application"),
    P("applications:withdraw", OWNER_POST, "POST", pk="application"),
    P("applications:withdraw_confirm", OWNER_HIDDEN, pk="application"),
    P("applications:check", OWNER_HIDDEN, pk="application"),
    P("applications:appeal_notice", OWNER_POST, "POST", pk="application"),
    P("applications:appeal_notice_confirm", OWNER, pk="application"),
    P("applications:supervisor", PUBLIC, token="supervisor_token"),
    P("applications:queue", STAFF),
    P("applications:staff_detail", STAFF, pk="application"),
    P("applications:decide", STAFF, "POST", pk="application"),
    P("applications:extend", STAFF, "POST", pk="application"),
    P("applications:rules_move", STAFF, pk="application"),
    # casework (ADR 0048): notes and assignment on a case (one view for every kind; each kind is
    # tried for every role in tests/casework), program staff only; saved filters are their owner's
    P("casework:note_add", STAFF, "POST", kind="=application", pk="application"),
    P("casework:assign", STAFF, "POST", kind="=renewal", pk="renewal"),
    P("casework:filter_save", STAFF, "POST"),
    P("casework:filter_delete_confirm", STAFF, pk="saved_filter"),
    P("casework:filter_delete", STAFF, "POST", pk="saved_filter"),
    # appeals
    # the grounds page: the appellant's form (GET) and its answer (POST), nobody else's
    P("appeals:grounds", OWNER_HIDDEN_FROM_CANDIDATES, pk="appeal"),
    P("appeals:grounds", OWNER_HIDDEN_FROM_CANDIDATES, "POST", pk="appeal"),
    P("appeals:list", STAFF),
    P("appeals:review", STAFF, pk="appeal"),
    P("appeals:review", STAFF, "POST", pk="appeal"),  # uphold or send back
    # progress
    P("progress:plan", CANDIDATES),
    P("progress:electives", CANDIDATES, "POST"),
    # Another candidate gets the not-enrolled page, never the owner's plan (ADR 0055).
    P("progress:plan_in", CANDIDATES, slug="program.slug"),
    P("progress:electives_in", CANDIDATES, "POST", slug="program.slug"),
    P("progress:route", OWNER_HIDDEN_FROM_CANDIDATES, "POST", pk="planned"),
    P("progress:staff_plan", STAFF, pk="application"),
    # competency framework versions (ADR 0056): program staff only; version 1 is published
    P("progress:framework_move", STAFF, pk="application"),  # GET: the confirmation
    P("progress:framework_move_all", STAFF, slug="program.slug", number="=1"),
    P("programs:framework_programs", STAFF),  # one program: its framework (a redirect)
    P("programs:framework_versions", STAFF, slug="program.slug"),
    P("programs:framework_version", STAFF, slug="program.slug", number="=1"),
    P(
        "programs:framework_set",
        STAFF,
        slug="program.slug",
        number="=1",
        set_id="competency_set",
    ),
    P(
        "programs:framework_set_delete",
        STAFF,
        slug="program.slug",
        number="=1",
        set_id="competency_set",
    ),
    P(
        "programs:framework_competency",
        STAFF,
        slug="program.slug",
        number="=1",
        comp_id="competency",
    ),
    P(
        "programs:framework_competency_delete",
        STAFF,
        "POST",
        slug="program.slug",
        number="=1",
        comp_id="competency",
    ),
    P(
        "programs:framework_competency_move",
        STAFF,
        "POST",
        slug="program.slug",
        number="=1",
        comp_id="competency",
    ),
    P("programs:framework_import", STAFF, slug="program.slug", number="=1"),
    P("programs:framework_export", STAFF, slug="program.slug", number="=1"),
    P("programs:framework_compare", STAFF, slug="program.slug", number="=1"),
    P("programs:framework_publish", STAFF, slug="program.slug", number="=1"),
    # portfolios
    P("portfolios:portfolio", OWNER_REVIEWER_OR_STAFF_HIDDEN, planned_id="planned"),
    # one competency's page: the candidate edits it; an assigned reviewer and staff go to it in
    # the read-only preview
    P(
        "portfolios:competency",
        OWNER_REVIEWER_OR_STAFF_HIDDEN,
        planned_id="planned",
        code="competency.code",
    ),
    P("portfolios:start", OWNER_POST, "POST", planned_id="planned"),
    P("portfolios:statement", OWNER_PORTFOLIO_POST_HIDDEN, "POST", planned_id="planned"),
    P(
        "portfolios:response",
        OWNER_PORTFOLIO_POST_HIDDEN,
        "POST",
        planned_id="planned",
        response_id="response",
    ),
    P(
        "portfolios:evidence_add",
        OWNER_PORTFOLIO_POST_HIDDEN,
        "POST",
        planned_id="planned",
        response_id="response",
    ),
    P(
        "portfolios:evidence_remove",
        OWNER_PORTFOLIO_POST_HIDDEN,
        "POST",
        planned_id="planned",
        item_id="evidence",
    ),
    P(
        "portfolios:evidence_remove_confirm",
        OWNER_PORTFOLIO_HIDDEN,
        planned_id="planned",
        item_id="evidence",
    ),
    P("portfolios:check", OWNER_PORTFOLIO_HIDDEN, planned_id="planned"),
    P("portfolios:preview", OWNER_REVIEWER_OR_STAFF_HIDDEN, planned_id="planned"),
    P("portfolios:submit", OWNER_PORTFOLIO_POST_HIDDEN, "POST", planned_id="planned"),
    P("portfolios:appeal_notice", OWNER_PORTFOLIO_POST_HIDDEN, "POST", planned_id="planned"),
    P("portfolios:appeal_notice_confirm", OWNER_PORTFOLIO_HIDDEN, planned_id="planned"),
    P("portfolios:evidence", OWNER_REVIEWER_OR_STAFF_HIDDEN, item_id="evidence"),
    # the evidence viewer's copy of a file: the assigned reviewers and staff only (a reviewer
    # after the verdict, withdrawn, or of another version: tests/portfolios/test_reviewer_access.py)
    P("portfolios:evidence_view", "LDNANNNA", item_id="evidence"),
    P("portfolios:attest", PUBLIC, token="attest_token"),
    P("portfolios:review_queue", REVIEWERS),
    P("portfolios:assess", OWN_REVIEW, pk="assignment"),
    P("portfolios:rating", OWN_REVIEW, "POST", pk="assignment", competency_id="competency"),
    P("portfolios:complete", OWN_REVIEW, "POST", pk="assignment"),
    P("portfolios:staff_submissions", STAFF),
    P("portfolios:staff_reviewers", STAFF),
    P("portfolios:staff_submission", STAFF, pk="submission"),
    P("portfolios:staff_assign_automatic", STAFF, "POST", pk="submission"),
    # courses: public catalogue
    P("courses:catalogue", PUBLIC),
    P("courses:detail", PUBLIC, pk="course"),
    # courses: providers
    P("courses:register", SIGNED_IN),
    P("courses:provider_home", PROVIDERS),
    P("courses:provider", PROVIDERS, pid="provider"),
    P("courses:course_new", PROVIDERS, pid="provider"),
    P("courses:course_edit", PROVIDERS, pid="provider", cid="course"),
    P(
        "courses:course_map",
        PROVIDERS,
        "POST",
        pid="provider",
        cid="course",
        competency_id="course_competency",
    ),
    P("courses:course_syllabus", PROVIDERS, "POST", pid="provider", cid="course"),
    P("courses:course_submit", PROVIDERS, "POST", pid="provider", cid="course"),
    P("courses:course_withdraw", PROVIDERS, "POST", pid="provider", cid="course"),
    P("courses:course_withdraw_confirm", PROVIDERS, pid="provider", cid="course"),
    P("courses:provider_completions", PROVIDERS, pid="provider"),
    P("courses:completion_report", PROVIDERS, pid="provider"),
    P("courses:completion_report", PROVIDERS, "POST", pid="provider"),
    P(
        "courses:provider_completion_decide",
        PROVIDERS,
        "POST",
        pid="provider",
        completion_id="completion",
    ),
    P("courses:imports", PROVIDERS, pid="provider"),
    P("courses:import", PROVIDERS, pid="provider", iid="import"),
    P("courses:import_progress", PROVIDERS, pid="provider", iid="import"),
    P("courses:import_confirm", PROVIDERS, "POST", pid="provider", iid="import"),
    P("courses:import_cancel", PROVIDERS, "POST", pid="provider", iid="import"),
    P("courses:import_errors", PROVIDERS, pid="provider", iid="import"),
    P("courses:import_template", PUBLIC),  # an empty CSV template
    P("courses:invitations", PROVIDERS, pid="provider"),
    P("courses:api_keys", PROVIDERS, pid="provider"),
    P("courses:api_key_revoke", PROVIDERS, "POST", pid="provider", key_id="api_key"),
    P("courses:syllabus", PROVIDER_OR_STAFF, cid="course"),
    P(
        "courses:certificate",
        "LADDDADA",  # and the course's provider
        completion_id="completion",
    ),
    # courses: candidates
    P("courses:course_completion", OWNER_HIDDEN_FROM_CANDIDATES, planned_id="tec_planned"),
    P("courses:completion_apply", OWNER_HIDDEN_FROM_CANDIDATES, "POST", completion_id="completion"),
    P("courses:course_name", OWNER_HIDDEN_FROM_CANDIDATES, "POST", planned_id="tec_planned"),
    P("courses:consents", CANDIDATES),
    P("courses:consent_decide", OWNER_HIDDEN_FROM_CANDIDATES, "POST", consent_id="consent"),
    P(
        "courses:completion_answer",
        OWNER_HIDDEN_FROM_CANDIDATES,
        "POST",
        completion_id="completion",
    ),
    P("courses:programme_claim", OWNER_HIDDEN_FROM_CANDIDATES, planned_id="fls_planned"),
    P("courses:proof", OWNER_OR_STAFF_HIDDEN, claim_id="claim"),
    # courses: staff
    P("courses:staff_courses", STAFF),
    P("courses:staff_course", STAFF, cid="course"),
    P("courses:staff_evaluate", STAFF, "POST", cid="course"),
    P("courses:staff_decide", STAFF, "POST", cid="course"),
    P("courses:staff_approval", STAFF, "POST", cid="course"),
    P("courses:staff_renewal_close", STAFF, "POST", cid="course"),
    P("courses:staff_providers", STAFF),
    P("courses:staff_provider_approve", STAFF, "POST", pid="provider"),
    P("courses:staff_provider_approval", STAFF, pid="provider"),
    P("courses:staff_provider_approval", STAFF, "POST", pid="provider"),
    P("courses:staff_completions", STAFF),
    P("courses:staff_completion_decide", STAFF, "POST", completion_id="completion"),
    P("courses:staff_unmatched", STAFF),
    P("courses:staff_unmatched_resolve", STAFF, "POST", row_id="unmatched"),
    P("courses:staff_programmes", STAFF),
    P("courses:staff_claims", STAFF),
    P("courses:staff_claim_decide", STAFF, "POST", claim_id="claim"),
    # certificates
    P("certificates:did_document", PUBLIC),
    P("certificates:did_document_path", PUBLIC),
    P("certificates:status_list", PUBLIC, slug="status_list.slug"),
    # the program's badge and its certifying body's emblem, which credentials name as images
    P("certificates:badge_image", PUBLIC, slug="program.slug", subject="=achievement", fmt="=png"),
    P("certificates:lookup", PUBLIC),
    P("certificates:verify_credential", PUBLIC),
    P("certificates:verify", PUBLIC, number="certificate.number"),
    P("certificates:profile", PUBLIC, slug="profile.slug"),
    P("certificates:mine", SIGNED_IN),
    P("certificates:profile_toggle", SIGNED_IN, "POST"),
    P("certificates:register", PUBLIC),  # the public register: only holders who opted in
    P("certificates:register_listing", SIGNED_IN, "POST"),
    P("certificates:pdf", OWNER_OR_STAFF_HIDDEN, number="certificate.number"),
    P("certificates:credential", OWNER_OR_STAFF_HIDDEN, number="certificate.number"),
    # a completed set's credential: its holder and staff; the learner record: the holder's own
    P(
        "certificates:set_credential",
        OWNER_OR_STAFF_HIDDEN,
        credential_id="set_credential.credential_id",
    ),
    P("certificates:clr", OWNER, slug="record_program_slug"),
    # wallet delivery (ADR 0033): only the holder makes an offer (a CSRF-protected form post);
    # the wallets' endpoints are JSON APIs for anyone: metadata to read, a nonce for the asking,
    # a token for a valid code (an empty form: 400 invalid_request), a credential for a valid
    # Bearer token (none here: 401 for everyone, whoever is signed in)
    P("certificates:wallet_offer", OWNER_HIDDEN, "POST", number="certificate.number"),
    P("certificates:oid4vci_issuer_metadata", PUBLIC),
    P("certificates:oauth_server_metadata", PUBLIC),
    P("certificates:oid4vci_token", PUBLIC, "POST"),
    P("certificates:oid4vci_nonce", PUBLIC, "POST"),
    P("certificates:oid4vci_credential", "LLLLLLLL", "POST"),
    P("certificates:baked_badge", OWNER_OR_STAFF_HIDDEN, number="certificate.number", fmt="=svg"),
    P("certificates:staff_list", STAFF),
    P("certificates:staff_detail", STAFF, pk="certificate"),
    P("certificates:staff_action", STAFF, "POST", pk="certificate"),
    P("certificates:staff_action_confirm", STAFF, pk="certificate", action="=revoke"),
    P("certificates:staff_set_credential", STAFF, pk="set_credential"),
    # renewals (the candidate holds the world's certificate; nobody else holds one)
    P("renewals:home", SIGNED_IN),
    P("renewals:activity_add", OWNER, "POST"),
    P("renewals:activity_preview", OWNER, "POST"),
    P("renewals:activity_edit", OWNER, pk="ce_activity"),
    P("renewals:activity_delete", OWNER, "POST", pk="ce_activity"),
    P("renewals:activity_delete_confirm", OWNER, pk="ce_activity"),
    P("renewals:activity_restore", OWNER, "POST", pk="ce_activity"),
    P("renewals:evidence", OWNER_OR_STAFF_HIDDEN, pk="ce_activity"),
    P("renewals:apply", OWNER, "POST"),
    P("renewals:resubmit", OWNER, "POST", pk="renewal"),
    P("renewals:staff_queue", STAFF),
    P("renewals:staff_lapsed", STAFF),
    P("renewals:staff_detail", STAFF, pk="renewal"),
    P("renewals:staff_decide", STAFF, "POST", pk="renewal"),
    P("renewals:staff_reinstate", STAFF, pk="certificate"),
    # the API's own pages (its operations are in OPERATIONS)
    P("api-1:openapi-json", PUBLIC),
    P("api-1:openapi-view", PUBLIC),
    P("api-1:api-root", "DDDDDDDD"),  # nothing at the bare prefix
]


# --- The HTTP API ------------------------------------------------------------------------------
# Path parameters by name, as world objects (an entry's own `params` win).
API_PARAMS: dict[str, str] = {
    "slug": "program.slug",
    "code": "competency_set.code",
    "number": "certificate.number",
    "provider_id": "provider",
    "course_id": "course",
    "entry_id": "entry",
    "planned_set_id": "planned",
    "faq_id": "faq_entry",
}


@dataclass(frozen=True)
class Op:
    """An API operation (by operationId), its expectation string, its path parameters, and a
    valid request body: the API validates the body before the endpoint checks permissions, so
    an invalid one would be refused (422) for everyone and prove nothing."""

    operation_id: str
    expect: str
    body: dict[str, Any] | None = None
    params: dict[str, str] = field(default_factory=dict)

    def __init__(
        self, operation_id: str, expect: str, body: dict[str, Any] | None = None, **params: str
    ) -> None:
        object.__setattr__(self, "operation_id", operation_id)
        object.__setattr__(self, "expect", expect)
        object.__setattr__(self, "body", body)
        object.__setattr__(self, "params", params)


CE_ACTIVITY = {
    "title": "Workshop",
    "provider": "State Library",
    "completed_on": "2026-01-05",
    "format": "hours",
    "amount": "3",
}
ENTRY = {
    "library_name": "Hill Library",
    "library_type": "public",
    "role": "Assistant",
    "start_date": "2025-01-06",
    "hours_mode": "weekly",
    "hours_per_week": 10,
}
COURSE = {
    "competency_set": "TEC",
    "title": "Another course",
    "description": "What it teaches.",
    "format": "online",
    "cost_cents": 10000,
    "assessments": "A project.",
    "instructors": "A. Teacher",
}
FILE = {"file": "syllabus.pdf"}
WEBHOOK = {
    "url": "https://93.184.216.34/hook",
    "event_types": ["set.completed"],
}  # sent as a multipart upload of a small PDF
FUND = {"name": "Matrix fund", "budget_cents": 10000, "award_cents": 1000, "opens_on": "2026-01-05"}
FILE = {"file": "syllabus.pdf"}  # sent as a multipart upload of a small PDF


_ = "certify_rest_"
OPERATIONS: list[Op] = [
    Op(f"{_}programs_program_list", PUBLIC),
    Op(f"{_}programs_program_detail", PUBLIC),
    Op(f"{_}programs_competency_set_list", PUBLIC),
    Op(f"{_}programs_competency_set_detail", PUBLIC),
    Op(f"{_}programs_program_case", PUBLIC),
    Op(f"{_}programs_job_requirements", PUBLIC),
    Op(f"{_}program_setup_program_setup_list", STAFF),
    Op(
        f"{_}program_setup_program_setup_create",
        STAFF,
        {"slug": "matrix", "name": "Matrix", "short_name": "M", "certifying_body": "B"},
    ),
    Op(f"{_}program_setup_program_settings", STAFF),
    Op(
        f"{_}program_setup_program_settings_update",
        STAFF,
        {"appeal_notice_days": 9},
        section="=appeals",
    ),
    Op(f"{_}program_setup_program_publish", STAFF, {"published": True}),
    Op(f"{_}program_setup_program_history", STAFF),
    Op(f"{_}program_setup_faq_list", STAFF),
    Op(f"{_}program_setup_faq_add", STAFF, {"question": "Q?", "answer": "A."}),
    Op(f"{_}program_setup_faq_edit", STAFF, {"question": "Q?", "answer": "A."}),
    Op(f"{_}program_setup_faq_move", STAFF, {"to": "up"}),
    Op(f"{_}program_setup_faq_publish", STAFF, {"published": False}),
    Op(f"{_}payments_my_invoices", SIGNED_IN),
    Op(f"{_}payments_my_invoice", OWNER_OR_STAFF_HIDDEN, code="invoice.code"),
    Op(f"{_}payments_my_payments", SIGNED_IN),
    Op(f"{_}payments_staff_invoices", STAFF),
    Op(
        f"{_}payments_staff_payment_record",
        STAFF,
        {"method": "cheque", "amount_cents": 100, "reference": "Check 9"},
        code="invoice.code",
    ),
    Op(
        f"{_}payments_staff_refund",
        STAFF,
        {"reason": "Matrix", "amount_cents": 100},
        code="invoice.code",
    ),
    Op(f"{_}payments_staff_refunds", STAFF),
    Op(f"{_}payments_staff_refund_retry", STAFF, refund_id="refund"),
    Op(f"{_}scholarships_funds", PUBLIC),
    Op(f"{_}scholarships_fund", PUBLIC, slug="fund.slug"),
    Op(f"{_}scholarships_my_applications", SIGNED_IN),
    Op(
        f"{_}scholarships_apply",
        CANDIDATES,
        {"fund": "ssd-continuing-education", "statement": "Please."},
    ),
    Op(f"{_}scholarships_my_application", OWNER, pk="scholarship_application"),
    Op(f"{_}scholarships_withdraw", OWNER, pk="scholarship_application"),
    Op(f"{_}scholarships_sponsor_funds", SPONSOR_OR_STAFF),
    Op(f"{_}scholarships_sponsor_applications", SPONSOR_OR_STAFF, slug="fund.slug"),
    Op(
        f"{_}scholarships_decide",
        SPONSOR,
        {"decision": "decline", "reason": "Matrix"},
        pk="scholarship_application",
    ),
    Op(f"{_}scholarships_draw", SPONSOR, {"places": 1}, slug="fund.slug"),
    Op(f"{_}scholarships_draw_detail", "LDADDDAA", pk="draw"),
    Op(f"{_}applications_my_applications", SIGNED_IN),
    Op(f"{_}applications_start", CANDIDATES, {"program": "lsscp"}),
    Op(f"{_}applications_detail", OWNER_OR_STAFF_HIDDEN, application_id="application"),
    Op(f"{_}applications_update", OWNER_HIDDEN, {"attested": True}, application_id="application"),
    Op(f"{_}applications_entry_add", OWNER_HIDDEN, ENTRY, application_id="application"),
    Op(f"{_}applications_entry_update", OWNER_HIDDEN, ENTRY, application_id="application"),
    Op(f"{_}applications_entry_delete", OWNER_HIDDEN, application_id="application"),
    Op(f"{_}applications_eligibility", OWNER_OR_STAFF_HIDDEN, application_id="application"),
    Op(f"{_}applications_submit", OWNER_HIDDEN, application_id="application"),
    Op(f"{_}applications_queue", STAFF),
    Op(
        f"{_}applications_decide",
        STAFF,
        {"decision": "reject", "reason": "Matrix"},
        application_id="application",
    ),
    Op(f"{_}casework_application_notes", STAFF, application_id="application"),
    Op(
        f"{_}casework_application_note_add", STAFF, {"body": "Matrix"}, application_id="application"
    ),
    Op(
        f"{_}casework_application_assign",
        STAFF,
        {"assignee_id": None},
        application_id="application",
    ),
    Op(f"{_}portfolios_portfolio_detail", "LANANNNA"),
    Op(f"{_}portfolios_statement", OWNER_PORTFOLIO_HIDDEN, {"text": "Hello"}),
    Op(
        f"{_}portfolios_response_save",
        OWNER_PORTFOLIO_HIDDEN,
        {"text": "Hello"},
        code="competency.code",
    ),
    Op(
        f"{_}portfolios_link_add",
        OWNER_PORTFOLIO_HIDDEN,
        {"url": "https://example.org/", "title": "A link"},
        code="competency.code",
    ),
    Op(f"{_}portfolios_submit", OWNER_PORTFOLIO_HIDDEN),
    Op(f"{_}portfolios_my_reviews", REVIEWERS),
    Op(f"{_}portfolios_review_detail", OWN_REVIEW, assignment_id="assignment"),
    Op(f"{_}portfolios_rate", OWN_REVIEW, assignment_id="assignment", code="competency.code"),
    Op(f"{_}portfolios_complete", OWN_REVIEW, assignment_id="assignment"),
    # staff's lists of reviewers to choose for a version (its staff page's; the POST on the same
    # path is in matrix_decisions.py)
    Op(f"{_}portfolio_staff_staff_reviewer_choices", STAFF, submission_id="submission"),
    # whom the automatic assignment would pick for a version (staff only; read-only)
    Op(f"{_}portfolio_staff_staff_automatic_reviewers", STAFF, submission_id="submission"),
    Op(f"{_}certificates_mine", SIGNED_IN),
    Op(f"{_}certificates_my_credential", OWNER_OR_STAFF),
    Op(f"{_}certificates_verify_credential", PUBLIC),
    Op(f"{_}certificates_verify", PUBLIC),
    Op(f"{_}register_search", PUBLIC),  # the public register by name (ADR 0030)
    Op(f"{_}certificates_staff_list", STAFF),
    Op(
        f"{_}certificates_staff_action",
        STAFF,
        {"action": "suspend", "reason": "Matrix"},
        certificate_id="certificate",
    ),
    Op(f"{_}renewals_status", SIGNED_IN),
    Op(f"{_}renewals_activity_list", SIGNED_IN),
    Op(f"{_}renewals_activity_create", OWNER, CE_ACTIVITY),
    Op(f"{_}renewals_activity_update", OWNER, CE_ACTIVITY, activity_id="ce_activity"),
    Op(f"{_}renewals_activity_delete", OWNER, activity_id="ce_activity"),
    Op(f"{_}renewals_submit", OWNER),
    Op(f"{_}renewals_staff_staff_list", STAFF),
    Op(f"{_}courses_catalogue", PUBLIC),
    Op(f"{_}courses_course_detail", PUBLIC),
    Op(f"{_}courses_provider_courses", PROVIDER_API),
    Op(f"{_}courses_provider_course_create", PROVIDER_API, COURSE),
    Op(f"{_}courses_provider_course", PROVIDER_API),
    Op(f"{_}courses_provider_course_update", PROVIDER_API, COURSE),
    Op(f"{_}courses_provider_course_syllabus", PROVIDER_API, FILE),
    Op(f"{_}courses_provider_course_submit", PROVIDER_API),
    Op(
        f"{_}courses_provider_completions_report",
        PROVIDER_API,
        {"completions": [{"email": "x@example.org", "completed_on": "2026-01-05"}]},
    ),
    Op(f"{_}courses_provider_completions", PROVIDER_API),
    Op(f"{_}webhooks_event_types", SIGNED_IN),
    Op(f"{_}webhooks_owners", SIGNED_IN),
    Op(f"{_}webhooks_endpoint_list", SIGNED_IN),
    Op(f"{_}webhooks_endpoint_create", SIGNED_IN, WEBHOOK | {"owner": "employer:0"}),
    Op(f"{_}webhooks_endpoint_detail", STAFF, endpoint_id="webhook_endpoint"),
    Op(f"{_}webhooks_endpoint_update", STAFF, WEBHOOK, endpoint_id="webhook_endpoint"),
    Op(f"{_}webhooks_endpoint_rotate", STAFF, endpoint_id="webhook_endpoint"),
    Op(f"{_}webhooks_endpoint_disable", STAFF, endpoint_id="webhook_endpoint"),
    Op(f"{_}webhooks_endpoint_enable", STAFF, endpoint_id="webhook_endpoint"),
    Op(f"{_}webhooks_delivery_list", STAFF, endpoint_id="webhook_endpoint"),
    Op(
        f"{_}webhooks_delivery_resend",
        STAFF,
        endpoint_id="webhook_endpoint",
        delivery_id="webhook_delivery",
    ),
    Op(f"{_}webhooks_share_list", SIGNED_IN),
    Op(f"{_}webhooks_shared_with_you", SIGNED_IN),
    Op(
        f"{_}webhooks_share_create",
        SIGNED_IN,
        {"certificate_number": "SML-2026-NOPE", "email": "hr@employer.example"},
    ),
    Op(f"{_}webhooks_share_withdraw", OWNER, share_id="webhook_share"),
    # the operations that match the pages' forms (the parity test, tests/rest/test_parity.py)
    Op(f"{_}applications_withdraw", OWNER_HIDDEN, application_id="application"),
    Op(f"{_}applications_entry_restore", OWNER_HIDDEN, application_id="application"),
    Op(f"{_}renewals_activity_restore", OWNER, activity_id="ce_activity"),
    Op(
        f"{_}applications_deadline_extend",
        STAFF,
        {"new_deadline": "2099-01-01", "reason": "Matrix"},
        application_id="application",
    ),
    Op(f"{_}application_rules_rules_show", STAFF, application_id="application"),
    Op(
        f"{_}application_rules_rules_move",
        STAFF,
        {"reason": "Matrix"},
        application_id="application",
    ),
    Op(f"{_}progress_plan", OWNER),  # other candidates have no accepted application: 404
    Op(f"{_}progress_electives", OWNER, {"electives": ["REF", "ACC", "YTH"]}),
    Op(f"{_}progress_route", OWNER_HIDDEN_FROM_CANDIDATES, {"route": "portfolio"}),
    Op(f"{_}memberships_mine", CANDIDATES),
    Op(
        f"{_}memberships_record",
        CANDIDATES,
        {"organisation": "ALA", "member_number": "99", "expires_on": "2099-01-01"},
    ),
    # the queue, as its page: SSD's sponsor lists the memberships it confirms
    Op(f"{_}memberships_staff_queue", SPONSOR_OR_STAFF),
    # the sponsor's own door to it (a sponsor's token cannot hold the staff scope)
    Op(f"{_}memberships_sponsor_queue", SPONSOR),
    # the world's membership is an ALA one: program staff decide it, whichever door they use
    Op(
        f"{_}memberships_staff_decide",
        "LDDDDDNA",  # SSD's sponsor does not know of an ALA membership: an unknown id
        {"decision": "confirm"},
        membership_id="membership",
    ),
    Op(
        f"{_}memberships_sponsor_decide",
        "LDDDDDNA",
        {"decision": "confirm"},
        membership_id="membership",
    ),
    Op(f"{_}people_roles_get", STAFF, user_id="users.candidate"),
    Op(
        f"{_}people_role_change",
        STAFF,
        {"role": "reviewer", "action": "grant", "reason": "Matrix"},
        user_id="users.candidate",
    ),
    # your account, notifications, invoice changes, the sponsor's committee, certificate choices
    Op(f"{_}account_token_revoke", OWNER, token_id="token"),
    Op(f"{_}account_invitation_get", OWNER, invitation_id="colleague_invitation"),
    Op(
        f"{_}account_invitation_answer",
        OWNER,
        {"answer": "decline"},
        invitation_id="colleague_invitation",
    ),
    Op(f"{_}account_invitation_withdraw", "LDNNNAND", invitation_id="colleague_invitation"),
    Op(f"{_}account_data_export", SIGNED_IN),
    Op(f"{_}account_conflict_list", DECIDERS),
    Op(f"{_}account_conflict_declare", DECIDERS, {"organisation": "Matrix", "reason": "Matrix"}),
    Op(f"{_}account_conflict_withdraw", ASSIGNED_REVIEWER, conflict_id="conflict"),
    Op(f"{_}notifications_read_all", SIGNED_IN),
    Op(f"{_}notifications_preferences", SIGNED_IN),
    Op(f"{_}notifications_preferences_set", SIGNED_IN, {"enabled": {"renewal.reminder": False}}),
    Op(f"{_}notifications_outbox_retry", STAFF, email_id="outgoing_email"),
    Op(f"{_}invoice_changes_enrollment_start", CANDIDATES),
    Op(f"{_}invoice_changes_invoice_void", STAFF, {"reason": "Matrix"}, code="invoice.code"),
    Op(
        f"{_}invoice_changes_invoice_reprice",
        STAFF,
        {"amount_cents": 1000, "reason": "Matrix"},
        code="invoice.code",
    ),
    Op(f"{_}invoice_changes_invoice_reissue", STAFF, {"reason": "Matrix"}, code="invoice.code"),
    Op(
        f"{_}awards_award_payment",
        SPONSOR,
        {"payee": "candidate", "reference": "Matrix"},
        award_id="award",
    ),
    Op(
        f"{_}sponsor_members_member_invite",
        SPONSOR,
        {"email": "new.member@example.org", "role": "committee"},
        sponsor="sponsor.slug",
    ),
    Op(f"{_}sponsor_members_member_remove", SPONSOR, member_id="sponsor_member"),
    Op(
        f"{_}committee_rubric",
        SPONSOR,
        {"criteria": [{"name": "Need", "max_points": 5}]},
        slug="fund.slug",
    ),
    Op(f"{_}committee_score", SPONSOR, {"scores": []}, application_id="scholarship_application"),
    Op(
        f"{_}committee_conflict",
        SPONSOR,
        {"reason": "Matrix"},
        application_id="scholarship_application",
    ),
    Op(f"{_}committee_confirm", SPONSOR, slug="fund.slug"),
    Op(f"{_}committee_confirm_outline", SPONSOR, slug="fund.slug"),
    Op(f"{_}certificate_choices_profile_set", SIGNED_IN, {"is_public": True}),
    Op(f"{_}certificate_choices_register_listing", SIGNED_IN, {"action": "remove"}),
    Op(f"{_}certificate_choices_wallet_offer", OWNER, {"tx_code": False}),
    Op(
        f"{_}certificate_choices_set_credential_revoke",
        STAFF,
        {"reason": "Matrix"},
        set_credential_id="set_credential",
    ),
    Op(f"{_}portfolio_evidence_start", OWNER_PORTFOLIO_HIDDEN),
    Op(f"{_}portfolio_evidence_file_add", OWNER_PORTFOLIO_HIDDEN, FILE, code="competency.code"),
    Op(f"{_}portfolio_evidence_evidence_remove", OWNER, evidence_id="evidence"),
    Op(f"{_}awards_award_withdraw", "LADDDDAD", {"reason": "Matrix"}, award_id="award"),
    Op(f"{_}funds_fund_create", SPONSOR, FUND, sponsor="sponsor.slug"),
    Op(f"{_}funds_fund_update", SPONSOR, FUND, slug="fund.slug"),
    # competency framework versions (ADR 0056): program staff only; version 1 is published, so
    # staff's changes to it are refused in words (400), which still proves they got in
    Op(f"{_}frameworks_version_list", STAFF),
    Op(f"{_}frameworks_draft_start", STAFF, {"label": "Matrix"}),
    Op(f"{_}frameworks_version_detail", STAFF, number="=1"),
    Op(f"{_}frameworks_set_add", STAFF, {"code": "MTX", "name": "M", "kind": "core"}, number="=1"),
    Op(
        f"{_}frameworks_set_update",
        STAFF,
        {"code": "CT", "name": "M", "kind": "core"},
        number="=1",
    ),
    Op(f"{_}frameworks_set_delete", STAFF, number="=1"),
    Op(
        f"{_}frameworks_competency_add",
        STAFF,
        {"code": "CT-99", "statement": "M"},
        number="=1",
    ),
    Op(
        f"{_}frameworks_competency_update",
        STAFF,
        {"code": "CT-99", "statement": "M"},
        number="=1",
        competency="competency.code",
    ),
    Op(f"{_}frameworks_competency_delete", STAFF, number="=1", competency="competency.code"),
    Op(
        f"{_}frameworks_competency_move",
        STAFF,
        {"direction": "up"},
        number="=1",
        competency="competency.code",
    ),
    Op(
        f"{_}frameworks_case_import",
        STAFF,
        {"CFDocument": {}, "CFItems": [], "CFAssociations": []},
        number="=1",
    ),
    Op(f"{_}frameworks_compare", STAFF, number="=1"),
    Op(f"{_}frameworks_mapping_save", STAFF, {"mapping": {}}, number="=1"),
    Op(f"{_}frameworks_publish", STAFF, number="=1"),
    Op(f"{_}frameworks_move_candidates", STAFF, number="=1"),
    Op(f"{_}frameworks_move_candidate", STAFF, application_id="application"),
]

# The operations that match the course, appeal, renewal, supervisor and reviewer-assignment
# pages, kept in their own module (this one is long enough).
from tests.security.matrix_decisions import DECISION_OPERATIONS  # noqa: E402

OPERATIONS += DECISION_OPERATIONS
