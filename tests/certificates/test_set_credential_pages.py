"""The holder's sets and learner record (CLR 2.0): listed and downloadable by the holder only
(and a set's credential by staff); the CLR conforms, verifies with both verifiers, and a changed
one is refused; staff revoke one set's credential on its page (ADR 0035)."""

import copy
import json

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.certificates import services
from certify.certificates.models import SetCredential
from tests.certificates.clr_conformance import assert_clr_valid
from tests.certificates.conformance import assert_ob3_valid
from tests.certificates.conftest import certificate_per_module, nearly_done, require_node
from tests.certificates.test_node_verifier import node_verify
from tests.conftest import count_queries
from tests.factories import UserFactory

# The certificate is built once for this module's tests, which read it or change it only in the
# database (each test's savepoint is rolled back): tests/shared.py.
program, certificate = certificate_per_module()

OTHERS = [Role.CANDIDATE, Role.REVIEWER, Role.PROVIDER]


def _set_url(item: SetCredential) -> str:
    return f"/certificates/sets/{item.credential_id}/credential.json"


def _clr_url(program) -> str:
    return f"/certificates/record/{program.slug}/clr.json"


def test_the_holder_sees_each_set_and_downloads_its_credential(client, certificate):
    client.force_login(certificate.holder)
    page = client.get("/certificates/").text
    items = list(SetCredential.objects.filter(holder=certificate.holder))
    for item in items:
        assert item.set_name in page
        assert _set_url(item) in page
        response = client.get(_set_url(item))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert json.loads(response.content) == item.credential
    assert _clr_url(certificate.program) in page


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_gets_a_sets_credential_or_the_record(client, certificate, role):
    item = SetCredential.objects.filter(holder=certificate.holder).first()
    client.force_login(UserFactory(roles=[role]))
    assert client.get(_set_url(item)).status_code == 404  # as an unknown credential
    assert client.get(_clr_url(certificate.program)).status_code == 404
    assert item.set_name not in client.get("/certificates/").text


def test_staff_get_a_sets_credential_but_not_someone_elses_record(client, certificate, staff_user):
    item = SetCredential.objects.filter(holder=certificate.holder).first()
    client.force_login(staff_user)
    assert client.get(_set_url(item)).status_code == 200
    assert client.get(_clr_url(certificate.program)).status_code == 404


def test_the_holders_page_costs_the_same_queries_for_few_or_many_sets(client, program):
    application, _ = nearly_done(program, name="Few Sets")
    services.set_credentials_ensure(application=application)
    client.force_login(application.candidate)
    page = client.get("/certificates/").text
    items = list(SetCredential.objects.filter(holder=application.candidate))
    assert len(items) == 2
    assert all(item.set_name in page for item in items)
    two = count_queries(lambda: client.get("/certificates/"))
    items[0].delete()
    one = count_queries(lambda: client.get("/certificates/"))
    assert one == two


def _record(client, certificate):
    client.force_login(certificate.holder)
    response = client.get(_clr_url(certificate.program))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_record_holds_every_set_and_the_certificate_and_conforms(client, certificate):
    record = _record(client, certificate)
    assert_clr_valid(record)
    nested = record["credentialSubject"]["verifiableCredential"]
    for item in nested:
        assert_ob3_valid(item)
    sets = SetCredential.objects.filter(holder=certificate.holder)
    assert [n["id"] for n in nested] == [f"urn:uuid:{s.credential_id}" for s in sets] + [
        f"urn:uuid:{certificate.credential_id}"
    ]
    assert nested[-1] == certificate.credential  # nested exactly as issued
    associations = record["credentialSubject"]["association"]
    assert {a["associationType"] for a in associations} == {"isChildOf"}
    result = services.credential_verify(document=record)
    assert (result.status, result.signature_valid) == ("valid", True), result.problems
    assert sum(1 for label, _ in result.checks if "in the record" in label) == 4


def test_a_changed_record_is_refused(client, certificate):
    record = _record(client, certificate)
    changed = copy.deepcopy(record)
    changed["credentialSubject"]["verifiableCredential"][0]["evidence"][0]["name"] = "Portfolio"
    result = services.credential_verify(document=changed)
    assert not result.signature_valid
    assert result.status == "invalid"


def test_a_record_with_a_revoked_set_says_so(client, certificate, staff_user):
    record = _record(client, certificate)
    item = SetCredential.objects.filter(holder=certificate.holder).first()
    services.set_credential_revoke(set_credential=item, actor=staff_user, reason="Wrong course.")
    result = services.credential_verify(document=record)
    assert result.signature_valid
    assert result.status == "revoked"
    assert any(item.set_name in problem for problem in result.problems)
    # A record downloaded now leaves the revoked set out.
    fresh = _record(client, certificate)
    ids = [n["id"] for n in fresh["credentialSubject"]["verifiableCredential"]]
    assert f"urn:uuid:{item.credential_id}" not in ids
    assert services.credential_verify(document=fresh).status == "valid"


def test_the_record_form_of_the_site_check_accepts_a_record(client, certificate):
    record = _record(client, certificate)
    response = client.post(
        "/verify/credential/", {"text": json.dumps(record)}, HTTP_ACCEPT="text/html"
    )
    assert response.status_code == 200
    assert "in the record" in response.text


def _served(client, documents_of):
    did = client.get("/.well-known/did.json").json()
    documents = {did["id"]: did}
    for credential in documents_of:
        entries = credential["credentialStatus"]
        for entry in entries if isinstance(entries, list) else [entries]:
            url = entry["statusListCredential"]
            path = "/" + url.split("://", 1)[1].split("/", 1)[1]
            documents[url] = json.loads(client.get(path).content)
    return documents


@pytest.mark.real_clock  # node checks the status list's dates on its own clock
def test_digital_bazaars_verifier_accepts_the_record_and_refuses_a_changed_or_revoked_one(
    client, certificate, staff_user, tmp_path
):
    require_node()
    record = _record(client, certificate)
    nested = record["credentialSubject"]["verifiableCredential"]
    changed = copy.deepcopy(record)
    changed["credentialSubject"]["verifiableCredential"][0]["name"] = "Forged"
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    before = node_verify(
        tmp_path, _served(client, nested), {"clr": record, "changed": changed}, now=now
    )
    assert before["clr"]["verified"] is True, before["clr"]["error"]
    assert len(before["clr"]["nested"]) == 4
    assert before["changed"]["verified"] is False
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    after_dir = tmp_path / "after"
    after_dir.mkdir()
    after = node_verify(after_dir, _served(client, nested), {"clr": record}, now=now)["clr"]
    assert after["verified"] is False
    assert all(n["status"]["revocation"] for n in after["nested"])


def test_staff_revoke_a_sets_credential_on_its_page(client, certificate, staff_user):
    item = SetCredential.objects.filter(holder=certificate.holder).first()
    client.force_login(staff_user)
    detail = client.get(f"/staff/certificates/{certificate.pk}/").text
    assert f"/staff/certificates/sets/{item.pk}/" in detail
    url = f"/staff/certificates/sets/{item.pk}/"
    assert "Revoke this credential" in client.get(url).text
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Give a reason" in refused.text
    done = client.post(url, {"reason": "The course was not approved for this set."})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == SetCredential.Status.REVOKED
    assert "Revoke this credential" not in client.get(url).text


@pytest.mark.parametrize(
    ("short_name", "header"),
    [
        ('LS"SCP', 'attachment; filename="learner-record-ls\\"scp.json"'),
        ("Técnico", "attachment; filename*=utf-8''learner-record-t%C3%A9cnico.json"),
    ],
)
def test_the_records_file_name_is_one_parameter_whatever_the_short_name(
    client, certificate, short_name, header
):
    """The download's name holds the program's short name, which staff type: a quote ended the
    file name early, and a letter outside ASCII made the whole header MIME-encoded words."""
    type(certificate.program).objects.filter(pk=certificate.program_id).update(
        short_name=short_name
    )
    client.force_login(certificate.holder)
    response = client.get(_clr_url(certificate.program))
    assert response.status_code == 200
    assert response["Content-Disposition"] == header
