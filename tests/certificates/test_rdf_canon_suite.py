"""The bounded canonicalizer (`credentials/rdfc.py`) against the W3C RDFC-1.0 test suite: every
positive test within the default work budget, and the poison clique (test074c) aborted, as the
specification requires; its output is pyld's, and Certify's own documents cost no work."""

import json
from pathlib import Path

import pytest
from pyld import jsonld
from pyld.jsonld import JsonLdProcessor

from certify.certificates.credentials import canon, loader, rdfc
from certify.certificates.credentials.verify import verify_credential
from tests.certificates.credentials import Issuer
from tests.certificates.hostile import poison

SUITE = Path(__file__).resolve().parent / "rdf_canon"
NOT_RUN = {
    "#test060c": "pyld's N-Quads reader keeps \\u escapes in IRIs (a reader matter: credentials "
    "reach the canonicalizer from JSON-LD, never through that reader)",
    "#test075c": "SHA-384: pyld, like eddsa-rdfc-2022, hashes with SHA-256 only",
}


def _entries():
    manifest = json.loads((SUITE / "manifest.jsonld").read_text(encoding="utf-8"))
    for entry in manifest["entries"]:
        if entry["id"].endswith("c"):
            marks = (
                [pytest.mark.skip(reason=NOT_RUN[entry["id"]])] if entry["id"] in NOT_RUN else []
            )
            yield pytest.param(entry, id=entry["id"][1:], marks=marks)


def _dataset(entry):
    return JsonLdProcessor.parse_nquads((SUITE / entry["action"]).read_text(encoding="utf-8"))


def _budget():
    """The default work budget with no clock: what is tested is the count, on any machine."""
    return rdfc.WorkBudget(seconds=10**6)


@pytest.mark.parametrize("entry", list(_entries()))
def test_the_w3c_suite_within_the_default_budget(entry):
    if entry["type"] == "rdfc:RDFC10NegativeEvalTest":
        with pytest.raises(rdfc.WorkBudgetError) as stopped:
            rdfc.canonize_dataset(_dataset(entry), budget=_budget())
        assert stopped.value.reason == "work"
        assert stopped.value.done <= rdfc.WORK_UNITS
        return
    expected = (SUITE / entry["result"]).read_text(encoding="utf-8")
    assert rdfc.canonize_dataset(_dataset(entry), budget=_budget()) == expected


@pytest.mark.parametrize("nodes", [7, 8])
def test_a_poison_credential_stops_at_the_budget(nodes):
    issuer = Issuer()
    with pytest.raises(rdfc.WorkBudgetError) as stopped:
        verify_credential(
            poison(issuer.issue(), nodes=nodes), resolve=issuer.resolver(), budget=_budget()
        )
    error = stopped.value
    assert error.reason == "work"
    assert error.done <= rdfc.WORK_UNITS < error.done + error.charge  # never more than allowed
    assert str(error).startswith("This credential is built in a way that would take too long")


def test_the_deadline_stops_it_too_with_the_same_words():
    ticks = iter(range(100))
    budget = rdfc.WorkBudget(units=10**9, seconds=2.5, clock=lambda: next(ticks))
    issuer = Issuer()
    with pytest.raises(rdfc.WorkBudgetError) as stopped:
        verify_credential(poison(issuer.issue()), resolve=issuer.resolver(), budget=budget)
    assert stopped.value.reason == "time"
    assert 0 < stopped.value.done < 10**9  # two charges made (clock 1, 2), the third refused (3)
    assert str(stopped.value).startswith("This credential is built in a way")


def test_certifys_documents_canonicalize_as_pyld_does_and_cost_no_work():
    issuer = Issuer()
    documents = [issuer.issue(), issuer.status_list("revocation"), issuer.status_list("suspension")]
    for signed in documents:
        document = {k: v for k, v in signed.items() if k != "proof"}
        budget = _budget()
        expected = jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": loader.document_loader,
            },
        )
        assert canon.canonize(document, budget=budget) == expected
        assert budget.spent == 0
