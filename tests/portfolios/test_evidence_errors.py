"""A refused piece of evidence comes back where it was added: the competency's form open, as
typed, an error summary at its top linking to the field, the reason beside that field, and the
form's action ending with the summary's id so the page lands there without JavaScript. Nothing
is said at the top of the page, and nothing is saved (ADR 0043)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certify.portfolios.models import EvidenceItem


def the_form(page: str, response_id: int) -> str:
    """The add-evidence block of one competency."""
    start = page.index(f'id="ev{response_id}-errors"')
    start = page.rindex("<details", 0, start)
    return page[start : page.index("</details>", start)]


def field_paragraph(block: str, response_id: int, name: str) -> str:
    start = block.rindex("<p", 0, block.index(f'for="ev{response_id}-{name}"'))
    return block[start : block.index("</p>", start)]


@pytest.fixture
def signed_in(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    return client


def add(client, portfolio, response, data):
    url = reverse("portfolios:evidence_add", args=[portfolio.planned_set_id, response.pk])
    return client.post(url, data)


def test_a_refused_upload_is_explained_beside_its_field_with_what_was_typed(signed_in, portfolio):
    second = portfolio.responses.order_by("competency__order")[1]
    typed = {"kind": "file", "title": "Desk log, March", "description": "Busiest week"}
    not_a_document = SimpleUploadedFile("log.pdf", b"<html>hi</html>")

    response = add(signed_in, portfolio, second, {**typed, "file": not_a_document})

    assert response.status_code == 400
    block = the_form(response.text, second.pk)
    assert block.startswith('<details class="evidence-add" open>')
    file_field = field_paragraph(block, second.pk, "file")
    assert (
        f'<span class="error-message" id="ev{second.pk}-file-error">“log.pdf” is not a file type'
        in (file_field)
    )
    assert 'aria-invalid="true"' in file_field
    assert "Choose the file again" in file_field  # a browser cannot keep a chosen file
    assert 'value="Desk log, March"' in block
    assert ">Busiest week</textarea>" in block
    assert f'value="file" id="ev{second.pk}-kind-file" checked' in block
    # The summary at the top of this form links to the field.
    summary = re.search(r'<ul class="error-summary__list">(.*?)</ul>', block, re.S)
    assert summary is not None
    assert f'<a href="#ev{second.pk}-file">“log.pdf” is not a file type' in summary.group(1)
    assert f'#ev{second.pk}-errors"' in block  # the action: the page lands on the summary
    # Only this competency's form is refused; the page says nothing at its top.
    assert response.text.count("data-error-summary") == 1
    assert 'class="message message--error"' not in response.text
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (  # refused by the form, which used to send the person back to the top of the page
            {"kind": "link", "url": "not a web address"},
            "url",
            "Enter a web address, for example https://example.org/page.",
        ),
        (
            {"kind": "file", "file": SimpleUploadedFile("empty.pdf", b"")},
            "file",
            "The file you chose is empty. Choose one with something in it.",
        ),
        ({"kind": "file"}, "file", "Choose a file to upload."),
        (
            {"kind": "attestation", "attester_name": "Pat Lee", "attester_email": "pat@"},
            "attester_email",
            "Enter a valid email address.",
        ),
    ],
)
def test_every_refusal_stays_on_the_form_beside_its_field(
    signed_in, portfolio, data, field, reason
):
    first = portfolio.responses.order_by("competency__order").first()
    typed = {"title": "Reading log", "description": "What I read", **data}

    response = add(signed_in, portfolio, first, typed)

    assert response.status_code == 400  # was a redirect to the page, with the error on top
    block = the_form(response.text, first.pk)
    assert f'<span class="error-message" id="ev{first.pk}-{field}-error">{reason}' in (
        field_paragraph(block, first.pk, field)
    )
    # In the summary, Django's words come after the field's label (they do not name it).
    link = rf'<a href="#ev{first.pk}-{field}">([^<:]+: )?{re.escape(reason)}</a>'
    assert re.search(link, block)
    assert 'value="Reading log"' in block
    assert ">What I read</textarea>" in block
    assert f'value="{data["kind"]}" id="ev{first.pk}-kind-{data["kind"]}" checked' in block
    assert not EvidenceItem.objects.exists()


def test_each_input_says_which_kind_of_evidence_it_is_for(signed_in, portfolio):
    """Only the inputs of the chosen kind show with JavaScript (forms.js); without it all do."""
    first = portfolio.responses.order_by("competency__order").first()
    page = signed_in.get(
        reverse("portfolios:competency", args=[portfolio.planned_set_id, first.competency.code])
    ).text
    for name, kind in [
        ("file", "file"),
        ("url", "link"),
        ("attester_name", "attestation"),
        ("attester_email", "attestation"),
        ("attester_organization", "attestation"),
    ]:
        assert f'<p data-show-when="kind={kind}"><label for="ev{first.pk}-{name}">' in page
    assert "data-error-summary" not in page


def test_an_accepted_upload_goes_back_to_its_competency(signed_in, portfolio):
    from tests.portfolios.conftest import pdf_upload

    first = portfolio.responses.order_by("competency__order").first()
    response = add(signed_in, portfolio, first, {"kind": "file", "file": pdf_upload()})
    assert response.status_code == 302
    page = reverse("portfolios:competency", args=[portfolio.planned_set_id, first.competency.code])
    assert response.url == f"{page}#evidence-{first.pk}"
    assert EvidenceItem.objects.count() == 1
