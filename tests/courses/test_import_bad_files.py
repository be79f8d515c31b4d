"""Completion files a provider gets wrong: other encodings, empty and oversized files, and one
file with every kind of bad row, each row answered on its own and nothing recorded before the
provider confirms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import CompletionImport, CourseCompletion, UnmatchedCompletion
from certify.courses.services import imports
from tests.courses.conftest import csv_upload, enrol


def _checked(provider, user, course, upload, capture):
    with capture(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=user, upload=upload
        )
    imp.refresh_from_db()
    return imp


def test_excels_unicode_text_utf16_with_tabs_imports(
    lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    """Excel's "Unicode text" is UTF-16 with tabs: read as written, accents kept, not refused as
    "not a CSV file" for the zero bytes UTF-16 is full of."""
    today = timezone.localdate().isoformat()
    zoe = enrol(lsscp, email="zoe@example.org", name="Zoë Ångström", names=course)
    text = f"email\tfull_name\tcompleted_on\nzoe@example.org\tZoë Ångström\t{today}\n"
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data  # big-endian with its byte-order mark
        upload = SimpleUploadedFile("completions.txt", data, content_type="text/plain")
        imp = _checked(provider, provider_user, course, upload, django_capture_on_commit_callbacks)
        assert imp.status == CompletionImport.Status.CHECKED, imp.failure
        assert imp.error_count == 0
        assert imp.ready_count + imp.duplicate_count == 1
        if imp.ready_count:
            with django_capture_on_commit_callbacks(execute=True):
                services.completion_import_confirm(imp=imp, actor=provider_user)
    assert CourseCompletion.objects.filter(application=zoe).count() == 1  # once, not twice


@pytest.mark.database_free
def test_a_utf16_sample_cut_inside_a_character_still_reads_its_header():
    data = "email,completed_on\n😀".encode("utf-16")[:-1]  # a character cut in half
    assert imports._decode(data).startswith("email,completed_on\n")


NAMES = ["Zoë Ångström", "José Núñez", "Chloé Dubois", "Søren Kierkegaard", "Renée Côté"]


def _utf8_rows(bad_line: int | None = None) -> bytes:
    """A UTF-8 file of accented names; `bad_line` gets one byte that is not UTF-8 (a lone cp1252
    "é"), as a file edited by two programs ends up."""
    today = timezone.localdate().isoformat()
    lines = [b"email,full_name,completed_on"]
    for n in range(2, 16):
        name = NAMES[n % len(NAMES)].encode()
        if n == bad_line:
            name = b"Ren\xe9e"
        lines.append(b"p%d@example.org," % n + name + b"," + today.encode())
    return b"\n".join(lines) + b"\n"


@pytest.mark.database_free
def test_a_utf8_file_with_one_bad_byte_is_refused_naming_its_line():
    """Read as cp1252, every other accented name would be garbled ("ZoÃ«"): refused instead."""
    with pytest.raises(DomainError) as error:
        imports._decode(_utf8_rows(bad_line=12))
    assert error.value.message == (
        "Line 12 has a character that is not UTF-8; save the file as CSV UTF-8 and upload it again."
    )
    assert error.value.field == "file"
    with pytest.raises(DomainError, match=r"^Line 2 has"):  # a byte-order mark says UTF-8 too
        imports._decode(b"\xef\xbb\xbfemail,full_name\nx@example.org,Ren\xe9e\n")


@pytest.mark.database_free
def test_a_whole_cp1252_file_is_still_read_with_its_names_right():
    today = timezone.localdate().isoformat()
    text = "email,full_name,completed_on\n" + "".join(
        f"p{n}@example.org,{name},{today}\n" for n, name in enumerate(NAMES)
    )
    rows = services.csv_rows_parse(imports._decode(text.encode("cp1252")))
    assert [row.full_name for row in rows] == NAMES
    good = services.csv_rows_parse(imports._decode(_utf8_rows()))  # and UTF-8 stays UTF-8
    assert good[0].full_name == NAMES[2]


@pytest.mark.database_free
def test_a_utf8_sample_cut_inside_a_character_is_not_taken_for_a_bad_byte():
    data = "email,full_name\nx@example.org,Zoë".encode()[:-1]  # "ë" cut in half
    assert imports._decode(data, sample=True) == "email,full_name\nx@example.org,Zo"
    whole = data + b"\ny@example.org," + "Åsa".encode() + b"\n"
    with pytest.raises(DomainError, match=r"^Line 2 has"):  # in the whole file, a bad byte
        imports._decode(whole)


def test_an_upload_with_a_bad_byte_is_refused_beside_the_file_field_and_nothing_kept(
    client, provider, provider_user, course
):
    client.force_login(provider_user)
    response = client.post(
        reverse("courses:imports", args=[provider.pk]),
        {
            "course": course.pk,
            "file": SimpleUploadedFile("c.csv", _utf8_rows(bad_line=12), "text/csv"),
        },
    )
    assert response.status_code == 400
    beside = response.text.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]
    assert "Line 12 has a character that is not UTF-8; save the file as CSV UTF-8" in beside
    assert not CompletionImport.objects.exists()


def test_a_bad_byte_past_the_first_64_kib_fails_the_check_naming_its_line(
    provider, provider_user, course, django_capture_on_commit_callbacks
):
    """The upload reads the header from the first 64 KiB; the check reads the whole file."""
    today = timezone.localdate().isoformat()
    filler = b"".join(b"p%d@example.org,Zo\xc3\xab,%s\n" % (n, today.encode()) for n in range(2000))
    data = (
        b"email,full_name,completed_on\n" + filler + b"late@example.org,Ren\xe9e," + today.encode()
    )
    assert len(data) > 65536
    upload = SimpleUploadedFile("completions.csv", data + b"\n", "text/csv")
    imp = _checked(provider, provider_user, course, upload, django_capture_on_commit_callbacks)
    assert imp.status == CompletionImport.Status.FAILED
    assert imp.failure.startswith("Line 2002 has a character that is not UTF-8")
    assert not CourseCompletion.objects.exists()
    assert not UnmatchedCompletion.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_anything_is_kept(
    provider, provider_user, course
):
    today = timezone.localdate().isoformat()
    line = f"someone@example.org,,Some One,{today}\n"
    big = "email,candidate_number,full_name,completed_on\n" + line * (
        imports.MAX_IMPORT_BYTES // len(line) + 1
    )
    with pytest.raises(DomainError) as error:
        services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(big)
        )
    assert error.value.message.startswith("The file is 5.0\xa0MB; the largest we accept is 5.0")
    assert error.value.message.endswith("Split it into smaller files.")
    assert not CompletionImport.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file you chose is empty. Choose one with something in it."),
        (b"\r\n\n  \n", "The first line of the file is empty; it must name the columns."),
    ],
)
def test_an_empty_file_is_explained_beside_the_file_field(
    client, provider, provider_user, course, content, message
):
    client.force_login(provider_user)
    response = client.post(
        reverse("courses:imports", args=[provider.pk]),
        {"course": course.pk, "file": SimpleUploadedFile("c.csv", content, "text/csv")},
    )
    assert response.status_code == 400
    beside = response.text.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]
    assert message in beside  # beside the file field, which names it for screen readers
    assert not CompletionImport.objects.exists()


def test_every_kind_of_bad_row_gets_its_own_answer_and_nothing_is_recorded_yet(
    lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    today = timezone.localdate().isoformat()
    enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course)
    enrol(lsscp, email="ben@example.org", name="Ben Cho", names=course)
    text = (
        "email,candidate_number,full_name,completed_on\n"
        f"ann@example.org,,Ann Lee,{today}\n"  # 2: ready
        f"nobody@example.org,,No Body,{today}\n"  # 3: unknown candidate, kept for staff
        "ben@example.org,,Ben Cho,31.12.2025\n"  # 4: a date written another way
        f"ann@example.org,,Ann Lee,{today}\n"  # 5: the same row again
        f'"=HYPERLINK(""https://evil.example"")",,Ann Lee,{today}\n'  # 6: a formula
        f'ben@example.org,,"=HYPERLINK(""https://evil.example"")",{today}\n'  # 7: a formula
    )
    imp = _checked(
        provider, provider_user, course, csv_upload(text), django_capture_on_commit_callbacks
    )
    assert imp.status == CompletionImport.Status.CHECKED
    by_line = {row["line"]: row for row in imp.preview}
    assert [by_line[n]["result"] for n in range(2, 8)] == [
        "ready",
        "unmatched",
        "error",
        "error",
        "error",
        "unmatched",  # a name that is not the candidate's: nothing said about who they are
    ]
    assert "“31.12.2025” is not a date we understand" in by_line[4]["message"]
    assert "The same candidate is on line 2" in by_line[5]["message"]
    assert "is not a valid e-mail address" in by_line[6]["message"]
    assert (imp.ready_count, imp.unmatched_count, imp.error_count) == (1, 2, 3)
    assert not CourseCompletion.objects.exists()
    assert not UnmatchedCompletion.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.completion_import_confirm(imp=imp, actor=provider_user)
    imp.refresh_from_db()
    assert (imp.created_count, imp.unmatched_count, imp.error_count) == (1, 2, 3)
    kept = UnmatchedCompletion.objects.order_by("pk")
    assert [row.full_name for row in kept] == ["No Body", '=HYPERLINK("https://evil.example")']


@pytest.mark.database_free
def test_a_doubled_quote_in_a_quoted_cell_is_one_quote_whatever_the_header():
    """Spreadsheets write a quote inside a quoted cell twice; a header without quotes (from which
    the separator is learned) does not change that."""
    for sep in (",", ";", "\t"):
        text = sep.join(("email", "full_name", "completed_on")) + "\n"
        text += sep.join(("a@example.org", '"Robert ""Bob"" Smith, Jr."', "2026-03-01")) + "\n"
        rows = services.csv_rows_parse(text)
        assert [(r.email, r.full_name, r.completed_on) for r in rows] == [
            ("a@example.org", 'Robert "Bob" Smith, Jr.', "2026-03-01")
        ]
