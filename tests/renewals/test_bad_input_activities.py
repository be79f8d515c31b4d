"""The bad inputs a holder really makes logging a CE activity (the product's rule: "Forms ...
explain what is wrong in the user's terms and keep what was typed. A failed ... upload ...
leaves the record as it was"): each refused with 400, the reason beside the field in plain
words, what was typed in the form again, no activity saved and no file left on storage."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.renewals.models import CeActivity
from tests import files
from tests.bad_input import beside, kept, no_jargon
from tests.days import InDays, dated
from tests.renewals.conftest import certificate_per_module

program, today, certificate = certificate_per_module()

TYPED = {
    "title": "Cybersecurity for libraries",
    "provider": "WebJunction",
    "completed_on": InDays(0),
    "format": "hours",
    "amount": "4",
}


def _file(name: str, content: bytes, kind: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=kind)


# (what the holder did, the fields changed, the field refused, the words beside it)
CASES = [
    ("left the title empty", {"title": ""}, "title", "Give the activity's title."),
    ("hours in words", {"amount": "four"}, "amount", "Enter a number."),
    ("negative hours", {"amount": "-2"}, "amount", "greater than zero"),
    ("zero hours", {"amount": "0"}, "amount", "greater than zero"),
    (
        "a day still to come",
        {"completed_on": InDays(9)},
        "completed_on",
        "Record an activity once you have completed it.",
    ),
    (
        "a date typed the other way round",
        {"completed_on": "15/03/2025"},
        "completed_on",
        "Enter a date, for example 2025-03-15.",
    ),
    ("a unit no longer offered", {"format": "weeks"}, "format", "Choose one of the options"),
    ("a title far too long", {"title": "C" * 400}, "title", "characters"),
    (
        "an empty file",
        {"evidence": _file("certificate.pdf", b"")},
        "evidence",
        "The file you chose is empty.",
    ),
    (
        "a text file named as a PDF",
        {"evidence": _file("certificate.pdf", b"%PDF-1.4 this is not really a PDF")},
        "evidence",
        "PDF",
    ),
    (
        "a program, not a document",
        {"evidence": _file("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/x-msdos")},
        "evidence",
        "setup.exe",
    ),
]


@pytest.mark.parametrize(("case", "changed", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_activity_says_why_and_keeps_what_was_typed(
    client, certificate, case, changed, field, words
):
    client.force_login(certificate.holder)
    before = files.stored_files()
    typed = dated({**TYPED, **changed}, iso=True)

    response = client.post("/renewal/activities/", typed)

    assert response.status_code == 400
    beside(response.text, field, words)
    no_jargon(response.text)
    for name, value in typed.items():
        if name != field and isinstance(value, str):
            kept(response.text, name, value)
    assert not CeActivity.objects.exists()
    assert files.stored_files() == before


def test_a_file_over_the_limit_is_refused_in_words_and_not_stored(client, certificate, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(certificate.holder)
    before = files.stored_files()
    big = _file("transcript.pdf", files.pdf(pages=40))
    assert big.size > 1024

    response = client.post("/renewal/activities/", {**dated(TYPED, iso=True), "evidence": big})

    assert response.status_code in (400, 413)
    no_jargon(response.text)
    if response.status_code == 400:
        beside(response.text, "evidence", "1.0")
        kept(response.text, "title", TYPED["title"])
    assert not CeActivity.objects.exists()
    assert files.stored_files() == before


def test_the_api_names_the_field_it_refuses(client, certificate):
    client.force_login(certificate.holder)
    response = client.post(
        "/api/v1/renewals/activities",
        dated({**TYPED, "amount": "four"}, iso=True),
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert "amount" in response.text
    no_jargon(response.text)
    assert not CeActivity.objects.exists()
