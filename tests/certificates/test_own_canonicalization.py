"""Certify signs what it builds through `owncanon` (each document shape expanded once, ADR 0057):
the same canonical N-Quads, the same refusals and so the same signatures as the whole pyld path
(`canon`, which verifies what comes from outside), on generated credentials of every kind."""

import copy
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld

from certify.certificates import keystore
from certify.certificates.credentials import (
    canon,
    keys,
    loader,
    owncanon,
    sign,
    stackable,
    statuslist,
)
from certify.certificates.credentials.openbadge import (
    Alignment,
    Evidence,
    ImageRef,
    open_badge_credential,
)
from tests.certificates.credentials import DID, ISSUED, LISTS, SITE, Issuer, badge_data

GENERATED = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)
# Values for IRI positions: URLs, URNs and DIDs (which stand for themselves) and ones that do
# not: relative, a blank node label, a compact IRI of the contexts, a term, spaces, the slot
# marker itself.
ODD_IRIS = [
    "relative/path",
    "_:b0",
    "xsd:string",
    "Certification",
    "https://exa mple.org/",
    "",
    "@id",
    owncanon.SLOT + "1",
    f"{SITE}/programs/lsscp/",
]
IRI = st.one_of(
    st.sampled_from(ODD_IRIS),
    st.builds(
        "https://{}.example/{}".format,
        st.text("abcxyz", min_size=1, max_size=6),
        st.text("abc/-_.~%?#=&", max_size=10),
    ),
    st.uuids().map(lambda u: f"urn:uuid:{u}"),
    st.text("abcdef", min_size=1, max_size=8).map(lambda h: f"did:web:{h}.example"),
)
MOMENT = st.datetimes(  # naive bounds, as hypothesis asks; the values are in UTC
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime(2090, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def outcome(canonize, document):
    """The canonical N-Quads, or the refusal (its type and words)."""
    try:
        return canonize(copy.deepcopy(document))
    except canon.CanonicalizationError as error:
        return (type(error).__name__, str(error))


def assert_same(document):
    expected = outcome(canon.canonize, document)
    assert outcome(owncanon.canonize, document) == expected
    assert outcome(owncanon.canonize, document) == expected  # the template, kept, again


alignments = st.lists(
    st.builds(
        Alignment,
        name=TEXT,
        url=IRI,
        case_identifier=TEXT,
        framework=TEXT,
        description=st.one_of(st.just(""), TEXT),
    ),
    max_size=4,
).map(tuple)
evidence = st.lists(st.builds(Evidence, id=IRI, name=TEXT, narrative=TEXT), max_size=3).map(tuple)
images = st.one_of(st.none(), st.builds(ImageRef, url=IRI, caption=TEXT))


@GENERATED
@given(
    holder=TEXT,
    number=TEXT,
    credential_id=IRI,
    achievement_id=IRI,
    issuer_id=IRI,
    criteria_url=IRI,
    criteria_narrative=TEXT,
    alignments=alignments,
    evidence=evidence,
    subject_id=st.one_of(st.just(""), IRI),
    achievement_image=images,
    issuer_email=st.one_of(st.just(""), TEXT),
    valid_from=MOMENT,
)
def test_certificate_credentials_canonicalize_as_pyld_does(**values):
    holder = values.pop("holder")
    assert_same(open_badge_credential(badge_data(holder=holder, **values)))


set_data = st.builds(
    stackable.SetBadgeData,
    credential_id=IRI,
    issuer=st.builds(stackable.Issuer, id=IRI, name=TEXT, url=IRI, email=TEXT),
    program_name=TEXT,
    achievement_id=IRI,
    set_name=TEXT,
    set_code=TEXT,
    set_description=TEXT,
    criteria_url=IRI,
    criteria_narrative=TEXT,
    alignment=st.builds(
        Alignment, name=TEXT, url=IRI, case_identifier=TEXT, framework=TEXT, description=TEXT
    ),
    holder_name=TEXT,
    route_label=TEXT,
    route_narrative=TEXT,
    completed_at=MOMENT,
    valid_from=MOMENT,
    status_entry=st.builds(
        statuslist.entry, list_url=IRI, index=st.integers(0, 131_071), purpose=st.just("revocation")
    ),
)


@GENERATED
@given(data=set_data)
def test_set_credentials_canonicalize_as_pyld_does(data):
    assert_same(stackable.set_credential(data))


@GENERATED
@given(
    holders=st.lists(TEXT, min_size=1, max_size=3),
    name=TEXT,
    record_id=IRI,
    associations=st.lists(
        st.builds(
            stackable.Association,
            kind=st.sampled_from(["isChildOf", "isPartOf", "exactMatchOf"]),
            source_id=IRI,
            target_id=IRI,
        ),
        max_size=3,
    ),
)
def test_clr_records_canonicalize_as_pyld_does(holders, name, record_id, associations):
    issuer = Issuer()
    record = stackable.clr_credential(
        credential_id=record_id,
        issuer=stackable.Issuer(id=DID, name="ALA-APA", url=f"{SITE}/"),
        name=name,
        description=name,
        holder_name=holders[0],
        valid_from=ISSUED,
        credentials=[issuer.issue(holder=h) for h in holders],
        associations=associations,
    )
    assert_same(record)


@GENERATED
@given(method=IRI, created=MOMENT)
def test_proof_options_canonicalize_as_pyld_does(method, created):
    document = open_badge_credential(badge_data(holder="Dana Okafor"))
    options = sign.proof_options(verification_method=method, created=created)
    assert_same({"@context": document["@context"], **options})


def _documents():
    """One of each kind Certify signs: certificate (LSSCP-sized, with set evidence), set, CLR
    with associations, status list."""
    issuer = Issuer()
    sets = tuple(
        Alignment(f"Set {n}", f"{SITE}/sets/{n}/", f"case-{n}", "LSSCP", "About it." * (n % 2))
        for n in range(10)
    )
    certificate = open_badge_credential(
        badge_data(
            holder="Zoë Okafor 王小明 محمد",
            alignments=sets,
            evidence=tuple(Evidence(f"urn:uuid:{n}", f"Set {n}", "Done.") for n in range(3)),
        )
    )
    data = badge_data(holder="Dana Okafor")
    one_set = stackable.set_credential(
        stackable.SetBadgeData(
            credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
            issuer=stackable.Issuer(id=DID, name=data.issuer_name, url=data.issuer_url),
            program_name=data.achievement_name,
            achievement_id=sets[0].url,
            set_name="Set 0",
            set_code="S0",
            set_description="",
            criteria_url=data.criteria_url,
            criteria_narrative="Show each competency.",
            alignment=sets[0],
            holder_name="Dana Okafor",
            route_label="Portfolio",
            route_narrative='Portfolio "passed",\nwith a note.',
            completed_at=ISSUED,
            valid_from=ISSUED,
            status_entry=data.status_entry,
        )
    )
    signed_set = sign.sign(
        one_set, private_key=issuer.keys[-1], verification_method="did:x:y#k", created=ISSUED
    )
    record = stackable.clr_credential(
        credential_id="urn:uuid:00000000-0000-4000-8000-0000000000ff",
        issuer=stackable.Issuer(id=DID, name=data.issuer_name, url=data.issuer_url),
        name="Record",
        description="Every credential.",
        holder_name="Dana Okafor",
        valid_from=ISSUED,
        credentials=[issuer.issue(), signed_set],
        associations=[stackable.Association("isChildOf", sets[0].url, data.achievement_id)],
    )
    status = statuslist.list_credential(
        list_url=LISTS["revocation"],
        issuer=DID,
        purpose="revocation",
        bits=statuslist.empty(),
        valid_from="2026-01-15T15:04:05Z",
    )
    return {"certificate": certificate, "set": one_set, "clr": record, "status list": status}


@pytest.mark.parametrize("kind", ["certificate", "set", "clr", "status list"])
def test_both_paths_sign_the_same_bytes(kind):
    key = keys.key_generate()
    method = keys.verification_method_id(DID, keys.public_key_multibase(key.public_key()))
    for n in range(3):
        document = _documents()[kind]
        document["id"] = f"urn:uuid:00000000-0000-4000-9000-{n:012d}"
        options = sign.proof_options(
            verification_method=method, created=ISSUED + timedelta(minutes=n)
        )
        old = sign.signing_input(document, options)
        assert sign.own_signing_input(document, options) == old
        signed = sign.sign(
            document, private_key=key, verification_method=method, created=options_time(options)
        )
        assert signed["proof"][0]["proofValue"] == keys.base58btc_encode(key.sign(old))


def options_time(options):
    return datetime.strptime(options["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def test_a_shape_is_expanded_once_then_only_labelled():
    documents = [
        open_badge_credential(badge_data(holder=f"Holder {n}", number=f"LSSCP-2026-{n:06d}"))
        for n in range(5)
    ]
    owncanon.canonize(documents[0])
    with mock.patch.object(jsonld, "to_rdf", wraps=jsonld.to_rdf) as to_rdf:
        results = [owncanon.canonize(d) for d in documents[1:]]
    assert to_rdf.call_count == 0
    assert results == [canon.canonize(d) for d in documents[1:]]
    assert len(set(results)) == 4


def test_a_document_holding_the_slot_marker_goes_the_whole_way():
    owncanon.canonize(open_badge_credential(badge_data(holder="Dana")))  # its shape's template
    document = open_badge_credential(badge_data(holder="Dana", credential_id=owncanon.SLOT + "0"))
    with mock.patch.object(jsonld, "to_rdf", wraps=jsonld.to_rdf) as to_rdf:
        nquads = owncanon.canonize(document)
    assert to_rdf.call_count == 1  # the whole pyld path, once
    assert nquads == canon.canonize(document)
    assert f"<{owncanon.SLOT}0>" in nquads


def test_what_the_verifier_refuses_is_refused_when_signing_too():
    document = open_badge_credential(badge_data(holder="Dana"))
    document["credentialSubject"]["favouriteColour"] = "green"
    with pytest.raises(canon.CanonicalizationError, match="favouriteColour"):
        sign.own_signing_input(
            document, sign.proof_options(verification_method=DID, created=ISSUED)
        )
    relative = open_badge_credential(badge_data(holder="Dana", achievement_id="programs/lsscp/"))
    with pytest.raises(canon.CanonicalizationError, match="relative IRI"):
        owncanon.canonize(relative)


def test_the_contexts_are_loaded_once_not_for_every_document():
    loaded, real = [], canon.document_loader

    def counting(url, options=None):
        loaded.append(url)
        return real(url, options)

    jsonld._resolved_context_cache.clear()
    with mock.patch.object(canon, "document_loader", counting):
        for n in range(3):
            canon.canonize(open_badge_credential(badge_data(holder=f"Holder {n}")))
    assert sorted(loaded) == sorted([loader.CREDENTIALS_V2, loader.OPEN_BADGES_V3])


def test_the_issuer_key_is_decrypted_once_per_secret():
    key = keys.key_generate()
    token = keystore.private_key_encrypt(key)
    keystore._decrypted.cache_clear()
    with mock.patch.object(keystore, "_fernet_for", wraps=keystore._fernet_for) as derive:
        first = keystore.private_key_decrypt(token)
        second = keystore.private_key_decrypt(token)
    assert first is second
    assert derive.call_count == 1
    with (
        override_settings(CREDENTIAL_KEY_SECRETS=["another secret"]),
        pytest.raises(ImproperlyConfigured, match="cannot be decrypted"),
    ):
        keystore.private_key_decrypt(token)
