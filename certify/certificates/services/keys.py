"""The issuer's identity (did:web) and its Ed25519 keys: the active one signs; rotation retires
it and keeps it published, so that everything it signed keeps verifying. A compromised key is
withdrawn: no longer published, so nothing it signed verifies (`services.compromise` re-signs
what it signed)."""

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from certify.certificates import keystore
from certify.certificates.credentials import keys
from certify.certificates.models import IssuerKey
from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.core.workflow import System, transition


def issuer_did() -> str:
    """`CREDENTIAL_ISSUER_DID` when set; else the DID recorded when the first key was made (so
    serving the site on another address, `make run ADDR=…`, moves its links but not its DID);
    else, before any key, did:web of `SITE_URL`."""
    configured = getattr(settings, "CREDENTIAL_ISSUER_DID", "")
    if configured:
        return configured
    first = IssuerKey.objects.exclude(did="").order_by("created_at", "id").first()
    return first.did if first is not None else keys.did_web_for(settings.SITE_URL)


def _key_create() -> IssuerKey:
    private = keys.key_generate()
    public = keys.public_key_multibase(private.public_key())
    return IssuerKey.objects.create(
        fragment=public,
        public_key_multibase=public,
        private_key_encrypted=keystore.private_key_encrypt(private),
        did=issuer_did(),
    )


def issuer_key_active() -> IssuerKey:
    """The key that signs now; the first is made on first use (at most one, even at once)."""
    key = IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _key_create()
            audit_record(actor=None, verb="certificates.issuer_key_created", target=key)
            return key
    except IntegrityError:  # another process made it at the same moment
        return IssuerKey.objects.get(status=IssuerKey.Status.ACTIVE)


@dataclass(frozen=True)
class Signer:
    """The issuer's DID, its active private key and that key's verification method id: looked
    up once for everything signed together (a certificate and its sets' credentials)."""

    did: str
    private_key: Ed25519PrivateKey
    method: str


def issuer_signer() -> Signer:
    """Who signs now, in two queries (the DID, the active key)."""
    did = issuer_did()
    key = issuer_key_active()
    return Signer(
        did=did,
        private_key=keystore.private_key_decrypt(key.private_key_encrypted),
        method=keys.verification_method_id(did, key.fragment),
    )


def issuer_signing_key() -> tuple[Ed25519PrivateKey, str]:
    """The active private key and its verification method id."""
    signer = issuer_signer()
    return signer.private_key, signer.method


@transaction.atomic
def issuer_key_rotate(*, actor: Any, reason: str = "") -> IssuerKey:
    """Retire the active key (it stays published) and make a new active one."""
    old = IssuerKey.objects.select_for_update().filter(status=IssuerKey.Status.ACTIVE).first()
    if old is not None:
        old.retired_at = timezone.now()
        transition(
            old,
            "retire",
            actor=actor if actor is not None else System(why="command line"),
            reason=reason,
            update_fields=["retired_at"],
        )
    new = _key_create()
    audit_record(
        actor=actor,
        verb="certificates.issuer_key_rotated",
        target=new,
        reason=reason,
        data={"retired": old.fragment if old else None, "active": new.fragment},
    )
    return new


@transaction.atomic
def issuer_key_withdraw(*, fragment: str, actor: Any, reason: str) -> IssuerKey | None:
    """Stop trusting the key `fragment`: it leaves the DID document and its private key is
    erased. When it was the active key, a new one is made and returned (else None). Withdrawing
    a key already withdrawn changes nothing."""
    key = IssuerKey.objects.select_for_update().filter(fragment=fragment).first()
    if key is None:
        raise DomainError(f"No signing key has the fragment {fragment}: see `issuer_keys list`.")
    if key.status == IssuerKey.Status.COMPROMISED:
        return None
    was_active = key.status == IssuerKey.Status.ACTIVE
    key.retired_at = key.retired_at or timezone.now()
    key.private_key_encrypted = ""  # it never signs again, whoever asks
    transition(
        key,
        "compromise",
        actor=actor if actor is not None else System(why="command line"),
        reason=reason,
        update_fields=["retired_at", "private_key_encrypted"],
    )
    new = _key_create() if was_active else None
    audit_record(
        actor=actor,
        verb="certificates.issuer_key_compromised",
        target=key,
        reason=reason,
        data={"withdrawn": key.fragment, "active": new.fragment if new else None},
    )
    return new


def did_document() -> dict[str, Any]:
    """The issuer's DID document: every active and retired key, never a compromised one.
    Reading it makes none: before the first credential is signed the document lists no key
    (nothing to verify yet)."""
    published = [
        keys.PublishedKey(k.fragment, k.public_key_multibase)
        for k in IssuerKey.objects.exclude(status=IssuerKey.Status.COMPROMISED).order_by(
            "created_at", "id"
        )
    ]
    return keys.did_document(did=issuer_did(), keys=published)
