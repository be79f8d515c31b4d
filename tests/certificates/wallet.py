"""A wallet for the tests: its own key (Ed25519 as did:key, or P-256 as did:jwk), and the
OpenID4VCI 1.0 requests a wallet sends, through Django's test client, as anonymous calls."""

import base64
import json
import re
import time
import warnings
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.test import Client
from joserfc import jws
from joserfc.jwk import ECKey, OKPKey

from certify.certificates.credentials.keys import base58btc_encode

PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION_ID = "OpenBadgeCredential_ldp_vc"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


class Wallet:
    """A holder's wallet: one key pair and the DID that names it."""

    def __init__(self, method: str = "did:key") -> None:
        self.client = Client()  # a wallet has no session: every call is anonymous
        if method == "did:key":
            self.key: OKPKey | ECKey = OKPKey.generate_key("Ed25519")
            raw = b64url_decode(self.key.as_dict(private=False)["x"])
            identifier = base58btc_encode(b"\xed\x01" + raw)
            self.did, self.kid, self.alg = (
                f"did:key:{identifier}",
                f"did:key:{identifier}#{identifier}",
                "EdDSA",
            )
        else:
            self.key = ECKey.generate_key("P-256")
            public = json.dumps(self.key.as_dict(private=False), separators=(",", ":"))
            self.did = "did:jwk:" + b64url(public.encode())
            self.kid, self.alg = self.did + "#0", "ES256"

    # --- what a wallet sends ------------------------------------------------------------------

    def proof(self, nonce: str | None, *, signer: "Wallet | None" = None, **changes: Any) -> str:
        """A `jwt` key proof for `nonce`; `signer` signs it with another wallet's key (a forgery);
        `changes` replace header (`typ`, `kid`, `alg`) or claim (`aud`, `iat`) values, or drop
        them when None."""
        header = {"typ": "openid4vci-proof+jwt", "alg": self.alg, "kid": self.kid}
        claims: dict[str, Any] = {"aud": settings.SITE_URL, "iat": int(time.time())}
        if nonce is not None:
            claims["nonce"] = nonce
        for name, value in changes.items():
            target = header if name in ("typ", "kid", "alg", "jwk") else claims
            if value is None:
                target.pop(name, None)
            else:
                target[name] = value
        key = (signer or self).key
        payload = json.dumps(claims).encode()
        with warnings.catch_warnings():  # RFC 9864 prefers "Ed25519"; wallets send "EdDSA"
            warnings.simplefilter("ignore")
            # jws, not jwt.encode: that would add "typ": "JWT" where a test leaves typ out
            return jws.serialize_compact(
                header, payload, key, algorithms=[header.get("alg", self.alg)]
            )

    def token(self, code: str, **extra: str) -> Any:
        data = {"grant_type": PRE_AUTHORIZED, "pre-authorized_code": code, **extra}
        return self.client.post("/oid4vci/token", data)

    def nonce(self) -> str:
        answer = self.client.post("/oid4vci/nonce")
        assert answer.status_code == 200, answer.content
        assert answer["Cache-Control"] == "no-store"
        return answer.json()["c_nonce"]

    def credential(self, token: str | None, body: dict[str, Any]) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return self.client.post(
            "/oid4vci/credential", json.dumps(body), content_type="application/json", **headers
        )

    def request(self, token: str, proof: str, **body: Any) -> Any:
        return self.credential(
            token,
            {"credential_configuration_id": CONFIGURATION_ID, "proofs": {"jwt": [proof]}, **body},
        )

    def receive(self, offer: dict[str, Any]) -> dict[str, Any]:
        """The whole flow from an offer: token, nonce, proof, credential; the credential."""
        code = offer["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
        answer = self.token(code)
        assert answer.status_code == 200, answer.content
        token = answer.json()["access_token"]
        received = self.request(token, self.proof(self.nonce()))
        assert received.status_code == 200, received.content
        return received.json()["credentials"][0]["credential"]


def once(client: Client) -> dict[str, str]:
    """The one-time token the certificates page's wallet form carries now (ADR 0043)."""
    found = re.search(r'name="once" value="([^"]+)"', client.get("/certificates/").text)
    return {"once": found.group(1)} if found else {}


def offer_make(client: Client, certificate: Any, **form: str) -> tuple[dict[str, Any], Any]:
    """The holder (signed in on `client`) makes an offer; the offer object read from the deep
    link the page shows, and the page."""
    page = client.post(f"/certificates/{certificate.number}/wallet/", {**form, **once(client)})
    assert page.status_code == 200, page.content
    text = page.content.decode()
    start = text.index('href="openid-credential-offer://') + len('href="')
    link = text[start : text.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    return json.loads(query["credential_offer"][0]), page


def code_of(offer: dict[str, Any]) -> str:
    return offer["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
