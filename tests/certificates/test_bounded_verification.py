"""Checking a credential someone sends cannot be stalled: the limits before any JSON-LD work, the
work budget during canonicalization, and a credential Certify issued answered from what was kept.
Both doors (the API and the form) go through one entry point and refuse in the same words."""

import html
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.certificates import services
from certify.certificates.credentials import bounds, canon, rdfc
from certify.certificates.credentials.verify import verify_credential
from certify.certificates.forms import CredentialForm
from certify.certificates.models import IssuerKey
from certify.certificates.services.credential_check import status_from_record
from tests.certificates.conftest import certificate_per_module, finish, nearly_done
from tests.certificates.credentials import tampered
from tests.certificates.hostile import nested, padded, poison, with_blank_nodes

# The certificate is built once for this module's tests, which read it or change it only in the
# database (each test's savepoint is rolled back): tests/shared.py.
program, certificate = certificate_per_module()

API = "/api/v1/certificates/verify-credential"
FORM = "/verify/credential/"
TOO_COMPLEX = "This credential is built in a way that would take too long to check"


def api(client, body: str):
    return client.post(API, data=body, content_type="application/json")


def form(client, text: str):
    return client.post(FORM, {"text": text})


def refused_alike(client, text: str, *, status: int, kind: str) -> str:
    """Send `text` through both doors; both refuse it with `status` and the same words."""
    response = api(client, text)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == f"/api/v1/problems/{kind}"
    page = form(client, text)
    assert page.status_code == status
    shown = html.unescape(page.text)
    assert problem["detail"] in shown
    assert "The credential cannot be trusted" not in shown  # refused, not checked
    return problem["detail"]


@pytest.fixture
def canonicalizations(monkeypatch):
    """Every canonicalization from now on, counted (the API, the form and the status lists all
    canonicalize through `canon.canonize`)."""
    calls: list[int] = []
    real = canon.canonize

    def counting(document, **kwargs):
        calls.append(1)
        return real(document, **kwargs)

    monkeypatch.setattr(canon, "canonize", counting)
    return calls


# --- Poison: refused by the work budget, at once, in the same words at both doors ---------------


@pytest.mark.parametrize("nodes", [7, 8])
def test_a_poison_credential_is_refused_at_both_doors_in_plain_words(client, certificate, nodes):
    text = json.dumps(poison(certificate.credential, nodes=nodes))
    detail = refused_alike(client, text, status=422, kind="credential-too-complex")
    assert detail.startswith(TOO_COMPLEX)
    assert "4,000 steps" in detail
    assert api(client, text).json()["limit"] == 4000
    page = form(client, text)
    assert html.escape(text[:40]) in page.text  # what was pasted is kept


def test_the_refusal_comes_from_the_budget_not_the_clock(certificate, settings):
    """With all the time in the world, the seven-node poison stops at the budget's last unit."""
    settings.CREDENTIAL_CHECK_SECONDS = 3600
    with pytest.raises(services.CredentialRefusedError) as refused:
        services.credential_verify(document=poison(certificate.credential))
    stopped = refused.value.__cause__
    assert isinstance(stopped, rdfc.WorkBudgetError)
    assert stopped.reason == "work"
    assert stopped.done <= settings.CREDENTIAL_CHECK_WORK_UNITS < stopped.done + stopped.charge


# --- Limits before any JSON-LD work: the limit passes, one more is refused ----------------------


def test_the_size_limit_is_exact_at_both_doors(client, certificate, canonicalizations):
    at_limit = padded(certificate.credential, bounds.MAX_BYTES)
    assert api(client, at_limit).json()["status"] == "valid"
    assert "The credential is genuine and valid" in form(client, at_limit).text
    detail = refused_alike(
        client,
        padded(certificate.credential, bounds.MAX_BYTES + 1),
        status=413,
        kind="credential-too-large",
    )
    assert detail == (
        "The credential is 65,537 bytes; credentials checked here may be at most 65,536 bytes "
        "(64 KB)."
    )
    assert not canonicalizations


def test_an_uploaded_file_over_the_limit_is_refused_unread(client, db, monkeypatch):
    upload = SimpleUploadedFile("credential.json", b" " * 200_000, "application/json")
    monkeypatch.setattr(CredentialForm, "read", lambda self: pytest.fail("the file was read"))
    page = client.post(FORM, {"file": upload})
    assert page.status_code == 413
    assert "The credential is 200,000 bytes; credentials checked here may be at most" in page.text


def test_the_nesting_limit_is_exact_at_both_doors(client, certificate):
    at_limit = json.dumps(nested(certificate.credential, bounds.MAX_DEPTH))
    assert api(client, at_limit).json()["issuer"]  # checked, not refused
    assert 'id="result-heading"' in form(client, at_limit).text
    detail = refused_alike(
        client,
        json.dumps(nested(certificate.credential, bounds.MAX_DEPTH + 1)),
        status=422,
        kind="credential-too-deep",
    )
    assert detail == (
        "The credential nests objects and lists more than 32 levels deep; credentials checked "
        "here may nest at most 32 levels."
    )


def test_json_nested_beyond_what_the_parser_follows_is_refused_as_too_deep(client, db):
    levels = bounds.MAX_BYTES // 2 - 10  # about 32,000 levels, within the size limit
    detail = refused_alike(
        client, "[" * levels + "]" * levels, status=422, kind="credential-too-deep"
    )
    assert "more than 32 levels deep" in detail


def test_the_blank_node_limit_is_exact_at_both_doors(client, certificate):
    at_limit = json.dumps(with_blank_nodes(certificate.credential, bounds.MAX_BLANK_NODES))
    assert api(client, at_limit).json()["status"] == "invalid"  # checked, not refused
    assert 'id="result-heading"' in form(client, at_limit).text
    detail = refused_alike(
        client,
        json.dumps(with_blank_nodes(certificate.credential, bounds.MAX_BLANK_NODES + 1)),
        status=422,
        kind="credential-too-many-blank-nodes",
    )
    assert detail.startswith("The credential has 201 unnamed objects (objects without an id")
    assert detail.endswith("may have at most 200.")


def test_text_that_is_not_json_is_refused_by_the_api_as_a_problem(client, db):
    response = api(client, '{"a": ')
    assert response.status_code == 400
    assert response.json()["type"] == "/api/v1/problems/credential-not-json"
    assert response.json()["detail"].startswith(
        "This is not a credential that can be read: its text is damaged or cut short at line 1, "
        "column 7."
    )


# --- A credential Certify issued: answered from what was kept ------------------------------------


def test_an_issued_credential_is_answered_without_canonicalizing(
    client, certificate, canonicalizations
):
    text = json.dumps(certificate.credential)
    assert api(client, text).json()["status"] == "valid"
    assert "The credential is genuine and valid" in form(client, text).text
    reordered = json.dumps(dict(reversed(list(certificate.credential.items()))), indent=4)
    assert api(client, reordered).json()["verified"] is True  # the digest ignores the layout
    assert not canonicalizations


def test_a_tampered_copy_of_an_issued_credential_gets_the_full_check(
    client, certificate, canonicalizations
):
    changed = tampered(
        certificate.credential, ("credentialSubject", "identifier", 0, "identityHash")
    )
    answer = api(client, json.dumps(changed)).json()
    assert answer["signature_valid"] is False
    assert answer["problems"] == ["The signature does not match: the content was changed."]
    assert canonicalizations  # checked in full, under the budget


def _full_check(document, now):
    """The check without recognising anything: every signature canonicalized and verified."""
    result = verify_credential(document, resolve=services.credential_resolve, now=now)
    return status_from_record(document, result)


@pytest.mark.parametrize(
    "change", ["valid", "suspend", "revoke", "expired", "replaced", "retired key", "withdrawn key"]
)
def test_the_answer_from_what_was_issued_is_the_full_checks_answer(
    certificate, staff_user, program, canonicalizations, change
):
    now = None
    if change in ("suspend", "revoke"):
        services.certificate_act(
            certificate=certificate, actor=staff_user, action=change, reason="Checked."
        )
    elif change == "expired":
        now = certificate.issued_at + timedelta(days=365 * 6)
    elif change == "replaced":
        application, last = nearly_done(program, name="Renata Ruiz")
        finish(last)
        services.certificate_replace(
            certificate=certificate, replacement=application.certificate, actor=None
        )
    elif change in ("retired key", "withdrawn key"):
        services.issuer_key_rotate(actor=staff_user, reason="Yearly rotation.")
        if change == "withdrawn key":  # no longer trusted: left out of the DID document
            IssuerKey.objects.filter(status=IssuerKey.Status.RETIRED).delete()
    document = certificate.credential
    canonicalizations.clear()
    recognised = services.credential_verify(document=document, now=now)
    assert not canonicalizations
    full = _full_check(document, now)
    assert canonicalizations or change == "withdrawn key"  # refused before its canonicalization
    assert recognised == full
    expected = {
        "suspend": "suspended",
        "revoke": "revoked",
        "expired": "expired",
        "withdrawn key": "invalid",
    }
    assert recognised.status == expected.get(change, "valid")


def test_a_value_json_does_not_allow_is_refused_in_plain_words(client, db):
    response = api(client, '{"a": NaN}')
    assert response.status_code == 400
    assert response.json()["type"] == "/api/v1/problems/credential-not-json"
    assert "it holds a value no credential has (such as NaN" in response.json()["detail"]
