"""Two uploads of a provider applied at the same moment (PostgreSQL, threads with their own
connections): together they never keep more not-matched rows than the provider's cap, and the
same not-matched row in both is kept once, the other saying it was already reported (ADR 0009).
"""

import time

import pytest

from certify.courses import services
from certify.courses.models import CompletionImport, UnmatchedCompletion
from certify.courses.services import imports
from tests.courses.conftest import csv_upload
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _file(*people: str) -> str:
    rows = "".join(f"{who}@example.org,,{who.title()} Stranger,2026-11-02\n" for who in people)
    return "email,candidate_number,full_name,completed_on\n" + rows


@pytest.fixture
def confirmed(monkeypatch, lsscp, provider, provider_user, course):
    """Upload and check a file, confirm it, and leave its rows to be applied by the test."""
    enqueue = imports._enqueue
    monkeypatch.setattr(
        imports, "_enqueue", lambda step, pk: None if step == "apply" else enqueue(step, pk)
    )

    def upload(text: str) -> CompletionImport:
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
        imp.refresh_from_db()
        assert imp.status == CompletionImport.Status.CHECKED, imp.failure
        services.completion_import_confirm(imp=imp, actor=provider_user, keep_unmatched=True)
        return imp

    return upload


def _apply_at_once(*uploads: CompletionImport) -> list[CompletionImport]:
    def apply(imp):
        return lambda: imports.completion_import_apply(import_id=imp.pk)

    _, errors = at_once(*[apply(imp) for imp in uploads])
    assert errors == []
    return [CompletionImport.objects.get(pk=imp.pk) for imp in uploads]


def test_two_uploads_at_once_stay_within_the_cap(settings, confirmed):
    settings.COURSE_UNMATCHED_OPEN_LIMIT = 3
    first, second = confirmed(_file("ann", "bo")), confirmed(_file("cy", "di"))
    first, second = _apply_at_once(first, second)
    assert UnmatchedCompletion.objects.filter(status="open").count() == 3
    assert first.unmatched_count + second.unmatched_count == 3  # kept for staff ...
    refused = [row["message"] for imp in (first, second) for row in imp.errors]
    assert len(refused) == 1  # ... and the fourth came back, saying why
    assert refused[0].startswith("Not kept: 3 of your reports that match no candidate")


def test_the_same_file_twice_at_once_keeps_each_not_matched_row_once(monkeypatch, confirmed):
    """Each upload checks what was reported before, then keeps its rows: without one lock over
    both steps, two uploads that check at the same moment both keep the same rows."""
    first, second = confirmed(_file("ann", "bo")), confirmed(_file("ann", "bo"))
    check = imports.report_rows_check

    def slow_check(**kwargs):
        outcomes = check(**kwargs)
        time.sleep(0.5)  # the other upload checks meanwhile
        return outcomes

    monkeypatch.setattr(imports, "report_rows_check", slow_check)
    first, second = _apply_at_once(first, second)
    assert UnmatchedCompletion.objects.count() == 2
    assert sorted([first.duplicate_count, second.duplicate_count]) == [0, 2]
    later = first if first.duplicate_count else second
    assert UnmatchedCompletion.objects.filter(import_batch=later).count() == 0
