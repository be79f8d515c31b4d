"""Hostile badge images are refused before anything in them is used, in plain words, the same at
both doors (the check page and the API): decompression bombs, oversized or too many chunks,
compressed or doubled credentials, and SVGs with document types or entities (ADR 0034)."""

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.certificates.badges import unbaking
from certify.certificates.badges.baking import chunk
from certify.certificates.credentials import bounds
from certify.certificates.forms import CredentialForm
from tests.certificates.badge_images import (
    bomb_png,
    credential_chunk,
    png_with,
    small_png,
    svg_credential,
    svg_with,
)

API = "/api/v1/certificates/verify-credential"
FORM = "/verify/credential/"
MEDIA = {"png": "image/png", "svg": "image/svg+xml"}


def refused_alike(client, body: bytes, fmt: str, *, status: int, kind: str) -> str:
    """Send the image to both doors; both refuse it with `status` and the same words."""
    response = client.post(API, data=body, content_type=MEDIA[fmt])
    assert response.status_code == status, response.content[:300]
    problem = response.json()
    assert problem["type"] == f"/api/v1/problems/{kind}"
    page = client.post(FORM, {"file": SimpleUploadedFile(f"badge.{fmt}", body, MEDIA[fmt])})
    assert page.status_code == status
    shown = html.unescape(page.text)
    assert problem["detail"] in shown
    assert "The credential cannot be trusted" not in shown  # refused, not checked
    return problem["detail"]


@pytest.fixture
def text(certificate) -> str:
    return json.dumps(certificate.credential)


@pytest.fixture
def never_decoded(monkeypatch):
    """Pillow must not be asked to open the picture."""
    monkeypatch.setattr(unbaking, "check_image", lambda *a: pytest.fail("the image was decoded"))


# --- PNG -----------------------------------------------------------------------------------------


def test_a_decompression_bomb_is_refused_on_its_header_before_any_pixel_is_inflated(
    client, text, never_decoded
):
    detail = refused_alike(
        client, bomb_png(text), "png", status=422, kind="badge-image-too-many-pixels"
    )
    assert detail.startswith("The image says it is 100,000 by 100,000 pixels; badge images")
    assert "at most 50 million pixels" in detail


def test_a_picture_over_the_pixel_limit_is_refused_by_the_decoder_too(
    client, text, settings, monkeypatch
):
    """The header check and Pillow's own limit are two locks: with the first one off, the
    upload check (`core.upload_images.check_image`) still refuses the picture."""
    settings.IMAGE_MAX_PIXELS = 10  # the small picture has 16
    monkeypatch.setattr(unbaking, "_too_many_pixels", lambda w, h: None)
    detail = refused_alike(
        client,
        png_with(credential_chunk(text)),
        "png",
        status=422,
        kind="badge-image-too-many-pixels",
    )
    assert "larger than we accept" in detail


def test_a_chunk_longer_than_the_file_is_refused(client, text, never_decoded):
    lying = b"\x7f\xff\xff\xfftEXt" + b"x" * 20
    detail = refused_alike(
        client, png_with(credential_chunk(text), lying), "png", status=422,
        kind="badge-image-damaged",
    )  # fmt: skip
    assert "says it is 2,147,483,647 bytes long, more than the file holds" in detail


def test_an_image_over_a_megabyte_is_refused_unread(client, db, monkeypatch):
    monkeypatch.setattr(CredentialForm, "read", lambda self: pytest.fail("the file was read"))
    upload = SimpleUploadedFile("badge.png", b"\x89PNG" + b"\x00" * 1_100_000, "image/png")
    page = client.post(FORM, {"file": upload})
    assert page.status_code == 413
    assert "The image is 1,100,004 bytes; badge images checked here may be at most 1,048,576" in (
        page.text
    )


def test_a_credential_chunk_over_the_credential_limit_is_refused_as_too_large(client, db):
    body = png_with(credential_chunk(" " * (bounds.MAX_BYTES + 1)))
    detail = refused_alike(client, body, "png", status=413, kind="credential-too-large")
    assert detail.startswith("The credential is 65,537 bytes;")


def test_many_chunks_are_refused(client, text, never_decoded):
    many = [chunk(b"tEXt", b"Comment\x00" + bytes([i % 250])) for i in range(300)]
    detail = refused_alike(
        client, png_with(*many, credential_chunk(text)), "png", status=422,
        kind="badge-image-too-complex",
    )  # fmt: skip
    assert detail.startswith("The image is made of more than 256 parts (PNG chunks)")


def test_a_compressed_credential_is_refused_unread(client, text, never_decoded):
    detail = refused_alike(
        client, png_with(credential_chunk(text, compressed=True)), "png", status=422,
        kind="badge-image-unsupported",
    )  # fmt: skip
    assert "compressed; Open Badges 3.0 says it must not be" in detail


def test_two_credentials_in_one_png_are_refused(client, text):
    detail = refused_alike(
        client, png_with(credential_chunk(text), credential_chunk(text)), "png", status=422,
        kind="badge-image-damaged",
    )  # fmt: skip
    assert "it holds more than one credential" in detail


def test_a_changed_chunk_is_refused_by_its_checksum(client, text):
    body = bytearray(png_with(credential_chunk(text)))
    body[body.index(b"Dana Okafor")] ^= 0x01
    detail = refused_alike(client, bytes(body), "png", status=422, kind="badge-image-damaged")
    assert "its checksum does not match" in detail


def test_damaged_pixel_data_is_refused_by_the_decoder(client, text):
    image = small_png()
    start = image.index(b"IDAT") - 4
    length = int.from_bytes(image[start : start + 4], "big")
    broken = image[:start] + chunk(b"IDAT", b"\x00" * length) + image[start + 12 + length :]
    detail = refused_alike(
        client, png_with(credential_chunk(text), base=broken), "png", status=422,
        kind="badge-image-damaged",
    )  # fmt: skip
    assert "its picture is damaged or cut short" in detail


def test_a_png_without_a_credential_says_what_to_ask_for(client, db):
    detail = refused_alike(client, small_png(), "png", status=422, kind="badge-image-no-credential")
    assert detail.startswith("This image has no credential baked into it.")


def test_a_file_that_is_not_a_png_is_refused(client, db):
    detail = refused_alike(
        client, b"GIF89a" + b"\x00" * 40, "png", status=422, kind="badge-image-damaged"
    )
    assert "it does not start as a PNG file does" in detail


# --- SVG -----------------------------------------------------------------------------------------

LAUGHS = (
    '<!DOCTYPE svg [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "&lol;" * 10}">' for i in range(9))
    + "]>\n"
)


@pytest.mark.parametrize(
    "prolog",
    [
        pytest.param(LAUGHS, id="billion laughs"),
        pytest.param('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n', id="xxe"),
        pytest.param(
            '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://127.0.0.1:9/svg11.dtd">\n',
            id="external dtd",
        ),
    ],
)
def test_an_svg_with_a_document_type_or_entities_is_refused_before_any_is_used(
    client, certificate, prolog
):
    body = svg_with(
        svg_credential(certificate.credential) + "<text>&x;&lol8;</text>", prolog=prolog
    )
    detail = refused_alike(client, body, "svg", status=422, kind="badge-image-unsafe")
    assert detail.startswith("The SVG declares a document type or entities")


def test_an_svg_credential_signed_as_a_jwt_is_refused_in_words(client, db):
    body = svg_with('<openbadges:credential verify="a.b.c"></openbadges:credential>')
    detail = refused_alike(client, body, "svg", status=422, kind="badge-image-unsupported")
    assert "signed as a JSON Web Token" in detail


def test_an_svg_nested_too_deep_is_refused(client, certificate):
    deep = "<g>" * 70 + "</g>" * 70
    body = svg_with(svg_credential(certificate.credential) + deep)
    detail = refused_alike(client, body, "svg", status=422, kind="badge-image-too-complex")
    assert "more than 64 levels deep" in detail


def test_an_svg_with_too_many_elements_is_refused(client, certificate):
    body = svg_with(svg_credential(certificate.credential) + "<g/>" * 10_001)
    refused_alike(client, body, "svg", status=422, kind="badge-image-too-complex")


def test_two_credentials_in_one_svg_are_refused(client, certificate):
    one = svg_credential(certificate.credential)
    detail = refused_alike(
        client, svg_with(one + one), "svg", status=422, kind="badge-image-damaged"
    )
    assert "it holds more than one credential" in detail


def test_an_svg_that_is_not_well_formed_is_refused(client, certificate):
    body = svg_with(svg_credential(certificate.credential) + "<g>")
    detail = refused_alike(client, body, "svg", status=422, kind="badge-image-damaged")
    assert "it is not well-formed SVG (line" in detail


def test_xml_that_is_not_an_svg_is_refused(client, db):
    body = b'<?xml version="1.0"?><html><body/></html>'
    detail = refused_alike(client, body, "svg", status=422, kind="badge-image-damaged")
    assert "it is not an SVG image" in detail


def test_an_svg_without_a_credential_says_what_to_ask_for(client, db):
    refused_alike(
        client, svg_with("<circle r='4'/>"), "svg", status=422, kind="badge-image-no-credential"
    )
