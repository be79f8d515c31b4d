"""Badge images drawn from the program's data, named in the credential; the holder's baked badges
(PNG and SVG, as Open Badges 3.0 describes), checked when someone drops them on the check page or
sends them to the API."""

import io
import json
import struct
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from certify.certificates import services
from certify.certificates.badges.baking import KEYWORD
from certify.programs import api as programs_api
from tests.certificates.badge_images import OB_NS
from tests.certificates.conformance import assert_ob3_valid
from tests.certificates.conftest import certificate_per_module
from tests.factories import ProgramFactory, UserFactory

# The certificate is built once for this module's tests, which read it or change it only in the
# database (each test's savepoint is rolled back): tests/shared.py.
program, certificate = certificate_per_module()

SITE = "http://127.0.0.1:8000"
SVG_NS = "{http://www.w3.org/2000/svg}"
API = "/api/v1/certificates/verify-credential"
FORM = "/verify/credential/"


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(
            (data[position + 4 : position + 8], data[position + 8 : position + 8 + length])
        )
        position += 12 + length
    return chunks


# --- The program's images, named in the credential -----------------------------------------------


def test_the_credential_names_the_program_badge_and_the_issuer_emblem_as_images(certificate):
    achievement = certificate.credential["credentialSubject"]["achievement"]
    issuer = certificate.credential["issuer"]
    assert achievement["image"] == {
        "id": f"{SITE}/badges/lsscp-small/achievement.png",
        "type": "Image",
        "caption": "Badge of the Library Support Staff Certification Program (LSSCP), certified "
        "by ALA-Allied Professional Association.",
    }
    assert issuer["image"] == {
        "id": f"{SITE}/badges/lsscp-small/issuer.png",
        "type": "Image",
        "caption": "Emblem of ALA-Allied Professional Association, the certifying body.",
    }
    assert achievement["criteria"]["narrative"].startswith("Show competence in the 2 required")
    assert_ob3_valid(certificate.credential)


def test_the_alignments_point_at_the_cfitem_uris_the_case_export_writes(certificate, program):
    exported = programs_api.case_package_export(program=program)
    sets = {
        item["identifier"]: item
        for item in exported["CFItems"]
        if item["CFItemType"] != "Competency"
    }
    alignments = certificate.credential["credentialSubject"]["achievement"]["alignment"]
    assert len(alignments) == len(sets) == 4
    for alignment in alignments:
        item = sets[alignment["targetCode"]]
        assert alignment["targetUrl"] == item["uri"]
        assert alignment["targetName"] == item["fullStatement"]
        assert alignment["targetType"] == "CFItem"
        assert alignment["targetFramework"] == exported["CFDocument"]["title"]


def test_the_images_are_served_at_their_stable_urls_with_caching(client, certificate):
    for subject in ("achievement", "issuer"):
        png = client.get(f"/badges/lsscp-small/{subject}.png")
        assert png.status_code == 200
        assert png["Content-Type"] == "image/png"
        assert png["Cache-Control"] == "public, max-age=3600"
        with Image.open(io.BytesIO(png.content)) as image:
            assert image.size == (512, 512)
        again = client.get(f"/badges/lsscp-small/{subject}.png", HTTP_IF_NONE_MATCH=png["ETag"])
        assert again.status_code == 304
        assert again["ETag"] == png["ETag"]
    svg = client.get("/badges/lsscp-small/achievement.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in svg["Content-Security-Policy"]
    root = ElementTree.fromstring(svg.content)  # noqa: S314 (our own SVG)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "badge-title badge-desc"
    assert root.find(f"{SVG_NS}title").text == ("Library Support Staff Certification Program badge")
    assert "ALA-Allied Professional Association" in root.find(f"{SVG_NS}desc").text
    drawn = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert drawn[0] == "LSSCP"
    assert "Library Support Staff" in drawn
    assert client.get("/badges/lsscp-small/other.png").status_code == 404
    assert client.get("/badges/no-such-program/achievement.png").status_code == 404


def test_a_renamed_program_gets_a_new_picture_at_the_same_url(client, certificate, program):
    before = client.get("/badges/lsscp-small/achievement.svg")
    program.name = "Library Support Staff Certificate"
    program.save()
    after = client.get("/badges/lsscp-small/achievement.svg", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert b"Library Support Staff Certificate badge" in after.content


def test_a_draft_program_without_certificates_has_no_public_badge(client, db):
    ProgramFactory(slug="draft", is_published=False)
    assert client.get("/badges/draft/achievement.png").status_code == 404


def test_the_badge_text_is_escaped_in_the_svg(client, db):
    ProgramFactory(slug="odd", short_name="A&B", name="<Reading> & Writing", is_published=True)
    root = ElementTree.fromstring(client.get("/badges/odd/achievement.svg").content)  # noqa: S314 (our own SVG)
    assert [t.text for t in root.iter(f"{SVG_NS}text")][:2] == ["A&B", "<Reading> & Writing"]


# --- Baked badges: the holder's ------------------------------------------------------------------


def test_the_baked_png_carries_the_signed_credential_in_one_uncompressed_itxt_chunk(
    client, certificate
):
    client.force_login(certificate.holder)
    response = client.get(f"/certificates/{certificate.number}/badge.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert f'filename="badge-{certificate.number}.png"' in response["Content-Disposition"]
    baked = [body for kind, body in png_chunks(response.content) if kind == b"iTXt"]
    assert len(baked) == 1
    keyword, rest = baked[0].split(b"\x00", 1)
    assert keyword == KEYWORD == b"openbadgecredential"
    assert rest[:4] == b"\x00\x00\x00\x00"  # not compressed, no language tag or translation
    assert json.loads(rest[4:]) == certificate.credential
    assert_ob3_valid(json.loads(rest[4:]))
    with Image.open(io.BytesIO(response.content)) as image:  # still a picture anyone can show
        assert image.text["openbadgecredential"] == rest[4:].decode("utf-8")


def test_the_baked_svg_carries_the_credential_right_after_the_svg_start_tag(client, certificate):
    client.force_login(certificate.holder)
    response = client.get(f"/certificates/{certificate.number}/badge.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert f'xmlns:openbadges="{OB_NS}"' in response.text
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own SVG)
    first = root[0]
    assert first.tag == f"{{{OB_NS}}}credential"
    assert first.get("verify") is None
    assert "<![CDATA[" in response.text
    assert json.loads(first.text) == certificate.credential
    assert_ob3_valid(json.loads(first.text))
    assert len(root.findall(f"{{{OB_NS}}}credential")) == 1


@pytest.mark.parametrize("who", ["anonymous", "another candidate"])
def test_only_the_holder_and_staff_download_the_baked_badge(client, certificate, who):
    if who != "anonymous":
        client.force_login(UserFactory(roles=["candidate"]))
    response = client.get(f"/certificates/{certificate.number}/badge.png")
    assert response.status_code in (302, 403, 404)
    assert KEYWORD not in response.content


def test_the_holder_page_offers_the_badges_and_linkedin_while_valid_only(
    client, certificate, staff_user
):
    client.force_login(certificate.holder)
    html = client.get("/certificates/").text
    assert f"/certificates/{certificate.number}/badge.png" in html
    assert f"/certificates/{certificate.number}/badge.svg" in html
    assert "https://www.linkedin.com/profile/add?" in html
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud found.")
    html = client.get("/certificates/").text
    assert "badge.png" not in html
    assert "linkedin.com" not in html
    assert "it is now revoked" in html
    assert f"/certificates/{certificate.number}/credential.json" in html  # still theirs


# --- Checking a baked badge ----------------------------------------------------------------------


def _baked(client, certificate, fmt: str) -> bytes:
    client.force_login(certificate.holder)
    body = client.get(f"/certificates/{certificate.number}/badge.{fmt}").content
    client.logout()
    return body


@pytest.mark.parametrize(("fmt", "media_type"), [("png", "image/png"), ("svg", "image/svg+xml")])
def test_a_baked_badge_dropped_on_the_check_page_or_sent_to_the_api_is_verified(
    client, certificate, fmt, media_type
):
    body = _baked(client, certificate, fmt)
    upload = SimpleUploadedFile(f"badge.{fmt}", body, media_type)
    page = client.post(FORM, {"file": upload})
    assert page.status_code == 200
    assert "The credential is genuine and valid" in page.text
    assert "Dana Okafor" in page.text
    answer = client.post(API, data=body, content_type=media_type)
    assert answer.status_code == 200, answer.content[:300]
    assert (answer.json()["verified"], answer.json()["status"]) == (True, "valid")


def test_a_baked_badge_sent_as_if_it_were_json_is_recognised(client, certificate):
    body = _baked(client, certificate, "png")
    answer = client.post(API, data=body, content_type="application/json")
    assert answer.json()["status"] == "valid"


def test_a_revoked_certificates_baked_badge_is_verified_as_revoked(client, certificate, staff_user):
    body = _baked(client, certificate, "svg")
    services.certificate_revoke(certificate=certificate, actor=staff_user, reason="Fraud found.")
    answer = client.post(API, data=body, content_type="image/svg+xml")
    assert (answer.json()["verified"], answer.json()["status"]) == (False, "revoked")


def test_a_baked_badge_whose_credential_was_changed_does_not_hold(client, certificate):
    body = _baked(client, certificate, "svg").replace(b"Dana Okafor", b"Dana Okafer")
    answer = client.post(API, data=body, content_type="image/svg+xml")
    assert answer.json()["signature_valid"] is False
