"""Django's words for a refused field, in the site's (certify/locale/en/LC_MESSAGES/django.po):
every form says them, however it was built, and the error summary names the field they are
about."""

import gettext
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from certify.core.templatetags.form_errors import error_links
from tests.bad_input import JARGON

pytestmark = pytest.mark.database_free

FOLDER = Path(settings.BASE_DIR) / "certify" / "locale" / "en" / "LC_MESSAGES"


def _po_entries() -> list[dict[str, str]]:
    """Each entry of the .po file: its keys (msgid, msgid_plural, msgstr, msgstr[0]...) and
    their strings, continued lines joined."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    key = ""
    for line in [*(FOLDER / "django.po").read_text().splitlines(), ""]:
        match = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[\d\])\s+"(.*)"$', line)
        if match:
            key = match.group(1)
            entry[key] = match.group(2)
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        elif not line.strip():
            if entry.get("msgid"):
                entries.append({k: v.replace('\\"', '"') for k, v in entry.items()})
            entry, key = {}, ""
    return entries


def test_the_compiled_catalogue_says_what_the_po_file_says():
    """`make messages` was run after the .po file was last changed."""
    with (FOLDER / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = _po_entries()
    assert len(entries) > 20
    for entry in entries:
        if "msgid_plural" in entry:
            one, many = entry["msgid"], entry["msgid_plural"]
            assert compiled.ngettext(one, many, 1) == entry["msgstr[0]"]
            assert compiled.ngettext(one, many, 2) == entry["msgstr[1]"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"]
        for words in JARGON:
            assert words not in (entry.get("msgstr") or entry["msgstr[1]"])


class Everything(forms.Form):
    kind = forms.ChoiceField(label="Type of library", choices=[("public", "Public")])
    hours = forms.DecimalField(label="Hours per week", min_value=0, max_digits=4)
    name = forms.CharField(label="Library", max_length=5)
    day = forms.DateField(label="Start date")
    proof = forms.FileField(label="Evidence")


def test_django_s_words_are_plain_and_the_summary_names_each_field():
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = Everything(
        {"kind": "zoo", "hours": "-1", "name": "Riverside", "day": "31/02/2025"},
        {"proof": SimpleUploadedFile("empty.pdf", b"")},
    )
    assert not form.is_valid()
    assert error_links(form) == [
        ("Type of library: Choose one of the options offered.", "#id_kind"),
        ("Hours per week: Enter 0 or more.", "#id_hours"),
        ("Library: Shorten this to 5 characters or fewer (it has 9).", "#id_name"),
        ("Start date: Enter a date, for example 2025-03-15.", "#id_day"),
        ("Evidence: The file you chose is empty. Choose one with something in it.", "#id_proof"),
    ]
    # Beside the field, the words alone: the label is right above them.
    assert form.errors["kind"] == ["Choose one of the options offered."]


def test_a_form_s_own_words_are_not_prefixed():
    class Own(forms.Form):
        title = forms.CharField(error_messages={"required": "Give the activity's title."})

    assert error_links(Own({})) == [("Give the activity's title.", "#id_title")]


def test_a_model_s_own_check_speaks_plainly_too():
    field = models.CharField(max_length=3, choices=[("a", "A")])
    with pytest.raises(ValidationError) as refused:
        field.clean("zoo", None)
    said = " ".join(refused.value.messages)
    assert "Choose one of the options offered." in said
    for words in JARGON:
        assert words not in said
