"""The error summary of a refused form: each error once, linked to its field; a file that was
sent with a refused form, and was not itself the problem, is named so the person chooses it
again (a browser never fills a file input again)."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.core.templatetags.form_errors import FILE_AGAIN, error_links, formset_error_links

pytestmark = pytest.mark.database_free


class EvidenceForm(forms.Form):
    title = forms.CharField(max_length=10)
    upload = forms.FileField(required=False)


def _file() -> dict[str, SimpleUploadedFile]:
    return {"upload": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")}


def test_a_file_sent_with_a_refused_form_is_named_to_be_chosen_again():
    form = EvidenceForm({"title": "A title far too long"}, _file())
    assert not form.is_valid()
    assert error_links(form) == [
        ("Title: Shorten this to 10 characters or fewer (it has 20).", "#id_title"),
        (FILE_AGAIN, "#id_upload"),
    ]
    assert error_links(form, "ev{pk}-{name}", pk=3)[1] == (FILE_AGAIN, "#ev3-upload")


def test_no_file_sent_no_sentence_and_a_refused_file_says_its_own_problem():
    without = EvidenceForm({"title": "A title far too long"})
    assert not without.is_valid()
    assert FILE_AGAIN not in [message for message, _ in error_links(without)]
    refused = EvidenceForm({"title": "Minutes"}, _file())
    assert refused.is_valid()
    refused.add_error("upload", "This file is not a PDF.")
    assert error_links(refused) == [("This file is not a PDF.", "#id_upload")]


def test_an_accepted_form_has_no_summary():
    form = EvidenceForm({"title": "Minutes"}, _file())
    assert form.is_valid()
    assert error_links(form) == []


class LineForm(forms.Form):
    name = forms.CharField(max_length=10, required=False)


LineFormSet = forms.formset_factory(LineForm, extra=0, max_num=2, validate_max=True)


def _lines(*names: str) -> dict[str, str]:
    data = {"form-TOTAL_FORMS": str(len(names)), "form-INITIAL_FORMS": "0"}
    return data | {f"form-{i}-name": name for i, name in enumerate(names)}


def test_a_formsets_summary_names_each_line_and_puts_its_own_errors_first():
    assert formset_error_links(LineFormSet()) == []  # nothing sent, nothing to say
    assert formset_error_links(LineFormSet(_lines("Need", "Service"))) == []
    refused = LineFormSet(_lines("Need", "A name far too long", "Third"))
    assert not refused.is_valid()
    links = formset_error_links(refused, "Criterion {number}")
    assert links[0] == ("Please submit at most 2 forms.", "")
    assert links[1:] == [
        (
            "Criterion 2: Name: Shorten this to 10 characters or fewer (it has 19).",
            "#id_form-1-name",
        )
    ]
