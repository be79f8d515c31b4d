"""Before an application goes: "Check your answers" (with a warning for a supervisor's confirmation
still pending), a confirmation page before withdrawing or removing a job, and an "Undo" for a
removed job: single use, only its candidate, only within the window, only while a draft
(ADR 0040)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications import decisions, services
from certify.applications.handlers import removed_entries_purge
from certify.applications.models import Application, ExperienceEntry
from certify.core.errors import DomainError
from certify.core.undo import UNDO_WINDOW
from certify.loaddata.plans import tables_read_whole
from certify.notifications.scheduler import DAILY_JOBS
from tests.factories import ExperienceEntryFactory, UserFactory

S = Application.Status


@pytest.fixture
def entry(draft):
    return draft.experience.get()


def _remove(client, draft, entry):
    return client.post(reverse("applications:experience_delete", args=[draft.pk, entry.pk]))


def _restore(client, draft, entry):
    return client.post(
        reverse("applications:experience_restore", args=[draft.pk, entry.pk]), follow=True
    )


def _removed_minutes_ago(entry, minutes):
    ExperienceEntry.with_removed.filter(pk=entry.pk).update(
        removed_at=timezone.now() - timedelta(minutes=minutes)
    )


# --- Check your answers ---------------------------------------------------------------------------


def test_the_edit_page_leads_to_check_your_answers_instead_of_submitting(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(draft.get_absolute_url()).text
    assert reverse("applications:check", args=[draft.pk]) in page
    # No form on the edit page submits or withdraws in one tap any more.
    assert f'action="{reverse("applications:submit", args=[draft.pk])}"' not in page
    assert f'action="{reverse("applications:withdraw", args=[draft.pk])}"' not in page
    assert reverse("applications:withdraw_confirm", args=[draft.pk]) in page
    assert 'class="danger-link"' in page


def test_check_your_answers_lists_education_jobs_hours_and_change_links(
    client, lsscp, draft, applicant, entry
):
    client.force_login(applicant)
    response = client.get(reverse("applications:check", args=[draft.pk]))
    page = response.text
    assert response.status_code == 200
    assert "Check your answers before you submit" in page
    assert "High-school diploma" in page
    assert f"{entry.role} at {entry.library_name}" in page
    required = f"{lsscp.experience_hours_required:,}"
    assert f"{required} eligible hours" in page  # this job's own hours
    assert f"{required} of the {required} hours needed" in page  # the result
    assert f'href="{draft.get_absolute_url()}#entry-{entry.pk}"' in page
    assert f'href="{draft.get_absolute_url()}#education"' in page
    assert f'action="{reverse("applications:submit", args=[draft.pk])}"' in page
    assert "pending-warning" not in page
    draft.refresh_from_db()
    assert draft.status == S.DRAFT  # reading it submitted nothing


def test_a_pending_supervisor_confirmation_is_a_warning_before_submitting(
    client, draft, applicant, entry, django_capture_on_commit_callbacks
):
    entry = services.experience_save(
        application=draft,
        actor=applicant,
        entry=entry,
        supervisor_name="Pat Lee",
        supervisor_email="pat@riverside.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.supervisor_request(entry=entry, actor=applicant)
    client.force_login(applicant)
    page = client.get(reverse("applications:check", args=[draft.pk])).text
    assert 'id="pending-warning"' in page
    assert "Pat Lee has not yet confirmed your hours at" in page
    assert "staff will see these hours as not confirmed" in page
    assert "Submit without the pending confirmation" in page


def test_an_incomplete_application_lists_what_to_fix_and_offers_no_submit(
    client, draft, applicant, entry
):
    draft.attested = False
    draft.save()
    client.force_login(applicant)
    page = client.get(reverse("applications:check", args=[draft.pk])).text
    assert "Before you can submit" in page
    assert "Confirm that the information you gave is true." in page
    assert f'action="{reverse("applications:submit", args=[draft.pk])}"' not in page


def test_the_old_submit_endpoint_still_checks_everything(client, draft, applicant):
    """Posting straight to submit, without the check page, meets the same server-side rules."""
    draft.attested = False
    draft.save()
    client.force_login(applicant)
    response = client.post(reverse("applications:submit", args=[draft.pk]))
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_check_your_answers_is_the_candidates_own(client, draft, applicant, staff):
    other = UserFactory(roles=[Role.CANDIDATE])
    url = reverse("applications:check", args=[draft.pk])
    client.force_login(other)
    assert client.get(url).status_code == 404  # another candidate's: as an unknown one
    client.force_login(staff)
    assert client.get(url).status_code == 403  # staff know of it


def test_a_submitted_application_has_nothing_left_to_check(client, submitted, applicant):
    client.force_login(applicant)
    response = client.get(reverse("applications:check", args=[submitted.pk]))
    assert response.status_code == 302
    assert response.url == submitted.get_absolute_url()


# --- Withdraw: a confirmation first -----------------------------------------------------------


def test_withdrawing_asks_first_and_reading_the_question_changes_nothing(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(reverse("applications:withdraw_confirm", args=[draft.pk])).text
    assert "Withdraw your application?" in page
    assert 'class="warning-callout"' in page
    assert "You cannot submit it again or undo this." in page
    assert f'action="{reverse("applications:withdraw", args=[draft.pk])}"' in page
    assert "Yes, withdraw my application" in page
    assert "No, go back" in page
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    client.post(reverse("applications:withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == S.WITHDRAWN


def test_the_withdraw_question_is_refused_to_others(client, draft, staff):
    url = reverse("applications:withdraw_confirm", args=[draft.pk])
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert client.get(url).status_code == 404  # another candidate's: as an unknown one
    client.force_login(staff)
    assert client.get(url).status_code == 403  # staff know of it


# --- Remove a job: confirmation, then undo ---------------------------------------------------


def test_removing_a_job_asks_first(client, draft, applicant, entry):
    client.force_login(applicant)
    url = reverse("applications:experience_delete_confirm", args=[draft.pk, entry.pk])
    page = client.get(url).text
    assert f"Remove “{entry}”?" in page
    assert "You can undo this for 10 minutes" in page
    assert "Yes, remove this job" in page
    assert draft.experience.count() == 1  # reading the question removed nothing


def test_a_removed_job_counts_nowhere_and_undo_puts_it_back(client, lsscp, draft, applicant, entry):
    client.force_login(applicant)
    _remove(client, draft, entry)
    assert not draft.experience.exists()
    assert services.application_eligibility(application=draft).hours == 0
    page = client.get(draft.get_absolute_url()).text
    assert f"You removed “{entry}”." in page
    assert reverse("applications:experience_restore", args=[draft.pk, entry.pk]) in page

    page = _restore(client, draft, entry).text
    assert f"“{entry}” is back on your application." in page
    assert list(draft.experience.all()) == [entry]
    required = lsscp.experience_hours_required
    assert services.application_eligibility(application=draft).hours == required


def test_undo_works_once(client, draft, applicant, entry):
    client.force_login(applicant)
    _remove(client, draft, entry)
    _restore(client, draft, entry)
    page = _restore(client, draft, entry).text
    assert "There is nothing to undo" in page
    assert draft.experience.count() == 1


def test_undo_is_refused_after_the_window(client, draft, applicant, entry):
    client.force_login(applicant)
    _remove(client, draft, entry)
    _removed_minutes_ago(entry, UNDO_WINDOW.total_seconds() / 60 + 1)
    page = _restore(client, draft, entry).text
    assert "It is too late to undo" in page
    assert not draft.experience.exists()
    assert "You removed" not in client.get(draft.get_absolute_url()).text  # no Undo offered


def test_undo_is_refused_once_the_application_is_submitted(client, draft, applicant, entry):
    second = ExperienceEntryFactory(application=draft, library_name="Hill Branch")
    client.force_login(applicant)
    _remove(client, draft, second)
    services.application_submit(application=draft, actor=applicant)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.experience_restore(application=draft, entry_id=second.pk, actor=applicant)
    assert list(draft.experience.all()) == [entry]


def test_undo_is_refused_when_submitted_since_even_if_staff_ask_for_more(
    draft, applicant, entry, staff
):
    second = ExperienceEntryFactory(application=draft, library_name="Hill Branch")
    services.experience_delete(entry=second, actor=applicant)
    services.application_submit(application=draft, actor=applicant)
    decisions.application_request_info(application=draft, actor=staff, reason="Dates?")
    with pytest.raises(DomainError, match="submitted the application after removing"):
        services.experience_restore(application=draft, entry_id=second.pk, actor=applicant)


def test_undo_is_refused_to_anyone_else(client, draft, applicant, entry, staff):
    services.experience_delete(entry=entry, actor=applicant)
    other = UserFactory(roles=[Role.CANDIDATE])
    for person in (other, staff):
        with pytest.raises(DomainError, match="not your application"):
            services.experience_restore(application=draft, entry_id=entry.pk, actor=person)
        client.force_login(person)
        response = client.post(
            reverse("applications:experience_restore", args=[draft.pk, entry.pk])
        )
        assert response.status_code == (403 if person == staff else 404)
    assert not draft.experience.exists()


def test_a_removed_jobs_supervisor_link_stops_and_works_again_after_undo(
    client, draft, applicant, entry, django_capture_on_commit_callbacks
):
    entry = services.experience_save(
        application=draft,
        actor=applicant,
        entry=entry,
        supervisor_name="Pat Lee",
        supervisor_email="pat@riverside.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.supervisor_request(entry=entry, actor=applicant)
    token = mail.outbox[-1].body.split("/supervisor/")[1].split("/")[0]
    link = reverse("applications:supervisor", args=[token])
    services.experience_delete(entry=entry, actor=applicant)
    refused = client.get(link)
    assert refused.status_code == 410
    assert "removed this job" in refused.text
    services.experience_restore(application=draft, entry_id=entry.pk, actor=applicant)
    assert client.get(link).status_code == 200


def test_the_daily_purge_deletes_only_removals_past_the_window(draft, applicant, entry):
    recent = ExperienceEntryFactory(application=draft, library_name="Hill Branch")
    services.experience_delete(entry=entry, actor=applicant)
    services.experience_delete(entry=recent, actor=applicant)
    _removed_minutes_ago(entry, UNDO_WINDOW.total_seconds() / 60 + 1)
    assert "applications.removed_purge" in DAILY_JOBS
    assert removed_entries_purge(timezone.localdate()) == "1 removed job(s) deleted"
    assert list(ExperienceEntry.with_removed.filter(application=draft)) == [recent]


def test_the_daily_purge_reads_the_removed_jobs_by_index(draft, applicant, entry):
    """At a million certificates the purge read every job of every application for the few
    removed ones (ADR 0060): its queries go through the partial index of removals (PostgreSQL
    told to avoid reading a table whole where it can, as tiny test tables tempt it to)."""
    services.experience_delete(entry=entry, actor=applicant)
    _removed_minutes_ago(entry, UNDO_WINDOW.total_seconds() / 60 + 1)
    ExperienceEntryFactory.create_batch(3, application=draft)
    table = ExperienceEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        with CaptureQueriesContext(connection) as queries:
            assert services.experience_removed_purge() == 1
        read = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
        assert read  # the selection of what is due, and the delete
        assert all(table not in tables_read_whole(sql) for sql in read)
