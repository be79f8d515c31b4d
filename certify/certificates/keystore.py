"""The issuer's private keys, encrypted at rest.

Private keys are stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived
(HKDF-SHA256) from `CREDENTIAL_KEY_SECRET`, or from `SECRET_KEY` when that is not set. Several
comma-separated secrets may be given: the first encrypts, every one decrypts, so the secret can
be rotated. A leaked database alone does not reveal the keys.
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _fernet_for(secret: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"certify.issuer-keys", info=b"fernet"
    ).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def _secrets() -> tuple[str, ...]:
    secrets = tuple(getattr(settings, "CREDENTIAL_KEY_SECRETS", [])) or (settings.SECRET_KEY,)
    if not any(secrets):
        raise ImproperlyConfigured("Set CREDENTIAL_KEY_SECRET (or SECRET_KEY) to sign credentials.")
    return secrets


def _fernet(secrets: tuple[str, ...] | None = None) -> MultiFernet:
    return MultiFernet([_fernet_for(s) for s in (secrets or _secrets()) if s])


def private_key_encrypt(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return _fernet().encrypt(raw).decode("ascii")


def private_key_decrypt(token: str) -> Ed25519PrivateKey:
    """The private key in `token`. Decrypted once per process and secrets (ADR 0057): signing a
    thousand credentials does not derive and decrypt a thousand times."""
    return _decrypted(token, _secrets())


@lru_cache(maxsize=8)
def _decrypted(token: str, secrets: tuple[str, ...]) -> Ed25519PrivateKey:
    try:
        raw = _fernet(secrets).decrypt(token.encode("ascii"))
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An issuer key cannot be decrypted: CREDENTIAL_KEY_SECRET (or SECRET_KEY) changed. "
            "Put the old secret after the new one, comma-separated."
        ) from error
    return Ed25519PrivateKey.from_private_bytes(raw)
