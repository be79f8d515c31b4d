"""Completion CSVs from providers: upload, a background check with a preview, then the import.

Both steps run as tasks (`certify.courses.tasks`) that record their progress on the import row
(rows done of total) for the page to show, and read and write in chunks: a few queries per
chunk, never one per row. Each imported chunk commits on its own, so an interrupted import can
simply run again: rows already recorded come back as duplicates and are skipped.
"""

import codecs
import csv
import io
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.storage import upload_store
from certify.core.workflow import SYSTEM, check, transition
from certify.courses.models import CompletionImport, Course, CourseCompletion, Provider
from certify.courses.services.common import require_acting_for, require_reportable_course
from certify.courses.services.completions import (
    ReportCounts,
    ReportRow,
    RowOutcome,
    report_outcomes_apply,
    report_rows_check,
    unmatched_waiting,
)

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
CHUNK_ROWS = 500
PREVIEW_ROWS = 20

# The columns we read, and the headings people give them (compared in lower case, "_" = " ").
COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "email address", "e-mail address"),
    "candidate_number": ("candidate number", "candidate no", "candidate id", "candidate"),
    "completed_on": ("completed on", "completion date", "date completed", "completed", "date"),
    "full_name": ("full name", "name", "candidate name", "learner"),
    "reference": ("reference", "ref", "student id", "provider reference"),
}
TEMPLATE_HEADER = "email,candidate_number,full_name,completed_on,reference"


def _heading(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("\ufeff", "").strip().lower().split())


def _decode(data: bytes, *, sample: bool = False) -> str:
    """The file's text. `sample`: `data` is the file's first bytes, which may end inside a
    character (that character is left out, not taken for a bad byte)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" and some exports: UTF-16 with its byte-order mark. A character
        # cut at the end of the header's sample, or a broken one, becomes U+FFFD (never a crash).
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:65536]:
        raise DomainError(
            "This is not a CSV file. Save the spreadsheet as “CSV (comma delimited)” and upload "
            "that.",
            field="file",
        )
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        if sample and error.reason == "unexpected end of data" and error.end == len(body):
            return _decode(data[: len(data) - len(body) + error.start])
        bad_at = error.start
    # Older Excel on Windows saves cp1252, where no accented letter is valid UTF-8. A file that
    # is UTF-8 elsewhere (a byte-order mark, or an accented letter read right) with one bad byte
    # is a UTF-8 file damaged there: read as cp1252, every other accented name would be garbled,
    # so it is refused, naming the line.
    utf8_elsewhere = bom or any(
        ord(ch) > 127 and ch != "\ufffd" for ch in body.decode("utf-8", errors="replace")
    )
    if utf8_elsewhere:
        line = body.count(b"\n", 0, bad_at) + 1
        raise DomainError(
            f"Line {line} has a character that is not UTF-8; save the file as CSV UTF-8 and "
            "upload it again.",
            field="file",
        )
    return data.decode("cp1252", errors="replace")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first_line = text.split("\n", 1)[0]
    try:
        sniffed = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        return csv.excel

    # Only the delimiter (and a space after it) is learned from the header. Quotes follow the
    # rule every spreadsheet writes, a doubled quote inside a quoted cell being one quote: a
    # header without quotes would otherwise turn that off and garble such cells.
    class Sniffed(csv.excel):
        delimiter = sniffed.delimiter
        skipinitialspace = sniffed.skipinitialspace

    return Sniffed


def _columns(header: list[str]) -> dict[str, int]:
    wanted = {_heading(h): key for key, names in COLUMNS.items() for h in (key, *names)}
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        key = wanted.get(_heading(text))
        if key and key not in found:
            found[key] = index
    if "completed_on" not in found or not ({"email", "candidate_number"} & set(found)):
        seen = ", ".join(f"“{h.strip()}”" for h in header if h.strip()) or "nothing"
        raise DomainError(
            "The first line must name the columns: email (or candidate_number) and "
            f"completed_on. We found {seen}. Start from this line: {TEMPLATE_HEADER}",
            field="file",
        )
    return found


def _records(reader: Any) -> Iterator[list[str]]:
    """The reader's records; one it cannot read is the provider's error, naming the line where
    that record began (a quote never closed runs to the end of the file, past the csv module's
    field limit)."""
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error) or "EOF" in str(error):
                raise DomainError(
                    f'Line {start} could not be read: a quote (") opens a cell there and is '
                    "never closed, so the rest of the file ran into that cell. Close or remove "
                    "the quote and upload the file again.",
                    field="file",
                ) from None
            raise DomainError(
                f"Line {start} could not be read ({error}). Save the spreadsheet again as "
                "“CSV (comma delimited)” and upload that.",
                field="file",
            ) from None
        yield values


def csv_rows_parse(text: str) -> list[ReportRow]:
    """The rows of a completions CSV (header first); blank lines are skipped."""
    return _parse(text)[0]


def _parse(text: str) -> tuple[list[ReportRow], dict[str, str]]:
    """The rows, and each column's heading as the file writes it (by our key)."""
    reader = csv.reader(io.StringIO(text), _dialect(text))
    header = next(reader, None)
    if not header:
        raise DomainError("The file is empty.", field="file")
    columns = _columns(header)
    headings = {key: header[index].replace("\ufeff", "").strip() for key, index in columns.items()}
    rows: list[ReportRow] = []
    for values in _records(reader):
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise DomainError(
                f"The file has more than {MAX_IMPORT_ROWS:,} rows; split it into smaller files.",
                field="file",
            )

        def cell(key: str, values: list[str] = values) -> str:
            index = columns.get(key)
            return values[index].strip() if index is not None and index < len(values) else ""

        rows.append(
            ReportRow(
                line=reader.line_num,
                email=cell("email"),
                candidate_number=cell("candidate_number"),
                completed_on=cell("completed_on"),
                full_name=cell("full_name"),
                reference=cell("reference"),
            )
        )
    return rows, headings


def _read_rows(imp: CompletionImport) -> tuple[list[ReportRow], dict[str, str]]:
    with imp.file.open("rb") as handle:
        return _parse(_decode(handle.read()))


def _headed(outcomes: list[dict[str, Any]], headings: dict[str, str]) -> list[dict[str, Any]]:
    """Each row's column named as the provider's file heads it (our name for one it lacks, so
    they can add it: `full_name` for a missing second fact)."""
    for outcome in outcomes:
        key = outcome.get("column") or ""
        outcome["column"] = headings.get(key, key)
    return outcomes


@transaction.atomic
def completion_import_start(
    *, provider: Provider, course: Course, actor: User, upload: UploadedFile
) -> CompletionImport:
    """Keep the uploaded CSV and check it in the background; the page shows the progress."""
    require_acting_for(provider, actor=actor)
    require_reportable_course(provider, course)
    size = upload.size or 0
    if size == 0:
        raise DomainError("The file is empty.", field="file")
    if size > MAX_IMPORT_BYTES:
        raise DomainError(
            f"The file is {filesizeformat(size)}; the largest we accept is "
            f"{filesizeformat(MAX_IMPORT_BYTES)}. Split it into smaller files.",
            field="file",
        )
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    text = _decode(head, sample=len(head) == 65536)
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line.strip():
        raise DomainError(
            "The first line of the file is empty; it must name the columns. Start from this "
            f"line: {TEMPLATE_HEADER}",
            field="file",
        )
    _columns(next(csv.reader([first_line], _dialect(first_line))))
    imp = CompletionImport(
        provider=provider,
        course=course,
        uploaded_by=actor,
        original_name=(upload.name or "")[:255],
    )
    upload_store(imp.file, upload, field="file")
    try:
        imp.save()
    except Exception:
        imp.file.delete(save=False)
        raise
    audit_record(
        actor=actor, verb="course.completions_uploaded", target=course, data={"import": imp.pk}
    )
    _enqueue("check", imp.pk)
    return imp


def _enqueue(step: str, import_id: int) -> None:
    from certify.courses import tasks

    task = tasks.completion_import_check if step == "check" else tasks.completion_import_apply
    transaction.on_commit(lambda: task.enqueue(import_id))


_IMPORT_RELATED = ("course__program", "course__provider", "course__competency_set", "uploaded_by")


def _load(import_id: int) -> CompletionImport:
    return CompletionImport.objects.select_related(*_IMPORT_RELATED).get(pk=import_id)


def _system_move(imp: CompletionImport, move: str, **fields: Any) -> CompletionImport:
    """A background step's move, with the fields it sets, on the row locked for a moment (the
    step itself runs outside one long transaction)."""
    with transaction.atomic():
        imp = row_lock(imp, *_IMPORT_RELATED)
        for name, value in fields.items():
            setattr(imp, name, value)
        transition(imp, move, actor=SYSTEM, update_fields=list(fields))
    return imp


def _progress(imp: CompletionImport, done: int) -> None:
    CompletionImport.objects.filter(pk=imp.pk).update(rows_done=done)


def _fail(imp: CompletionImport, message: str) -> CompletionImport:
    return _system_move(imp, "fail", failure=message, finished_at=timezone.now())


def completion_import_check(*, import_id: int) -> CompletionImport:
    """Check every row (the preview): what will be recorded, skipped, kept for staff, refused."""
    imp = _load(import_id)
    if imp.status != CompletionImport.Status.CHECKING:
        return imp
    try:
        rows, headings = _read_rows(imp)
        imp.total_rows, imp.rows_done = len(rows), 0
        imp.save(update_fields=["total_rows", "rows_done"])
        seen: dict[int | str, int] = {}
        outcomes: list[RowOutcome] = []
        for start in range(0, len(rows), CHUNK_ROWS):
            outcomes.extend(
                report_rows_check(
                    course=imp.course,
                    rows=rows[start : start + CHUNK_ROWS],
                    seen=seen,
                    import_batch_id=imp.pk,
                )
            )
            _progress(imp, len(outcomes))
    except DomainError as error:
        return _fail(imp, error.message)
    errors = _headed([o.as_dict() for o in outcomes if o.result == "error"], headings)
    return _system_move(
        imp,
        "finish_check",
        total_rows=len(rows),
        rows_done=len(outcomes),
        ready_count=sum(1 for o in outcomes if o.result == "ready"),
        duplicate_count=sum(1 for o in outcomes if o.result == "duplicate"),
        unmatched_count=sum(1 for o in outcomes if o.result == "unmatched"),
        errors=errors,
        error_count=len(errors),
        preview=_headed([o.as_dict() for o in outcomes[:PREVIEW_ROWS]], headings),
        checked_at=timezone.now(),
    )


def unmatched_held(imp: CompletionImport) -> bool:
    """The checked file's not-matched rows are held for the provider to check (ADR 0009): at
    least `COURSE_IMPORT_UNMATCHED_HOLD_ROWS` of them, and more than
    `COURSE_IMPORT_UNMATCHED_HOLD_PERCENT` of the file's rows. A file like that is nearly always
    the wrong list or a wrong column, not work for program staff."""
    return (
        imp.unmatched_count >= settings.COURSE_IMPORT_UNMATCHED_HOLD_ROWS
        and imp.unmatched_count * 100
        > settings.COURSE_IMPORT_UNMATCHED_HOLD_PERCENT * max(imp.total_rows, 1)
    )


def unmatched_held_message(imp: CompletionImport) -> str:
    share = imp.unmatched_count * 100 // max(imp.total_rows, 1)
    return (
        f"{imp.unmatched_count:,} of the file's {imp.total_rows:,} rows ({share}%) match no "
        "candidate, so we hold them for you to check before anything goes to program staff. "
        "Often the candidate numbers or e-mail addresses come from another list, or the "
        "candidates have not named your course in their plan or accepted your invitation yet. "
        "Correct the file and upload it again; or, if these rows are right, check “The rows "
        "that match nobody are right: keep them for program staff” and import."
    )


def unmatched_queue_note(imp: CompletionImport) -> str:
    """What the preview says when staff's queue cannot take every not-matched row of the file
    (`COURSE_UNMATCHED_OPEN_LIMIT` for the provider); empty when it can."""
    limit = settings.COURSE_UNMATCHED_OPEN_LIMIT
    waiting = unmatched_waiting(imp.provider_id)
    if not imp.unmatched_count or waiting + imp.unmatched_count <= limit:
        return ""
    room = max(0, limit - waiting)
    return (
        f"{waiting:,} of your reports that match no candidate already wait for program staff, "
        f"and we keep at most {limit:,} for one provider: {room:,} of this file's "
        f"{imp.unmatched_count:,} not-matched rows can be kept, the rest come back as rows with "
        "errors. Check them against your records, and report them again once program staff "
        "have worked through the waiting ones."
    )


@transaction.atomic
def completion_import_confirm(
    *, imp: CompletionImport, actor: User, keep_unmatched: bool = False
) -> CompletionImport:
    """The provider saw the preview and imports the file. Not-matched rows the import holds
    (`unmatched_held`) are kept for staff only when the provider says they checked them."""
    imp = row_lock(imp, "provider")
    check(imp, "start_import", actor=actor)  # who may start comes first
    if imp.ready_count + imp.unmatched_count == 0:
        raise DomainError(
            "Nothing to import: correct the rows listed below and upload the file again."
        )
    if unmatched_held(imp) and not keep_unmatched:
        raise DomainError(unmatched_held_message(imp), field="keep_unmatched")
    imp.rows_done = 0
    transition(imp, "start_import", actor=actor, update_fields=["rows_done"])
    _enqueue("apply", imp.pk)
    return imp


@transaction.atomic
def completion_import_cancel(*, imp: CompletionImport, actor: User) -> CompletionImport:
    imp = row_lock(imp, "provider")
    imp.finished_at = timezone.now()
    transition(imp, "cancel", actor=actor, update_fields=["finished_at"])
    return imp


def completion_import_apply(*, import_id: int) -> CompletionImport:
    """Record the rows, one committed chunk at a time (safe to run again after an interruption)."""
    imp = _load(import_id)
    if imp.status != CompletionImport.Status.IMPORTING:
        return imp
    totals = ReportCounts()
    try:
        rows, headings = _read_rows(imp)
        seen: dict[int | str, int] = {}
        for start in range(0, len(rows), CHUNK_ROWS):
            with transaction.atomic():
                outcomes = report_rows_check(
                    course=imp.course,
                    rows=rows[start : start + CHUNK_ROWS],
                    seen=seen,
                    import_batch_id=imp.pk,
                    keeping=True,
                )
                counts = report_outcomes_apply(
                    course=imp.course,
                    outcomes=outcomes,
                    source=CourseCompletion.Source.PROVIDER_CSV,
                    actor=imp.uploaded_by,
                    import_batch=imp,
                )
                _progress(imp, min(start + CHUNK_ROWS, len(rows)))
            totals.created += counts.created
            totals.duplicate += counts.duplicate
            totals.unmatched += counts.unmatched
            totals.errors.extend(_headed(counts.errors, headings))
    except DomainError as error:
        return _fail(imp, error.message)
    except Exception:
        logger.exception("Completion import %s stopped", imp.pk)
        _fail(
            imp,
            "The import stopped unexpectedly. Rows recorded so far are kept; upload the file "
            "again to record the rest (rows already recorded are skipped).",
        )
        raise
    imp = _system_move(
        imp,
        "finish_import",
        rows_done=len(rows),
        total_rows=len(rows),
        created_count=totals.created,
        duplicate_count=totals.duplicate,
        unmatched_count=totals.unmatched,
        errors=totals.errors,
        error_count=len(totals.errors),
        finished_at=timezone.now(),
    )
    audit_record(
        actor=imp.uploaded_by,
        verb="course.completions_imported",
        target=imp.course,
        data={
            "import": imp.pk,
            "rows": imp.total_rows,
            "created": totals.created,
            "duplicate": totals.duplicate,
            "unmatched": totals.unmatched,
            "error": imp.error_count,
        },
    )
    return imp
