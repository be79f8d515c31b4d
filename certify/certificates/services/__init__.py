"""Writes for certificates: issuance, staff actions, issuer keys, status lists, profiles."""

from certify.certificates.numbers import number_format
from certify.certificates.services.compromise import CompromiseReport, issuer_key_compromise
from certify.certificates.services.credential import (
    badge_data_for,
    certificate_credential_sign,
    credential_resolve,
)
from certify.certificates.services.credential_check import (
    CheckedCredential,
    CredentialRefusedError,
    credential_check,
    credential_digest,
    credential_verify,
)
from certify.certificates.services.issuance import (
    certificate_approve,
    certificate_create_for_plan,
    certificate_issue_renewal,
)
from certify.certificates.services.keys import (
    did_document,
    issuer_did,
    issuer_key_active,
    issuer_key_rotate,
    issuer_key_withdraw,
)
from certify.certificates.services.profiles import public_profile_set
from certify.certificates.services.records import clr_sign, record_parts
from certify.certificates.services.register import register_listing_remove, register_listing_set
from certify.certificates.services.reissue import (
    CredentialKind,
    ReissueReport,
    Selection,
    credential_kind_register,
    credentials_reissue,
)
from certify.certificates.services.set_credentials import (
    set_credential_revoke,
    set_credentials_ensure,
    set_credentials_revoke_with,
)
from certify.certificates.services.statuslists import (
    status_bits_apply,
    status_index_allocate,
    status_list_credential,
    status_lists_regenerate,
)
from certify.certificates.services.transitions import (
    certificate_act,
    certificate_move,
    certificate_reinstate,
    certificate_replace,
    certificate_revoke,
    certificate_suspend,
)

__all__ = [
    "CheckedCredential",
    "CompromiseReport",
    "CredentialKind",
    "CredentialRefusedError",
    "ReissueReport",
    "Selection",
    "badge_data_for",
    "certificate_act",
    "certificate_approve",
    "certificate_create_for_plan",
    "certificate_credential_sign",
    "certificate_issue_renewal",
    "certificate_move",
    "certificate_reinstate",
    "certificate_replace",
    "certificate_revoke",
    "certificate_suspend",
    "clr_sign",
    "credential_check",
    "credential_digest",
    "credential_kind_register",
    "credential_resolve",
    "credential_verify",
    "credentials_reissue",
    "did_document",
    "issuer_did",
    "issuer_key_active",
    "issuer_key_compromise",
    "issuer_key_rotate",
    "issuer_key_withdraw",
    "number_format",
    "public_profile_set",
    "record_parts",
    "register_listing_remove",
    "register_listing_set",
    "set_credential_revoke",
    "set_credentials_ensure",
    "set_credentials_revoke_with",
    "status_bits_apply",
    "status_index_allocate",
    "status_list_credential",
    "status_lists_regenerate",
]
