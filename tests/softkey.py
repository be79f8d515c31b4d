"""A security key in software, for tests of the server's side of WebAuthn: it answers the
options a page gives its browser (`creation_options`, `request_options`) as a browser with a
key would, signing with its own P-256 key, for the origin it is told it was opened on.

Browser tests use Chromium's virtual authenticator instead (tests/browser/test_security_keys.py).
"""

import hashlib
import json
import os
import re
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

FLAGS = AuthenticatorData.FLAG
JS_DATA = re.compile(r'<script id="js_data" type="application/json">(.*?)</script>', re.S)


def js_data(html: str) -> dict[str, Any]:
    """The options a page hands its script (allauth's `js_data`), as the browser reads them."""
    found = JS_DATA.search(html)
    assert found, "the page gives its script no WebAuthn options"
    return json.loads(found.group(1))


class SoftKey:
    def __init__(self, *, passkey: bool = False) -> None:
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.passkey = passkey
        self.user_handle = ""
        self.counter = 0

    def _id(self) -> dict[str, str]:
        encoded = websafe_encode(self.credential_id)
        return {"id": encoded, "rawId": encoded, "type": "public-key"}

    def create(self, creation_options: dict[str, Any], *, origin: str) -> str:
        """The credential a browser posts after `navigator.credentials.create`, as JSON."""
        options = creation_options["publicKey"]
        self.user_handle = options["user"]["id"]
        client_data = CollectedClientData.create(
            type="webauthn.create", challenge=options["challenge"], origin=origin
        )
        public_key = ES256.from_cryptography_key(self.private.public_key())
        credential = AttestedCredentialData.create(b"\0" * 16, self.credential_id, public_key)
        auth_data = AuthenticatorData.create(
            hashlib.sha256(options["rp"]["id"].encode()).digest(),
            FLAGS.UP | FLAGS.UV | FLAGS.AT,
            0,
            credential,
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return json.dumps(
            {
                **self._id(),
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "attestationObject": websafe_encode(attestation),
                },
                "clientExtensionResults": {"credProps": {"rk": self.passkey}},
            }
        )

    def get(self, request_options: dict[str, Any], *, origin: str, verified: bool = True) -> str:
        """The answer a browser posts after `navigator.credentials.get`, as JSON; `verified`
        False: the key was touched but did not check its user (no PIN, fingerprint or face)."""
        options = request_options["publicKey"]
        client_data = CollectedClientData.create(
            type="webauthn.get", challenge=options["challenge"], origin=origin
        )
        self.counter += 1
        auth_data = AuthenticatorData.create(
            hashlib.sha256(options["rpId"].encode()).digest(),
            FLAGS.UP | FLAGS.UV if verified else FLAGS.UP,
            self.counter,
        )
        signature = self.private.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        response = {
            "clientDataJSON": websafe_encode(client_data),
            "authenticatorData": websafe_encode(auth_data),
            "signature": websafe_encode(signature),
        }
        if self.passkey:
            response["userHandle"] = self.user_handle
        return json.dumps({**self._id(), "response": response, "clientExtensionResults": {}})
