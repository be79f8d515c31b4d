"""Wallet delivery: OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow
(docs/decisions/0033-wallet-delivery.md).

The holder makes an offer on their certificate page (`wallet_offer_create`); the wallet trades
its pre-authorized code for an access token (`wallet_token_issue`), fetches a nonce
(`wallet_nonce_issue`), proves it holds its key and receives the certificate's credential bound
to its DID (`wallet_credential_issue`). Codes, tokens and nonces are random, short-lived and
single use (a token serves until it expires); only their SHA-256 is stored.

Refusals are `WalletError`s carrying the OAuth / OpenID4VCI error code the wallet reads.
"""

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import User
from certify.certificates.credentials import holder
from certify.certificates.credentials.loader import CREDENTIALS_V2, OPEN_BADGES_V3
from certify.certificates.holder_words import status_word
from certify.certificates.models import Certificate, WalletIssuance, WalletNonce, WalletOffer
from certify.certificates.services.credential import certificate_credential_sign
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.site import site_name
from certify.programs import api as programs_api

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION_ID = "OpenBadgeCredential_ldp_vc"
CODE_LIFETIME = timedelta(minutes=10)
TOKEN_LIFETIME = timedelta(minutes=5)
NONCE_LIFETIME = timedelta(minutes=5)
TX_CODE_LENGTH = 6
TX_CODE_ATTEMPTS = 5
OFFER_SCHEME = "openid-credential-offer://"


class WalletError(Exception):
    """A wallet's request refused: `code` is the protocol's error code, `description` says why
    in words (ASCII, as the protocol requires), `status` the HTTP status."""

    def __init__(self, code: str, description: str, *, status: int = 400) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.status = status


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def issuer_identifier() -> str:
    """The Credential Issuer Identifier: the site's address (the token's and proofs' audience)."""
    return str(settings.SITE_URL)


def _endpoint(name: str) -> str:
    return issuer_identifier() + reverse(f"certificates:{name}")


def certificate_in_force(certificate: Certificate) -> bool:
    """Issued, valid today, not suspended, revoked, replaced or expired, and signed."""
    return bool(
        certificate.status == Certificate.Status.VALID
        and not certificate.is_expired
        and certificate.credential
    )


# --- Metadata ---------------------------------------------------------------------------------


def _display_names() -> tuple[str, str]:
    """(issuer name, credential name): the certifying body and the program, when there is one
    program; otherwise the site's name (`SITE_NAME`) and "Certificate"."""
    programs = list(programs_api.program_list()[:2])
    if len(programs) == 1:
        return programs[0].certifying_body or site_name(), programs[0].name
    return site_name(), "Certificate"


def issuer_metadata() -> dict[str, Any]:
    """`/.well-known/openid-credential-issuer`: the one credential configuration we offer.

    `issuer`, `token_endpoint` and `authorization_details_types_supported` belong to the
    authorization server's metadata, which is this same site; they are repeated here because
    Digital Bazaar's client reads them from this document (ADR 0033)."""
    issuer_name, credential_name = _display_names()
    return {
        "credential_issuer": issuer_identifier(),
        "credential_endpoint": _endpoint("oid4vci_credential"),
        "nonce_endpoint": _endpoint("oid4vci_nonce"),
        "display": [{"name": issuer_name, "locale": "en-US"}],
        "credential_configurations_supported": {
            CONFIGURATION_ID: {
                "format": "ldp_vc",
                "credential_definition": {
                    "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                },
                "credential_signing_alg_values_supported": ["eddsa-rdfc-2022"],
                "cryptographic_binding_methods_supported": list(holder.BINDING_METHODS),
                "proof_types_supported": {
                    "jwt": {"proof_signing_alg_values_supported": list(holder.ALGORITHMS)}
                },
                "credential_metadata": {
                    "display": [
                        {
                            "name": credential_name,
                            "locale": "en-US",
                            "description": f"The {credential_name} certificate, as issued.",
                        }
                    ]
                },
            }
        },
        "issuer": issuer_identifier(),
        "token_endpoint": _endpoint("oid4vci_token"),
        "authorization_details_types_supported": ["openid_credential"],
    }


def authorization_server_metadata() -> dict[str, Any]:
    """`/.well-known/oauth-authorization-server` (RFC 8414): only the pre-authorized grant."""
    return {
        "issuer": issuer_identifier(),
        "token_endpoint": _endpoint("oid4vci_token"),
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "token_endpoint_auth_methods_supported": ["none"],
        "pre-authorized_grant_anonymous_access_supported": True,
        "authorization_details_types_supported": ["openid_credential"],
    }


# --- The offer (the holder, signed in) --------------------------------------------------------


@dataclass(frozen=True)
class MadeOffer:
    offer: WalletOffer
    document: dict[str, Any]  # the Credential Offer object
    uri: str  # openid-credential-offer://?credential_offer=…
    tx_code: str  # "" when none was asked for

    @property
    def expires_at(self) -> datetime:
        return self.offer.code_expires_at


@transaction.atomic
def wallet_offer_create(
    *, certificate: Certificate, actor: Any, with_tx_code: bool = False
) -> MadeOffer:
    """An offer of the certificate's credential to a wallet, by its holder only, while the
    certificate is in force. The code (and transaction code) are shown once, never stored."""
    if certificate.holder_id != getattr(actor, "pk", None):
        raise DomainError("Only the certificate's holder can add it to a wallet.")
    if not certificate_in_force(certificate):
        raise DomainError(
            f"Certificate {certificate.number} is {status_word(certificate).lower()}: "
            "only a valid certificate can be added to a digital wallet."
        )
    code = secrets.token_urlsafe(32)
    tx_code = (
        "".join(secrets.choice("0123456789") for _ in range(TX_CODE_LENGTH)) if with_tx_code else ""
    )
    offer = WalletOffer.objects.create(
        certificate=certificate,
        code_hash=_digest(code),
        code_expires_at=timezone.now() + CODE_LIFETIME,
        tx_code_hash=_digest(tx_code) if tx_code else "",
    )
    audit_record(
        actor=actor,
        verb="certificates.wallet_offer_created",
        target=certificate,
        data={"offer": offer.pk, "tx_code": bool(tx_code)},
    )
    grant: dict[str, Any] = {"pre-authorized_code": code}
    if tx_code:
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": TX_CODE_LENGTH,
            "description": "The code shown under the QR code on your certificates page.",
        }
    document = {
        "credential_issuer": issuer_identifier(),
        "credential_configuration_ids": [CONFIGURATION_ID],
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }
    text = json.dumps(document, separators=(",", ":"))
    uri = f"{OFFER_SCHEME}?credential_offer={quote(text, safe='')}"
    return MadeOffer(offer=offer, document=document, uri=uri, tx_code=tx_code)


def wallet_offers_withdraw(*, certificates: Any) -> int:
    """End at once every offer of these certificates (a queryset or list) that a wallet could
    still use: an unused code and a token still in force both expire now. Called when a
    certificate stops being in force and when its holder closes their account; returns how many
    offers were ended."""
    now = timezone.now()
    offers = WalletOffer.objects.filter(certificate__in=certificates)
    codes = offers.filter(code_used_at__isnull=True, code_expires_at__gt=now)
    tokens = offers.filter(token_expires_at__gt=now)
    return codes.update(code_expires_at=now) + tokens.update(token_expires_at=now)


def _holder_gone(certificate: Certificate) -> bool:
    """The holder closed their account (or it was deactivated): their offers are void."""
    return not User.objects.filter(pk=certificate.holder_id, is_active=True).exists()


# --- The token endpoint (the wallet, anonymous) -----------------------------------------------


def _authorization_details(raw: str | None) -> bool:
    """Whether the wallet asked, by authorization details, for our one configuration."""
    if raw is None:
        return False
    try:
        details = json.loads(raw)
    except json.JSONDecodeError as error:
        raise WalletError(
            "invalid_authorization_details", "authorization_details is not JSON."
        ) from error
    except RecursionError:  # thousands of nested arrays: no detail is built like that
        raise WalletError(
            "invalid_authorization_details", "authorization_details nests too deeply."
        ) from None
    if not isinstance(details, list) or not details:
        raise WalletError(
            "invalid_authorization_details", "authorization_details must be a non-empty array."
        )
    for detail in details:
        if not isinstance(detail, dict) or detail.get("type") != "openid_credential":
            raise WalletError(
                "invalid_authorization_details", "Only the openid_credential type is supported."
            )
        if detail.get("credential_configuration_id") != CONFIGURATION_ID:
            raise WalletError(
                "invalid_authorization_details",
                f"Only the credential configuration {CONFIGURATION_ID} is offered.",
            )
    return True


def _tx_code_refusal(offer: WalletOffer, tx_code: str | None) -> WalletError | None:
    """Why the transaction code is refused, if it is; a wrong one is counted (and saved)."""
    if not offer.tx_code_hash:
        if tx_code is not None:
            return WalletError("invalid_request", "This offer has no transaction code.")
        return None
    if not tx_code:
        return WalletError("invalid_request", "This offer needs its transaction code (tx_code).")
    if secrets.compare_digest(_digest(tx_code), offer.tx_code_hash):
        return None
    offer.tx_code_failures += 1
    fields = ["tx_code_failures"]
    if offer.tx_code_failures >= TX_CODE_ATTEMPTS:  # guessing: the code works no more
        offer.code_used_at = timezone.now()
        fields.append("code_used_at")
    offer.save(update_fields=fields)
    return WalletError("invalid_grant", "The transaction code is wrong.")


def _code_redeem(
    code: str, tx_code: str | None, names_identifier: bool
) -> tuple[WalletOffer, str] | WalletError:
    """Trade the code for a token, once; a refusal is returned (not raised) so that what it
    records (a wrong transaction code, a replay) is committed."""
    now = timezone.now()
    offer = (
        WalletOffer.objects.select_for_update(of=("self", "certificate"))
        .select_related("certificate", "certificate__holder")
        .filter(code_hash=_digest(code))
        .first()
    )
    if offer is None or offer.code_expires_at <= now:
        return WalletError("invalid_grant", "The pre-authorized code is unknown or expired.")
    if offer.code_used_at is not None:
        if offer.token_hash:  # a replayed code: the token it bought stops working too
            WalletOffer.objects.filter(pk=offer.pk).update(token_expires_at=now)
        return WalletError("invalid_grant", "The pre-authorized code was already used.")
    refusal = _tx_code_refusal(offer, tx_code)
    if refusal is not None:
        return refusal
    if not certificate_in_force(offer.certificate):
        return WalletError("invalid_grant", "The certificate is no longer valid.")
    if _holder_gone(offer.certificate):
        return WalletError("invalid_grant", "The offer was withdrawn.")
    token = secrets.token_urlsafe(32)
    offer.code_used_at = now
    offer.token_hash = _digest(token)
    offer.token_expires_at = now + TOKEN_LIFETIME
    offer.token_names_identifier = names_identifier
    offer.save(
        update_fields=["code_used_at", "token_hash", "token_expires_at", "token_names_identifier"]
    )
    return offer, token


def wallet_token_issue(
    *,
    grant_type: str | None,
    code: str | None,
    tx_code: str | None = None,
    authorization_details: str | None = None,
) -> dict[str, Any]:
    """The Token Response for a pre-authorized code, used once. A code sent again is refused
    and the token it was exchanged for stops working (OAuth's rule for a replayed code)."""
    if not grant_type:
        raise WalletError("invalid_request", "grant_type is missing.")
    if grant_type != PRE_AUTHORIZED_GRANT:
        raise WalletError("unsupported_grant_type", f"Only {PRE_AUTHORIZED_GRANT} is supported.")
    if not code:
        raise WalletError("invalid_request", "pre-authorized_code is missing.")
    names_identifier = _authorization_details(authorization_details)
    with transaction.atomic():
        redeemed = _code_redeem(code, tx_code, names_identifier)
    if isinstance(redeemed, WalletError):
        raise redeemed
    offer, token = redeemed
    response: dict[str, Any] = {
        # RFC 6749: the type is case-insensitive; Digital Bazaar's client wants it lowercase.
        "access_token": token,
        "token_type": "bearer",
        "expires_in": int(TOKEN_LIFETIME.total_seconds()),
    }
    if names_identifier:
        response["authorization_details"] = [
            {
                "type": "openid_credential",
                "credential_configuration_id": CONFIGURATION_ID,
                "credential_identifiers": [_identifier(offer.certificate)],
            }
        ]
    return response


def _identifier(certificate: Certificate) -> str:
    return f"certificate-{certificate.number}"


# --- The nonce endpoint (anonymous) -----------------------------------------------------------


def wallet_nonce_issue() -> dict[str, Any]:
    """A fresh `c_nonce` (unpredictable, single use, short-lived); expired ones are swept."""
    now = timezone.now()
    WalletNonce.objects.filter(expires_at__lt=now).delete()
    value = secrets.token_urlsafe(24)
    WalletNonce.objects.create(value_hash=_digest(value), expires_at=now + NONCE_LIFETIME)
    return {"c_nonce": value}


def _nonce_spend(value: str) -> bool:
    deleted, _ = WalletNonce.objects.filter(
        value_hash=_digest(value), expires_at__gt=timezone.now()
    ).delete()
    return deleted > 0


# --- The credential endpoint (the wallet, with its access token) ------------------------------


def wallet_offer_for_token(token: str | None) -> WalletOffer:
    """The offer an access token was issued for, while the token lasts."""
    if not token:
        raise WalletError("invalid_token", "The access token is missing.", status=401)
    offer = (
        WalletOffer.objects.select_related(
            "certificate", "certificate__program", "certificate__holder"
        )
        .filter(token_hash=_digest(token))
        .first()
    )
    if offer is None or offer.token_expires_at is None or offer.token_expires_at <= timezone.now():
        raise WalletError("invalid_token", "The access token is unknown or expired.", status=401)
    return offer


def _requested(offer: WalletOffer, request: dict[str, Any]) -> None:
    """The request names our one credential, by identifier or by configuration."""
    identifier = request.get("credential_identifier")
    configuration = request.get("credential_configuration_id")
    if identifier is not None and configuration is not None:
        raise WalletError(
            "invalid_credential_request",
            "Send credential_identifier or credential_configuration_id, not both.",
        )
    if identifier is not None:
        if identifier != _identifier(offer.certificate):
            raise WalletError("unknown_credential_identifier", "Unknown credential_identifier.")
    elif configuration is not None:
        if configuration != CONFIGURATION_ID:
            raise WalletError(
                "unknown_credential_configuration", f"Only {CONFIGURATION_ID} is offered."
            )
    else:
        raise WalletError(
            "invalid_credential_request",
            "credential_identifier or credential_configuration_id is required.",
        )


def _proof_jwt(request: dict[str, Any]) -> Any:
    """The one `jwt` proof: `proofs: {"jwt": [...]}`, or the older singular `proof` object."""
    proofs = request.get("proofs")
    if isinstance(proofs, dict):
        # Digital Bazaar's client (before 5.12.1) also sends "proof_type": "jwt" in it.
        types = {k for k in proofs if not (k == "proof_type" and proofs[k] == "jwt")}
        if types != {"jwt"}:
            raise WalletError("invalid_proof", "Only the jwt proof type is supported.")
        jwts = proofs["jwt"]
        if not isinstance(jwts, list) or len(jwts) != 1:
            raise WalletError("invalid_proof", "Send exactly one jwt proof.")
        return jwts[0]
    proof = request.get("proof")
    if isinstance(proof, dict) and proof.get("proof_type") == "jwt":
        return proof.get("jwt")
    raise WalletError("invalid_proof", "A jwt proof of possession of the holder's key is required.")


def wallet_credential_issue(*, token: str | None, request: Any) -> dict[str, Any]:
    """The Credential Response: the certificate's credential with `credentialSubject.id` the
    DID whose key signed the proof, recorded in `WalletIssuance`."""
    offer = wallet_offer_for_token(token)
    if not isinstance(request, dict):
        raise WalletError("invalid_credential_request", "The request must be a JSON object.")
    _requested(offer, request)
    certificate = offer.certificate
    now = timezone.now()
    try:
        proof = holder.proof_jwt_verify(
            _proof_jwt(request), audience=issuer_identifier(), now=now.timestamp()
        )
    except holder.ProofError as error:
        raise WalletError(error.code, error.message) from error
    if not certificate_in_force(certificate):
        raise WalletError("credential_request_denied", "The certificate is no longer valid.")
    if _holder_gone(certificate):
        raise WalletError("credential_request_denied", "The offer was withdrawn.")
    if not _nonce_spend(proof.nonce):
        raise WalletError(
            "invalid_nonce", "The proof's nonce is unknown, used or expired: get a new one."
        )
    credential_id = uuid.uuid4()
    credential = certificate_credential_sign(
        certificate=certificate, now=now, holder_did=proof.did, credential_id=credential_id
    )
    WalletIssuance.objects.create(
        certificate=certificate,
        offer=offer,
        holder_did=proof.did,
        credential_id=credential_id,
        issued_at=now,
    )
    audit_record(
        actor=None,
        verb="certificates.wallet_credential_issued",
        target=certificate,
        data={"credential_id": str(credential_id), "holder_did": proof.did[:200]},
    )
    return {"credentials": [{"credential": credential}]}
