"""Pages and API: public verification, the holder's downloads and sharing, staff actions."""

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format

from certify.certificates import services
from certify.certificates.credentials import statuslist
from certify.certificates.sharing import linkedin_add_url
from tests.certificates.conftest import certificate_per_module
from tests.hidden import assert_answers_as_unknown

# The certificate is built once for this module's tests, which read it or change it only in the
# database (each test's savepoint is rolled back): tests/shared.py.
program, certificate = certificate_per_module()

# --- Public verification ------------------------------------------------------------------------


def test_the_verification_page_shows_name_program_dates_status_sets_and_nothing_else(
    client, certificate
):
    html = client.get(f"/verify/{certificate.number}/").text
    for shown in (
        "Dana Okafor",
        "Library Support Staff Certification Program",
        certificate.number,
        certificate.issued_on.strftime("%B %-d, %Y"),
        certificate.expires_on.strftime("%B %-d, %Y"),
        "Valid.",
    ):
        assert shown in html
    holder = certificate.holder
    # The sets earned and their routes are shown; the evidence behind them is not.
    for hidden in (holder.email, "Course completed", "Portfolio passed"):
        assert hidden not in html


def test_the_verification_page_reflects_a_revocation_at_once(client, certificate, staff_user):
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud found.")
    html = client.get(f"/verify/{certificate.number}/").text
    assert "Revoked." in html
    assert f"withdrew it on {timezone.localdate():%B %-d, %Y}; it is no longer valid." in html
    assert "Fraud found." not in html  # the reason is for the holder and the record


def test_anyone_can_look_up_a_number(client, certificate):
    response = client.get("/verify/", {"number": certificate.number.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.number}/"
    response = client.get("/verify/", {"number": "LSSCP-1999-000001"})
    assert "No certificate has the number LSSCP-1999-000001" in response.text
    assert '<label for="id_number">Certificate number</label>' in response.text  # no colon
    assert client.get("/verify/LSSCP-1999-000001/").status_code == 404


def test_the_api_verifies_by_number_without_signing_in(client, certificate):
    response = client.get(f"/api/v1/certificates/{certificate.number}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "number", "holder_name", "program", "issued_on", "expires_on", "status",
        "status_label", "status_since", "replaced_by", "replaced_by_url", "verification_url",
    }  # fmt: skip
    assert (body["holder_name"], body["status"]) == ("Dana Okafor", "valid")
    assert certificate.holder.email not in response.text
    assert client.get("/api/v1/certificates/NOPE-1").status_code == 404


def test_the_did_document_and_status_lists_are_served_with_caching(client, certificate, staff_user):
    did = client.get("/.well-known/did.json")
    assert did["Content-Type"].startswith("application/did+ld+json")
    assert did["Cache-Control"] == "public, max-age=60"
    document = did.json()
    assert document["id"] == "did:web:127.0.0.1%3A8000"
    assert document["assertionMethod"] == [m["id"] for m in document["verificationMethod"]]
    entry = certificate.credential["credentialStatus"]
    assert entry["statusPurpose"] == "revocation"
    path = "/" + entry["statusListCredential"].split("/", 3)[3]
    served = client.get(path)
    # The VC 2.0 media type, and a cache life equal to the list's `ttl` (milliseconds).
    assert served["Content-Type"].split(";")[0] == "application/vc"
    assert served["Cache-Control"] == "public, max-age=60"
    assert client.get(path, HTTP_IF_NONE_MATCH=served["ETag"]).status_code == 304
    listed = json.loads(served.content)
    assert listed["credentialSubject"]["ttl"] == 60_000
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    bits = statuslist.decode(listed["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= 131072
    assert not statuslist.bit_get(bits, int(entry["statusListIndex"]))
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    after = client.get(path, HTTP_IF_NONE_MATCH=served["ETag"])
    assert after.status_code == 200
    bits = statuslist.decode(json.loads(after.content)["credentialSubject"]["encodedList"])
    assert statuslist.bit_get(bits, int(entry["statusListIndex"]))
    assert client.get("/credentials/status/revocation-99").status_code == 404


def test_serving_a_status_list_writes_nothing_it_is_signed_when_its_bits_change(
    client, certificate, staff_user
):
    """A GET never writes: a list is signed when it is made and again, in the same transaction,
    when a certificate's bit flips; the page serves what was kept."""
    from certify.certificates.models import StatusList

    def kept():
        return {sl.slug: (sl.signed, sl.updated_at) for sl in StatusList.objects.all()}

    before = kept()
    assert before
    assert all(signed for signed, _ in before.values())
    for slug in before:
        assert json.loads(client.get(f"/credentials/status/{slug}").content) == before[slug][0]
    assert kept() == before
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud.")
    after = kept()
    revocation = f"revocation-{certificate.status_list_series}"
    assert after[revocation][0] != before[revocation][0]  # signed again at the flip
    bits = statuslist.decode(after[revocation][0]["credentialSubject"]["encodedList"])
    assert statuslist.bit_get(bits, certificate.status_list_index)
    client.get(f"/credentials/status/{revocation}")
    assert kept() == after


def test_anyone_can_paste_or_upload_a_credential_to_check_it(client, certificate):
    text = json.dumps(certificate.credential)
    html = client.post("/verify/credential/", {"text": text}).text
    assert "The credential is genuine and valid" in html
    assert "Dana Okafor" in html
    changed = text.replace("Dana Okafor", "Dana Okafar")
    html = client.post("/verify/credential/", {"text": changed}).text
    assert "The credential cannot be trusted" in html
    assert "the content was changed" in html
    upload = SimpleUploadedFile("credential.json", text.encode(), "application/json")
    html = client.post("/verify/credential/", {"file": upload}).text
    assert "The credential is genuine and valid" in html
    html = client.post("/verify/credential/", {"text": '{"a": '}).text
    assert "its text is damaged or cut short at line 1, column 6" in html
    assert "{&quot;a&quot;: </textarea>" in html  # what was typed is kept


def test_the_api_checks_a_pasted_credential(client, certificate):
    response = client.post(
        "/api/v1/certificates/verify-credential",
        data=json.dumps(certificate.credential),
        content_type="application/json",
    )
    assert response.json() == {
        "verified": True,
        "signature_valid": True,
        "status": "valid",
        "status_label": "Valid",
        "replaced_by": None,
        "replaced_by_url": None,
        "problems": [],
        "issuer": "did:web:127.0.0.1%3A8000",
    }


# --- The holder ---------------------------------------------------------------------------------


def test_the_holder_downloads_pdf_and_credential_and_shares(client, certificate):
    client.force_login(certificate.holder)
    html = client.get("/certificates/").text
    assert certificate.number in html
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html
    # Sharing its status with an employer starts here too, not only on the webhooks pages.
    assert 'href="/webhooks/shares/">Let an employer follow its status' in html
    response = client.get(f"/certificates/{certificate.number}/credential.json")
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content) == certificate.credential
    mine = client.get("/api/v1/certificates/mine").json()
    assert [c["number"] for c in mine] == [certificate.number]


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider", "sponsor"])
def test_only_the_holder_and_staff_download(client_as, certificate, role):
    client = client_as(role)
    for url in (
        f"/certificates/{certificate.number}/credential.json",
        f"/certificates/{certificate.number}/certificate.pdf",
    ):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        else:  # the 404 page of a number that does not exist, word for word
            unknown = url.replace(certificate.number, "LSSCP-2026-NOSUCH00")
            assert_answers_as_unknown(client, url, unknown)


def test_staff_may_download_a_certificate(client_as, certificate):
    response = client_as("program_staff").get(f"/certificates/{certificate.number}/credential.json")
    assert response.status_code == 200


def test_the_linkedin_link_fills_in_the_certification(certificate):
    query = parse_qs(urlsplit(linkedin_add_url(certificate)).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == ["Library Support Staff Certification Program"]
    assert query["certId"] == [certificate.number]
    assert query["certUrl"] == [f"http://127.0.0.1:8000/verify/{certificate.number}/"]
    assert query["issueYear"] == [str(certificate.issued_on.year)]
    assert query["expirationMonth"] == [str(certificate.expires_on.month)]


def test_the_public_profile_is_off_until_the_holder_switches_it_on(client, certificate):
    client.force_login(certificate.holder)
    client.post("/certificates/profile/", {"is_public": "1"})
    profile = certificate.holder.public_profile
    client.logout()
    html = client.get(f"/profiles/{profile.slug}/").text
    assert certificate.number in html
    assert "Dana Okafor" in html
    assert certificate.holder.email not in html
    client.force_login(certificate.holder)
    client.post("/certificates/profile/", {"is_public": "0"})
    client.logout()
    assert client.get(f"/profiles/{profile.slug}/").status_code == 404


# --- Staff --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_staff_pages_and_actions_refuse_everyone_else(client_as, certificate, role):
    client = client_as(role)
    assert client.get("/staff/certificates/").status_code == 403
    assert client.get(f"/staff/certificates/{certificate.pk}/").status_code == 403
    post = client.post(
        f"/staff/certificates/{certificate.pk}/action/", {"action": "revoke", "reason": "x"}
    )
    assert post.status_code == 403
    api = client.post(
        f"/api/v1/staff/certificates/{certificate.pk}/actions",
        data={"action": "revoke", "reason": "x"},
        content_type="application/json",
    )
    assert api.status_code in (401, 403)
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_anonymous_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get("/staff/certificates/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_suspend_and_reinstate_from_the_page(client, certificate, staff_user):
    client.force_login(staff_user)
    url = f"/staff/certificates/{certificate.pk}/action/"
    missing = client.post(url, {"action": "suspend", "reason": ""})
    assert missing.status_code == 400
    assert "Give a reason" in missing.text
    client.post(url, {"action": "suspend", "reason": "Complaint received."})
    certificate.refresh_from_db()
    assert certificate.status == "suspended"
    html = client.get(f"/staff/certificates/{certificate.pk}/").text
    assert "Complaint received." in html
    assert "Reinstate" in html
    assert "Suspended." in client.get(f"/verify/{certificate.number}/").text


def test_staff_revoke_through_the_api(client, certificate, staff_user):
    client.force_login(staff_user)
    url = f"/api/v1/staff/certificates/{certificate.pk}/actions"
    refused = client.post(url, data={"action": "revoke"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "reason"
    done = client.post(
        url, data={"action": "revoke", "reason": "Fraud."}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "revoked"


def test_the_credential_check_shows_the_dates_the_certificate_shows(client, certificate):
    """The credential's validUntil is the last second of the expiry day in the program's time
    zone; in UTC that is already the next day, which the check used to print."""
    html = client.post("/verify/credential/", {"text": json.dumps(certificate.credential)}).text
    page = client.get(f"/verify/{certificate.number}/").text
    last_day = date_format(certificate.expires_on, "F j, Y")
    day_after = date_format(certificate.expires_on + timedelta(days=1), "F j, Y")
    assert certificate.credential["validUntil"].startswith(
        (certificate.expires_on + timedelta(days=1)).isoformat()
    )
    assert f"to {last_day}</dd>" in html
    assert day_after not in html
    assert last_day in page
