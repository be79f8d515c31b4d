"""An independent wallet agrees: Digital Bazaar's @digitalbazaar/oid4-client (npm, run with node,
tools/oid4vci-wallet/wallet.mjs) takes the holder's offer from a live server and receives the
certificate's credential bound to its own did:key, which Certify's verifier and Digital Bazaar's
verifier (tools/vc-verify) both accept.

Skipped, with the reason, when node or node_modules is missing; REQUIRE_BROWSER=1 (CI) fails.
"""

import json
import os
import subprocess
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from certify.certificates import services
from certify.certificates.models import WalletIssuance
from certify.certificates.services import wallet
from tests.certificates.conformance import assert_ob3_valid
from tests.certificates.conftest import NODE_PACKAGES, ROOT, finish, nearly_done, require_node
from tests.certificates.test_node_verifier import node_verify

WALLET = ROOT / "tools" / "oid4vci-wallet" / "wallet.mjs"


def require_wallet_client() -> None:
    require_node()
    if not (NODE_PACKAGES / "oid4-client").is_dir():
        reason = "the independent wallet needs node_modules/@digitalbazaar/oid4-client (npm ci)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
        pytest.skip(reason)


def served_documents(credential):
    """The issuer's DID document and the status lists the credential names, as served."""
    documents = {services.issuer_did(): services.did_document()}
    entries = credential["credentialStatus"]
    for entry in entries if isinstance(entries, list) else [entries]:
        url = entry["statusListCredential"]
        documents[url] = services.credential_resolve(url)
    return documents


@pytest.mark.real_clock  # node's wallet checks the credential's times on its own clock
@pytest.mark.django_db(transaction=True)
def test_digital_bazaars_wallet_client_receives_a_credential_bound_to_its_did_key(
    live_server, program, tmp_path
):
    require_wallet_client()
    port = urlsplit(live_server.url).port
    # The client requires https URLs; the script sends loopback https requests over HTTP.
    with override_settings(SITE_URL=f"https://127.0.0.1:{port}"):
        application, last = nearly_done(program, name="Mei-Ling Chen 陳美玲")
        finish(last)
        certificate = application.certificate
        offer = wallet.wallet_offer_create(certificate=certificate, actor=certificate.holder)
        done = subprocess.run(
            ["node", str(WALLET), "--loopback-http", offer.uri],
            capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
        )  # fmt: skip
        answer = json.loads(done.stdout or "{}")
        assert done.returncode == 0, (answer, done.stderr)
        credential = answer["credential"]
        checked = services.credential_verify(document=credential)
        documents = served_documents(credential)

    assert answer["did"].startswith("did:key:z6Mk")
    assert answer["kid"] == f"{answer['did']}#{answer['did'].removeprefix('did:key:')}"
    assert credential["credentialSubject"]["id"] == answer["did"]
    assert_ob3_valid(credential)
    assert WalletIssuance.objects.get().holder_did == answer["did"]
    assert (checked.verified, checked.status) == (True, "valid"), checked
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    node = node_verify(tmp_path, documents, {"it": credential}, now=now)["it"]
    assert node["verified"] is True, node["error"]
