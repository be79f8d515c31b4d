"""Every kind of link Certify e-mails or hands to someone to pass on, tried the way outsiders
try them (the product's rules: "links work once, expire, and never after submission",
"Tokens and links never outrank the person", "Reading never changes anything"; mail scanners
and link previews GET every link before the person does).

`KINDS` names, for each kind (by the URL name its link opens), the tests that prove each of
`PROPERTIES`, or why one does not apply ("n/a: …"). Most live beside the app that owns the
link; the gaps found in session 56 are in this package. Three guards keep the table whole, like
`tests/core/test_saved_redirects_guard.py`:

- a route that takes a token or key (`<token>`, `<key>`, `<uidb36>`) is a kind or is listed in
  `NOT_LINKS` with its reason;
- a module that makes a random or signed token (`secrets.token_urlsafe`, `link_token`,
  `signing.dumps`, `Signer`) names the kind it makes, or why its token is never a link;
- an e-mail template's `{{ …_url }}` names a kind or a page that needs the recipient signed in.
"""

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.database_free

REPO = Path(__file__).resolve().parents[3]
CERTIFY = REPO / "certify"

PROPERTIES = (
    "scanner_get",  # a GET (and HEAD) with no session acts on nothing; a button POSTs
    "used_twice",  # the second use says so in plain words and changes nothing
    "expired",  # plain words, what to do, nothing changes
    "after_the_end",  # after the thing was submitted, withdrawn, closed: plain words, no change
    "other_account",  # opened signed in as someone else: no leak, acts for its purpose only
    "altered",  # one character changed: answered as a link never made
    "two_factor",  # where the link signs someone in, the same two-factor step as signing in
)

CONF = "tests/applications/test_confirmations.py"
ATT = "tests/portfolios/test_attestations.py"
INV = "tests/courses/test_colleague_invitations.py"
SSD = "tests/scholarships/test_colleague_invitations.py"
UNS = "tests/notifications/test_unsubscribe.py"
REL = "tests/notifications/test_relay.py"
ACC = "tests/accounts/test_account_links.py"
WAL = "tests/certificates/test_wallet_refusals.py"
STALE = "tests/security/test_stale_links.py"
LAST = "tests/security/test_link_last_day.py"
HERE_ACC = "tests/security/emailed_links/test_account_links.py"
HERE_TOK = "tests/security/emailed_links/test_token_links.py"

NO_SIGN_IN = "n/a: signs nobody in; the holder needs no account and acts on this one request"

KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    # A supervisor confirms a job's hours (application.supervisor_confirm).
    "applications:supervisor": {
        "scanner_get": (
            f"{CONF}::test_a_mail_scanner_opening_the_link_decides_nothing_and_the_post_does",
        ),
        "used_twice": (f"{CONF}::test_a_link_is_single_use_even_after_the_candidate_asks_again",),
        "expired": (
            f"{CONF}::test_an_expired_link_is_refused",
            f"{LAST}::test_a_supervisors_link_works_through_the_last_day_its_e_mail_names",
        ),
        "after_the_end": (
            f"{CONF}::test_submitting_stops_a_pending_link_and_staff_see_not_confirmed",
            f"{STALE}::test_a_supervisors_link_after_the_candidate_withdrew_says_so_and_answers_nothing",
            f"{CONF}::test_a_link_stops_once_the_candidate_closed_their_account",
            f"{STALE}::test_a_supervisors_link_stops_while_the_candidates_account_is_deactivated",
        ),
        "other_account": (
            f"{CONF}::test_the_link_answers_for_its_holder_never_for_another_signed_in_account",
            f"{CONF}::test_the_candidate_signed_in_cannot_confirm_their_own_hours_through_the_link",
        ),
        "altered": (
            f"{STALE}::test_an_altered_or_misplaced_link_is_not_valid_names_nobody_and_writes_nothing",
        ),
        "two_factor": (NO_SIGN_IN,),
    },
    # A supervisor attests to portfolio evidence (portfolio.attestation).
    "portfolios:attest": {
        "scanner_get": (
            f"{ATT}::test_a_scanned_attestation_link_writes_nothing_and_the_post_attests",
        ),
        "used_twice": (f"{ATT}::test_the_link_works_once",),
        "expired": (
            f"{ATT}::test_an_expired_link_is_refused",
            f"{LAST}::test_an_attesters_link_works_through_the_last_day_its_e_mail_names",
        ),
        "after_the_end": (
            f"{ATT}::test_after_submission_the_link_stops_and_reviewers_read_the_submitted_version",
            f"{HERE_TOK}::test_an_attesters_link_after_the_set_was_completed_by_a_course_says_so_and_writes_nothing",
            f"{ATT}::test_an_attestation_link_stops_once_the_candidate_closed_their_account",
            f"{STALE}::test_an_attesters_link_while_the_account_is_deactivated_says_so_not_closed",
        ),
        "other_account": (
            f"{HERE_TOK}::test_an_attesters_link_opened_as_another_account_answers_for_its_holder_only",
            f"{ATT}::test_the_candidate_signed_in_cannot_attest_through_their_own_link",
        ),
        "altered": (
            f"{STALE}::test_an_altered_or_misplaced_link_is_not_valid_names_nobody_and_writes_nothing",
        ),
        "two_factor": (NO_SIGN_IN,),
    },
    # A colleague's invitation: a course provider's people, a sponsor's members and committee
    # (colleague.invited). Staff and reviewers are granted roles on the people page, not invited.
    "accounts:invitation_link": {
        "scanner_get": (
            f"{INV}::test_a_scanned_link_accepts_nothing_even_in_the_invited_persons_browser",
        ),
        "used_twice": (f"{INV}::test_a_used_link_is_refused_with_a_clear_message",),
        "expired": (
            f"{INV}::test_an_expired_link_is_refused_and_the_daily_job_marks_it",
            f"{LAST}::test_a_colleagues_invitation_works_through_the_last_day_it_names",
        ),
        "after_the_end": (
            f"{INV}::test_a_withdrawn_expired_or_used_link_offers_no_answer",
            f"{SSD}::test_the_administrator_withdraws_and_a_committee_member_cannot",
        ),
        "other_account": (
            f"{INV}::test_a_link_opened_by_another_account_is_refused",
            f"{INV}::test_an_unverified_address_is_not_enough",
        ),
        "altered": (
            f"{STALE}::test_an_altered_invitation_link_is_the_page_of_one_never_made",
            f"{INV}::test_an_unknown_link_says_so",
        ),
        "two_factor": (
            "n/a: signs nobody in; answering needs the invited person signed in (with the "
            "sign-in's own two-factor step) with the address verified",
        ),
    },
    # One-click unsubscribe from an optional kind of e-mail (RFC 8058), in its footer and header.
    "notifications:unsubscribe": {
        "scanner_get": (f"{UNS}::test_a_mail_scanners_get_changes_nothing",),
        "used_twice": (
            f"{UNS}::test_the_one_click_post_without_a_session_switches_that_kind_off_once",
        ),
        "expired": (
            "n/a: RFC 8058 asks that it keep working; it ends with the account or the address",
        ),
        "after_the_end": (
            f"{UNS}::test_the_link_stops_when_the_account_closes",
            f"{UNS}::test_the_link_stops_when_the_address_changes",
        ),
        "other_account": (
            f"{HERE_TOK}::test_an_unsubscribe_link_pressed_in_another_accounts_browser_stops_only_its_own_persons",
            f"{UNS}::test_a_link_cannot_be_made_to_name_another_kind_or_another_person",
        ),
        "altered": (
            f"{UNS}::test_an_altered_link_or_one_for_an_essential_kind_is_refused",
            f"{UNS}::test_a_made_up_link_tells_nothing_about_whether_an_account_exists",
        ),
        "two_factor": ("n/a: signs nobody in; it switches one optional kind of e-mail off",),
    },
    # "This was not expected": stop e-mail a candidate asked Certify to send to this address.
    "notifications:relay_stop": {
        "scanner_get": (
            f"{REL}::test_opening_the_stop_link_changes_nothing_and_the_button_stops_that_sender",
        ),
        "used_twice": (
            f"{REL}::test_opening_the_stop_link_changes_nothing_and_the_button_stops_that_sender",
        ),
        "expired": ("n/a: a stop keeps working, as an unsubscribe link does (RFC 8058)",),
        "after_the_end": (
            f"{HERE_TOK}::test_a_stop_link_once_its_sender_closed_the_account_says_so_and_records_nothing",
        ),
        "other_account": (
            f"{HERE_TOK}::test_a_stop_link_pressed_in_another_accounts_browser_stops_only_that_sender",
        ),
        "altered": (
            f"{REL}::test_an_altered_stop_link_is_refused_and_records_nothing",
            f"{HERE_TOK}::test_a_stop_link_changed_by_one_character_answers_as_one_never_made",
        ),
        "two_factor": ("n/a: signs nobody in; it stops e-mail to the address it was sent to",),
    },
    # allauth's e-mail confirmation, as configured (`ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION`).
    "account_confirm_email": {
        "scanner_get": (
            f"{ACC}::test_a_scanned_confirmation_link_confirms_nothing_and_its_button_does",
        ),
        "used_twice": (
            f"{HERE_ACC}::test_a_confirmation_link_used_twice_says_so_and_changes_nothing",
        ),
        "expired": (f"{HERE_ACC}::test_an_expired_confirmation_link_says_so_and_confirms_nothing",),
        "after_the_end": (f"{ACC}::test_a_confirmation_link_stops_once_its_address_was_removed",),
        "other_account": (
            f"{ACC}::test_a_confirmation_link_opened_as_another_account_confirms_only_its_own_address",
        ),
        "altered": (f"{HERE_ACC}::test_an_altered_confirmation_link_answers_as_one_never_made",),
        "two_factor": (
            f"{HERE_ACC}::test_confirming_the_address_of_a_sign_in_still_asks_for_the_second_factor",
        ),
    },
    # allauth's password reset.
    "account_reset_password_from_key": {
        "scanner_get": (
            f"{ACC}::test_a_scanned_reset_link_changes_nothing_and_a_used_one_works_no_more",
        ),
        "used_twice": (
            f"{ACC}::test_a_scanned_reset_link_changes_nothing_and_a_used_one_works_no_more",
        ),
        "expired": (f"{HERE_ACC}::test_an_expired_reset_link_says_so_and_changes_nothing",),
        "after_the_end": (f"{ACC}::test_a_reset_link_made_before_a_change_stops",),
        "other_account": (
            f"{ACC}::test_a_reset_link_opened_as_another_account_changes_only_the_persons_password",
        ),
        "altered": (f"{HERE_ACC}::test_an_altered_reset_link_answers_as_one_never_made",),
        "two_factor": (
            f"{HERE_ACC}::test_a_password_reset_of_an_account_with_two_factor_signs_nobody_in",
        ),
    },
    # A wallet offer: the holder, signed in, shows a QR code whose pre-authorized code a wallet
    # trades at the token endpoint (OpenID4VCI), the one link handed to something else.
    "certificates:oid4vci_token": {
        "scanner_get": (f"{WAL}::test_reading_the_offer_address_makes_no_offer",),
        "used_twice": (
            f"{WAL}::test_a_code_works_once_and_its_replay_also_ends_the_token_it_bought",
        ),
        "expired": (f"{WAL}::test_an_expired_or_unknown_code_is_refused",),
        "after_the_end": (
            f"{WAL}::test_a_certificate_leaving_force_ends_its_offers_for_good",
            f"{WAL}::test_closing_the_account_ends_its_pending_offers_and_their_tokens",
        ),
        "other_account": (
            f"{WAL}::test_nobody_but_the_holder_makes_an_offer",
            f"{WAL}::test_a_token_gets_only_its_own_offers_certificate",
        ),
        "altered": (f"{WAL}::test_an_expired_or_unknown_code_is_refused",),
        "two_factor": (
            f"{WAL}::test_a_transaction_code_is_required_checked_and_not_guessable",
            "n/a beyond that: only the holder signed in (through the two-factor step) makes an "
            "offer, and it signs nobody in",
        ),
    },
}

# Routes that take a token or key but are no link anyone is sent.
NOT_LINKS = {
    "reports:chart": "a chart's name in the staff reports",
    "reports:table": "a table's name in the staff reports",
    "reports:sponsor_chart": "a chart's name in the sponsor's reports",
    "reports:sponsor_table": "a table's name in the sponsor's reports",
    "reports:provider_chart": "a chart's name in the provider's reports",
    "reports:provider_table": "a table's name in the provider's reports",
}

# Modules that make a random or signed token → the kind whose link carries it, or why none does.
TOKEN_MAKERS = {
    "certify/applications/confirmations.py": "applications:supervisor",
    "certify/portfolios/services/attestations.py": "portfolios:attest",
    "certify/accounts/invitations.py": "accounts:invitation_link",
    "certify/notifications/unsubscribe.py": "notifications:unsubscribe",
    "certify/notifications/relay.py": "notifications:relay_stop",
    "certify/certificates/services/wallet.py": "certificates:oid4vci_token",
    "certify/core/links.py": "the signing helper of the supervisor's and attester's links",
    "certify/core/once.py": "a form's one-time token, kept in the page, never sent",
    "certify/accounts/tokens.py": "personal access tokens, shown once to their signed-in owner",
    "certify/courses/services/providers.py": "provider API keys, shown once to its staff",
    "certify/certificates/models.py": "the non-sequential part of a certificate's number",
    "certify/certificates/services/keys.py": "the issuer key's signer of credentials",
}
MAKES_TOKENS = re.compile(r"token_urlsafe|link_token\(|signing\.dumps|Signer\(|sign_object")

# `{{ …_url }}` in e-mail templates → the kind it opens, or the page it opens.
TEMPLATE_URLS = {
    "link_url": "the notice's own page, signed in; or a kind's link (supervisor, attester, "
    "colleague invitation)",
    "unsubscribe_url": "notifications:unsubscribe",
    "activate_url": "account_confirm_email",
    "password_reset_url": "account_reset_password_from_key",
    "verification_url": "a certificate's public verification page (reads only)",
    "site_url": "the site's home page",
    "signup_url": "the sign-up page",
    "reset_url": "the page that sends a reset link",
    "tokens_url": "the access tokens page, signed in",
    "keys_url": "the security keys page, signed in",
}
EMAIL_TEMPLATES = ("**/templates/**/email*/*.txt", "**/templates/**/email*/*.html")
TEMPLATE_URL = re.compile(r"\{\{\s*(\w+_url)\b")
TOKEN_ROUTE = re.compile(r"<(?:\w+:)?(?:token|key|uidb36)>|\(\?P<(?:token|key|uidb36)>")


def _routes(resolver=None, prefix="", namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield prefix + str(entry.pattern), name


def _tests_in(path: str) -> set[str]:
    tree = ast.parse((REPO / path).read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_kind_names_a_test_or_a_reason_for_every_property():
    problems = []
    for kind, proofs in KINDS.items():
        if set(proofs) != set(PROPERTIES):
            problems.append(f"{kind}: {sorted(set(PROPERTIES) ^ set(proofs))}")
        for prop, names in proofs.items():
            for name in names:
                if name.startswith("n/a"):
                    continue
                path, _, test = name.partition("::")
                if not (REPO / path).exists() or test not in _tests_in(path):
                    problems.append(f"{kind} {prop}: no test {name}")
    assert not problems, "\n".join(problems)


def test_every_route_that_takes_a_token_is_a_listed_kind():
    found = {
        name
        for route, name in _routes()
        if TOKEN_ROUTE.search(route) and not route.startswith(("api/", "admin/"))
    }
    assert {"applications:supervisor", "account_confirm_email"} <= found
    unlisted = found - KINDS.keys() - NOT_LINKS.keys()
    assert not unlisted, f"List these in KINDS (with their tests) or NOT_LINKS: {unlisted}"


def test_every_module_that_makes_a_token_says_which_link_carries_it():
    makers = {
        str(path.relative_to(REPO))
        for path in CERTIFY.rglob("*.py")
        if "migrations" not in path.parts and MAKES_TOKENS.search(path.read_text())
    }
    assert "certify/notifications/unsubscribe.py" in makers
    unlisted = makers - TOKEN_MAKERS.keys()
    assert not unlisted, f"Say in TOKEN_MAKERS which link carries their tokens: {unlisted}"
    assert TOKEN_MAKERS.keys() <= makers, TOKEN_MAKERS.keys() - makers
    for kind in TOKEN_MAKERS.values():
        assert kind in KINDS or " " in kind, kind


def test_every_address_an_e_mail_template_writes_is_a_kind_or_a_plain_page():
    names = set()
    for pattern in EMAIL_TEMPLATES:
        for path in CERTIFY.glob(pattern):
            names |= set(TEMPLATE_URL.findall(path.read_text()))
    assert {"link_url", "unsubscribe_url", "activate_url"} <= names
    unlisted = names - TEMPLATE_URLS.keys()
    assert not unlisted, f"Say in TEMPLATE_URLS what these open: {unlisted}"
    for what in TEMPLATE_URLS.values():
        assert what in KINDS or " " in what, what
