"""Completion reports that cannot repeat or flood program staff's "not matched" queue (ADR 0009):
a row reported before is a duplicate saying when, by any door; a provider's open not-matched rows
are capped; an import mostly of rows that match nobody is held for the provider to check."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.courses import services
from certify.courses.models import CompletionImport, CourseCompletion, UnmatchedCompletion
from certify.courses.numbers import candidate_number
from tests.courses.conftest import csv_upload, enrol


def _import(provider, user, course, text, capture, keep_unmatched=False):
    with capture(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=user, upload=csv_upload(text)
        )
    imp.refresh_from_db()
    with capture(execute=True):
        services.completion_import_confirm(imp=imp, actor=user, keep_unmatched=keep_unmatched)
    imp.refresh_from_db()
    return imp


def _api(client, provider, course, key, rows):
    return client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
        {"completions": rows},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    ).json()


def _file(*rows):
    return "email,candidate_number,full_name,completed_on\n" + "".join(f"{r}\n" for r in rows)


def test_a_file_uploaded_again_keeps_no_not_matched_row_twice(
    lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    """A provider uploads the same file again after an import they think failed: the rows the
    first import kept for staff say when they were reported and by which import."""
    today = timezone.localdate()
    day = f"{today:%B %-d, %Y}"
    ann = enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course)
    text = _file(
        f"ann@example.org,,Ann Lee,{today}",
        f"stranger@example.org,,A Stranger,{today}",
        f",LSSCP-C-7K3Q9M2X,Sam Rivera,{today}",
    )
    first = _import(provider, provider_user, course, text, django_capture_on_commit_callbacks)
    assert (first.created_count, first.unmatched_count) == (1, 2)

    with django_capture_on_commit_callbacks(execute=True):
        again = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    again.refresh_from_db()
    assert (again.ready_count, again.duplicate_count, again.unmatched_count) == (0, 3, 0)
    messages = [row["message"] for row in again.preview]
    assert messages == [
        f"Already recorded for this candidate on {day} (import {first.pk}); nothing to do.",
        f"Already reported on {day} (import {first.pk}): program staff have it and will match "
        "it to the candidate; nothing to report again.",
        f"Already reported on {day} (import {first.pk}): program staff have it and will match "
        "it to the candidate; nothing to report again.",
    ]
    with pytest.raises(DomainError, match="Nothing to import"):
        services.completion_import_confirm(imp=again, actor=provider_user)
    assert UnmatchedCompletion.objects.count() == 2
    assert CourseCompletion.objects.filter(application=ann).count() == 1


def test_the_same_not_matched_row_twice_in_one_file_is_kept_once(
    client, provider, provider_user, course, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    day = f"{today:%B %-d, %Y}"
    text = _file(
        f"kim@example.org,,Kim Park,{today}",
        f"x{0}@example.org,,X,{today}",
        f"KIM@example.org,,Kim Park,{today}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    imp.refresh_from_db()
    assert (imp.unmatched_count, imp.error_count) == (2, 1)
    assert imp.errors[0]["message"] == (
        "The same completion is on line 2: report each candidate once, so remove one of the two "
        "rows."
    )
    assert imp.errors[0]["column"] == "email"
    imp = _import_confirmed(imp, provider_user, django_capture_on_commit_callbacks)
    assert UnmatchedCompletion.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        again = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    client.force_login(provider_user)
    page = client.get(again.get_absolute_url()).text
    assert f"Skipped: Already reported on {day} (import {imp.pk})" in page


def test_a_row_matched_or_closed_by_staff_is_not_sent_to_them_again(
    lsscp, client, provider, provider_user, course, key, django_capture_on_commit_callbacks
):
    """Whatever staff did with it, and by whichever door it comes again (upper case, the API),
    the same completion date and candidate number or e-mail address is the same report."""
    today = timezone.localdate()
    day = f"{today:%B %-d, %Y}"
    text = _file(
        f"stranger@example.org,,A Stranger,{today}", f",LSSCP-C-7K3Q9M2X,Sam Rivera,{today}"
    )
    first = _import(provider, provider_user, course, text, django_capture_on_commit_callbacks)
    UnmatchedCompletion.objects.filter(email="stranger@example.org").update(status="dismissed")
    UnmatchedCompletion.objects.filter(email="").update(status="matched")
    body = _api(
        client,
        provider,
        course,
        key,
        [
            {"email": "STRANGER@example.org", "full_name": "A Stranger", "completed_on": today},
            {"candidate_number": "lsscp-c-7k3q9m2x", "full_name": "S R", "completed_on": today},
            {
                "email": "stranger@example.org",
                "full_name": "A Stranger",
                "completed_on": "2020-1-1",
            },
        ],
    )
    assert [r["result"] for r in body["rows"]] == ["duplicate", "duplicate", "error"]
    assert body["rows"][0]["message"] == (
        f"Already reported on {day} (import {first.pk}): program staff looked at it and closed "
        "it; nothing to report again."
    )
    assert "program staff matched it to the candidate" in body["rows"][1]["message"]
    assert UnmatchedCompletion.objects.count() == 2


def test_the_one_completion_form_says_when_the_api_reported_it(
    client, provider, provider_user, course, key
):
    today = timezone.localdate()
    day = f"{today:%B %-d, %Y}"
    _api(
        client,
        provider,
        course,
        key,
        [{"email": "kim@example.org", "full_name": "Kim Park", "completed_on": today}],
    )
    with pytest.raises(DomainError) as refused:
        services.completion_report_one(
            provider=provider,
            course=course,
            actor=provider_user,
            email="Kim@Example.org",
            full_name="Kim Park",
            completed_on=today.isoformat(),
        )
    assert refused.value.message == (
        f"Already reported on {day}: program staff have it and will match it to the candidate; "
        "nothing to report again."
    )
    assert UnmatchedCompletion.objects.count() == 1


def test_a_providers_open_not_matched_rows_are_capped(
    client, settings, provider, provider_user, course, key
):
    today = timezone.localdate()
    settings.COURSE_UNMATCHED_OPEN_LIMIT = 2
    rows = [
        {"email": f"nobody{i}@example.org", "full_name": f"Nobody {i}", "completed_on": today}
        for i in range(3)
    ]
    body = _api(client, provider, course, key, rows)
    assert [r["result"] for r in body["rows"]] == ["unmatched", "unmatched", "error"]
    assert (body["unmatched"], body["error"]) == (2, 1)
    assert body["rows"][2]["message"].startswith(
        "Not kept: 2 of your reports that match no candidate already wait for program staff, "
        "the most we keep for one provider."
    )
    # Once staff worked through one, there is room for one again.
    UnmatchedCompletion.objects.filter(email="nobody0@example.org").update(status="dismissed")
    again = _api(client, provider, course, key, rows[2:])
    assert again["rows"][0]["result"] == "unmatched"
    assert UnmatchedCompletion.objects.filter(status="open").count() == 2


def test_the_preview_says_how_many_wait_when_the_queue_is_nearly_full(
    client, settings, provider, provider_user, course, key, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    settings.COURSE_UNMATCHED_OPEN_LIMIT = 3
    _api(
        client,
        provider,
        course,
        key,
        [{"email": "a@example.org", "full_name": "A B", "completed_on": today}] * 1,
    )
    text = _file(*(f"n{i}@example.org,,N {i},{today}" for i in range(4)))
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    client.force_login(provider_user)
    page = client.get(imp.get_absolute_url()).text
    assert (
        "1 of your reports that match no candidate already wait for program staff, and we keep "
        "at most 3 for one provider: 2 of this file&#x27;s 4 not-matched rows can be kept"
    ) in page
    imp = _import_confirmed(imp, provider_user, django_capture_on_commit_callbacks)
    assert (imp.unmatched_count, imp.error_count) == (2, 2)
    assert UnmatchedCompletion.objects.filter(import_batch=imp).count() == 2


def _import_confirmed(imp, user, capture):
    imp.refresh_from_db()
    with capture(execute=True):
        services.completion_import_confirm(imp=imp, actor=user)
    imp.refresh_from_db()
    return imp


def test_a_file_mostly_of_rows_matching_nobody_is_held_for_the_provider_to_check(
    client, lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course)
    text = _file(
        f"ann@example.org,,Ann Lee,{today}",
        *(f"wrong{i}@example.org,,Wrong {i},{today}" for i in range(20)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.completion_import_start(
            provider=provider, course=course, actor=provider_user, upload=csv_upload(text)
        )
    imp.refresh_from_db()
    with pytest.raises(DomainError) as held:
        services.completion_import_confirm(imp=imp, actor=provider_user)
    assert held.value.message.startswith(
        "20 of the file's 21 rows (95%) match no candidate, so we hold them for you to check "
        "before anything goes to program staff."
    )
    client.force_login(provider_user)
    page = client.get(imp.get_absolute_url()).text
    assert "Check the rows that match nobody." in page
    assert 'name="keep_unmatched"' in page
    confirm = reverse("courses:import_confirm", args=[provider.pk, imp.pk])
    client.post(confirm)
    imp.refresh_from_db()
    assert imp.status == CompletionImport.Status.CHECKED  # nothing ran
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm, {"keep_unmatched": "1"})
    imp.refresh_from_db()
    assert (imp.status, imp.created_count, imp.unmatched_count) == ("done", 1, 20)
    assert UnmatchedCompletion.objects.count() == 20


def test_a_file_with_a_few_rows_matching_nobody_is_not_held(
    lsscp, provider, provider_user, course, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    for i in range(2):
        enrol(lsscp, email=f"e{i}@example.org", name=f"E {i}", names=course)
    text = _file(
        "e0@example.org,,E 0," + str(today),
        "e1@example.org,,E 1," + str(today),
        *(f"x{i}@example.org,,X {i},{today}" for i in range(2)),
    )
    imp = _import(provider, provider_user, course, text, django_capture_on_commit_callbacks)
    assert (imp.status, imp.unmatched_count) == ("done", 2)


def test_the_api_names_the_field_of_each_refused_row(client, lsscp, provider, course, key):
    today = timezone.localdate()
    ben = enrol(lsscp, email="ben@example.org", name="Ben", names=course)
    body = _api(
        client,
        provider,
        course,
        key,
        [
            {"email": "ben@example.org", "full_name": "Ben", "completed_on": "yesterday"},
            {"email": "not-an-address", "full_name": "Ben", "completed_on": today},
            {"candidate_number": candidate_number(ben), "completed_on": today},
            {"candidate_number": candidate_number(ben), "full_name": "Ben", "completed_on": today},
        ],
    )
    assert [(r["result"], r["field"]) for r in body["rows"]] == [
        ("error", "completed_on"),
        ("error", "email"),
        ("error", "full_name"),
        ("created", ""),
    ]


def test_the_openapi_document_shows_the_field_with_an_example(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    row = schema["components"]["schemas"]["RowResultOut"]
    assert "field" in row["properties"]
    example = schema["components"]["schemas"]["ReportOut"]["examples"][0]
    assert {"row": 4, "result": "error"}.items() <= example["rows"][3].items()
    assert example["rows"][3]["field"] == "completed_on"
