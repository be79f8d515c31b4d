"""What other apps use from certificates (the Python interface, not HTTP).

- `certificate_for_application(*, application) -> Certificate | None`
- `certificate_list_for_holder(*, holder) -> QuerySet[Certificate]`
- `certificate_replace(*, certificate, replacement, actor)`: a renewal replaced it.
- `certificate_issue_renewal(*, previous, expires_on, actor, on=None) -> Certificate`: a
  renewal's new certificate (new number, issued today, valid through `expires_on`).
- `credential_check(*, read, size=None, now=None, image=None) -> CheckedCredential`: check a
  credential as someone sent it (bytes or text, or a baked PNG or SVG badge), within the limits
  of ADR 0027 and ADR 0034; raises `CredentialRefusedError` (its `message`, `kind`, `status`,
  `title` and `limit`) when it is over one.
- `badge_image_kind(*, media_type="", name="") -> "png" | "svg" | None`: whether a request's
  body is a baked badge (then pass it to `credential_check` as `image`).
- `credential_verify(*, document, now=None) -> VerificationResult`: the same for a document
  already parsed (the same limits, except the size).

- `wallet_issuance_list(*, certificate=None) -> QuerySet[WalletIssuance]`: the credentials
  issued to wallets (certificate, holder DID, credential id, when), oldest first.

- `expiry_date(...)`: the rule for a certificate's last valid day (`certificates.dates`).
- `program_today(program) -> date`: today in the program's time zone, the day a certificate's
  dates are counted in (`certificates.dates`).
- `on_holder_label(rule)`: register what the holder's own page calls an expired certificate
  (renewals: "Lapsed" after the last day to renew); `holder_label(certificate) -> str` reads it.
  `on_lapsed(rule)`: register whether an expired certificate has lapsed (renewals: its last day
  to renew has passed); every surface then says "Lapsed" (`status_word(certificate) -> str`);
  `on_lapsed_rows(rule)`: the same as a condition on rows (`rule(programs) -> Q`), for the staff
  list's "Lapsed" and "Expired" filters.
- `on_stopped(hook)`: register `hook(*, certificate, actor, reason)`, called inside the
  transaction in which staff suspend or revoke a certificate (renewals: its open renewal).
- `certificate_standing(certificate) -> Standing`: its status, label, days and replacement, as
  every surface states them (`certificates.standing`, ADR 0036); `certificate_status_label(
  certificate) -> str` its label alone, for lists, whose rows are read with
  `certificate_lapsed_read(certificates)` first (one ask for the page whether each has lapsed).

For the REST package: `certificate_for_verification`, `certificate_staff_list`,
`certificate_act`, the holder's `public_profile_set`, `register_listing_set`,
`register_listing_remove`, the public register's search (`register_search_terms(name)`, which
refuses a name not given in full, then `register_search(terms=, state=, programs=)`, which
refuses a search too broad; `register_programs(request)` reads the programs once a request and
`register_allowance(request, programs)` counts a search in the day's allowances of whoever makes
it; `REGISTER_STATES`, `REGISTER_RESULTS_LIMIT` and the refusals' words),
`wallet_offer_create` (and `certificate_by_number`), staff's `set_credential_staff_find` and
`set_credential_revoke`, and the verification cache (`verification_cache_enabled()`,
`verification_cached(kind, number, build)`). Another app that changes what a certificate's pages
show without saving its row (renewals reinstating a lapsed one) calls
`verification_status_changed(number)`, so the kept pages show it at once.
- `certificate_pdf_render_later(certificate_id)`: after commit, have the certificate's stored PDF
  typeset again (ADR 0058), for a change of what it shows that no move of the certificate made
  (renewals: a lapse).
"""

from certify.certificates.badges.unbaking import image_kind as badge_image_kind
from certify.certificates.dates import expiry_date
from certify.certificates.dates import today as program_today
from certify.certificates.documents import certificate_pdf_render_later
from certify.certificates.holder_words import (
    holder_label,
    on_holder_label,
    on_lapsed,
    on_lapsed_rows,
    status_word,
)
from certify.certificates.holder_words import (
    lapsed_read as certificate_lapsed_read,
)
from certify.certificates.register import NAME_NEEDED as REGISTER_NAME_NEEDED
from certify.certificates.register import RESULTS_LIMIT as REGISTER_RESULTS_LIMIT
from certify.certificates.register import STATE_NAMES as REGISTER_STATES
from certify.certificates.register import STATE_UNKNOWN as REGISTER_STATE_UNKNOWN
from certify.certificates.register import TOO_BROAD as REGISTER_TOO_BROAD
from certify.certificates.register import search_terms as register_search_terms
from certify.certificates.register_allowance import register_allowance, register_programs
from certify.certificates.selectors import (
    certificate_by_number,
    certificate_for_application,
    certificate_for_verification,
    certificate_list_for_holder,
    certificate_staff_list,
    register_search,
    set_credential_staff_find,
    wallet_issuance_list,
)
from certify.certificates.services import (
    CheckedCredential,
    CredentialRefusedError,
    certificate_act,
    certificate_issue_renewal,
    certificate_replace,
    credential_check,
    credential_verify,
    public_profile_set,
    register_listing_remove,
    register_listing_set,
    set_credential_revoke,
)
from certify.certificates.services.transitions import on_stopped
from certify.certificates.services.wallet import wallet_offer_create
from certify.certificates.standing import CHECK_LABELS, Standing
from certify.certificates.standing import standing as certificate_standing
from certify.certificates.standing import status_label as certificate_status_label
from certify.certificates.verification import cached as verification_cached
from certify.certificates.verification import enabled as verification_cache_enabled
from certify.certificates.verification import status_changed as verification_status_changed

__all__ = [
    "CHECK_LABELS",
    "REGISTER_NAME_NEEDED",
    "REGISTER_RESULTS_LIMIT",
    "REGISTER_STATES",
    "REGISTER_STATE_UNKNOWN",
    "REGISTER_TOO_BROAD",
    "CheckedCredential",
    "CredentialRefusedError",
    "Standing",
    "badge_image_kind",
    "certificate_act",
    "certificate_by_number",
    "certificate_for_application",
    "certificate_for_verification",
    "certificate_issue_renewal",
    "certificate_lapsed_read",
    "certificate_list_for_holder",
    "certificate_pdf_render_later",
    "certificate_replace",
    "certificate_staff_list",
    "certificate_standing",
    "certificate_status_label",
    "credential_check",
    "credential_verify",
    "expiry_date",
    "holder_label",
    "on_holder_label",
    "on_lapsed",
    "on_lapsed_rows",
    "on_stopped",
    "program_today",
    "public_profile_set",
    "register_allowance",
    "register_listing_remove",
    "register_listing_set",
    "register_programs",
    "register_search",
    "register_search_terms",
    "set_credential_revoke",
    "set_credential_staff_find",
    "status_word",
    "verification_cache_enabled",
    "verification_cached",
    "verification_status_changed",
    "wallet_issuance_list",
    "wallet_offer_create",
]
