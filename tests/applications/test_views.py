import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications import decisions, services
from certify.applications.models import Application, ConfirmationRequest, ExperienceEntry
from certify.applications.services import application_submit, supervisor_link
from tests.conftest import count_queries
from tests.days import InDays, dated
from tests.factories import (
    LSSCP_WEEKLY_HOURS,
    ApplicationFactory,
    ExperienceEntryFactory,
    UserFactory,
)

S = Application.Status
ENTRY: dict[str, Any] = {
    "new-library_name": "Riverside Public Library",
    "new-library_type": "public",
    "new-role": "Circulation assistant",
    "new-paid": "on",
    "new-start_date": InDays(-(52 * 7 - 1)),
    "new-end_date": "",
    "new-hours_mode": "weekly",
    "new-hours_per_week": str(LSSCP_WEEKLY_HOURS),
    "new-total_hours": "",
    "new-supervisor_name": "",
    "new-supervisor_email": "",
}


def entry_typed() -> dict[str, str]:
    """ENTRY as typed on the day the test runs: a job begun 52 weeks before."""
    return dated(ENTRY, iso=True)


def test_a_candidate_applies_end_to_end(
    client, lsscp, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    assert "Start my application" in client.get(reverse("applications:apply")).text
    response = client.post(reverse("applications:apply"))
    application = Application.objects.get(candidate=applicant)
    assert response.url == application.get_absolute_url()
    page = client.get(response.url).text
    assert f"0 of the {lsscp.experience_hours_required:,} hours needed" in page

    # htmx autosave of the education part returns the status and the refreshed hours panel,
    # never the fields: re-rendering them would wipe what is typed while the save is on its way.
    response = client.post(
        reverse("applications:education", args=[application.pk]),
        {"education_level": "diploma", "education_country": "US", "attested": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.text.strip().startswith("Saved at ")
    assert 'name="education_country"' not in response.text
    assert 'aria-labelledby="eligibility-title" hx-swap-oob="true"' in response.text

    response = client.post(
        reverse("applications:experience_add", args=[application.pk]),
        entry_typed(),
        headers={"HX-Request": "true"},
    )
    required = f"{lsscp.experience_hours_required:,}"
    assert f"{required} of the {required} hours needed" in response.text
    assert "You have enough library experience." in response.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)
    assert "Submitted, waiting for review" in response.text
    assert "What happens next: program staff check your eligibility" in response.text
    target = timezone.localdate() + timedelta(days=lsscp.target_application_days)
    assert f"by {target:%B} {target.day}, {target.year}" in response.text
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    home = client.get(reverse("accounts:home")).text
    assert "Waiting for review" in home  # the application's row in the task list


def test_an_invalid_entry_keeps_what_was_typed(client, lsscp, applicant):
    client.force_login(applicant)
    client.post(reverse("applications:apply"))
    application = Application.objects.get(candidate=applicant)
    bad = {**entry_typed(), "new-end_date": "2000-01-01", "new-library_name": "Hillside Branch"}
    response = client.post(reverse("applications:experience_add", args=[application.pk]), bad)
    assert response.status_code == 400
    assert "The end date is before the start date." in response.text
    assert 'value="Hillside Branch"' in response.text
    assert not ExperienceEntry.objects.exists()


def test_a_second_job_offers_the_library_and_supervisor_already_typed(client, lsscp, applicant):
    """WCAG 3.3.7 Redundant Entry: a second job at the same library, under the same supervisor,
    is picked from what the candidate typed for the first, not typed again."""
    client.force_login(applicant)
    client.post(reverse("applications:apply"))
    application = Application.objects.get(candidate=applicant)
    first = {
        **entry_typed(),
        "new-supervisor_name": "Ngozi Adeyemi",
        "new-supervisor_email": "n@x.org",
    }
    response = client.post(
        reverse("applications:experience_add", args=[application.pk]),
        first,
        headers={"HX-Request": "true"},
    )
    for page in (response.text, client.get(application.get_absolute_url()).text):
        for name, value in [
            ("library_name", "Riverside Public Library"),
            ("supervisor_name", "Ngozi Adeyemi"),
            ("supervisor_email", "n@x.org"),
        ]:
            assert (
                f'<datalist id="earlier-{name}"><option value="{value}"></option></datalist>'
                in (page)
            )
            assert re.search(rf'<input[^>]*name="new-{name}"[^>]*list="earlier-{name}"', page) or (
                re.search(rf'<input[^>]*list="earlier-{name}"[^>]*name="new-{name}"', page)
            )


def test_submitting_too_early_lists_the_problems(client, lsscp, applicant):
    client.force_login(applicant)
    client.post(reverse("applications:apply"))
    application = Application.objects.get(candidate=applicant)
    response = client.post(reverse("applications:submit", args=[application.pk]))
    assert response.status_code == 400
    assert "Before you can submit" in response.text
    assert "Add at least one library job or volunteer role." in response.text


def test_an_entry_edit_saves_and_refreshes_the_hours(client, draft, applicant):
    client.force_login(applicant)
    entry = draft.experience.get()
    data = {f"e{entry.pk}-{k[4:]}": v for k, v in entry_typed().items()}
    data[f"e{entry.pk}-hours_per_week"] = "20"
    response = client.post(
        reverse("applications:experience_edit", args=[draft.pk, entry.pk]),
        data,
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f"1,040 of the {draft.program.experience_hours_required:,} hours" in response.text
    assert response.text.strip().startswith("Saved at ")
    assert f'id="entry-{entry.pk}-title" hx-swap-oob="true"' in response.text
    assert f'name="e{entry.pk}-hours_per_week"' not in response.text  # the fields stay as typed
    entry.refresh_from_db()
    assert entry.hours_per_week == 20


def test_an_autosave_with_an_error_puts_the_form_back_with_what_was_typed(client, draft, applicant):
    client.force_login(applicant)
    entry = draft.experience.get()
    data = {f"e{entry.pk}-{k[4:]}": v for k, v in entry_typed().items()}
    data[f"e{entry.pk}-end_date"] = "2000-01-01"
    data[f"e{entry.pk}-role"] = "Circulation clerk"
    response = client.post(
        reverse("applications:experience_edit", args=[draft.pk, entry.pk]),
        data,
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Retarget"] == f"#entry-{entry.pk}"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "The end date is before the start date." in response.text
    assert 'value="Circulation clerk"' in response.text

    response = client.post(
        reverse("applications:education", args=[draft.pk]),
        {"education_level": "a-phd-in-everything", "education_country": "US"},
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Retarget"] == "#education"
    assert "Choose one of the options offered." in response.text


ROLES_REFUSED = ["reviewer", "provider", "sponsor", "no_role"]


@pytest.mark.parametrize("role", ROLES_REFUSED)
def test_only_candidates_can_apply(db, lsscp, client_as, role):
    assert client_as(role).get(reverse("applications:apply")).status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client, draft):
    for url in (
        reverse("applications:apply"),
        draft.get_absolute_url(),
        reverse("applications:queue"),
        reverse("applications:staff_detail", args=[draft.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response.url


def test_another_candidate_cannot_see_or_change_an_application(client, draft):
    other = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(other)
    # Another candidate's application is the 404 page of an unknown one, word for word.
    seen = client.get(draft.get_absolute_url())
    unknown = client.get(reverse("applications:detail", args=[draft.pk + 1000]))
    assert seen.status_code == unknown.status_code == 404
    main = lambda r: r.text.split("<main")[1].split("</main>")[0]  # noqa: E731 (nonces differ)
    assert main(seen) == main(unknown)
    entry = draft.experience.get()
    posts = [
        reverse("applications:education", args=[draft.pk]),
        reverse("applications:experience_add", args=[draft.pk]),
        reverse("applications:experience_edit", args=[draft.pk, entry.pk]),
        reverse("applications:experience_delete", args=[draft.pk, entry.pk]),
        reverse("applications:supervisor_request", args=[draft.pk, entry.pk]),
        reverse("applications:submit", args=[draft.pk]),
        reverse("applications:withdraw", args=[draft.pk]),
        reverse("applications:appeal_notice", args=[draft.pk]),
    ]
    for url in posts:
        assert client.post(url, entry_typed()).status_code == 404, url
    assert draft.experience.count() == 1
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor", "no_role"])
def test_staff_pages_are_refused_to_everyone_else(db, submitted, client_as, role):
    client = client_as(role)
    assert client.get(reverse("applications:queue")).status_code == 403
    assert client.get(reverse("applications:staff_detail", args=[submitted.pk])).status_code == 403
    response = client.post(
        reverse("applications:decide", args=[submitted.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_staff_decide_from_the_detail_page(
    client, submitted, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = client.get(reverse("applications:staff_detail", args=[submitted.pk])).text
    assert "Riverside Public Library" in page
    required = f"{submitted.program.experience_hours_required:,}"
    assert f"{required} of the {required} hours" in page
    response = client.post(
        reverse("applications:decide", args=[submitted.pk]),
        {"decision": "reject", "reason": ""},
        follow=True,
    )
    assert "Give a reason" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:decide", args=[submitted.pk]), {"decision": "accept"})
    submitted.refresh_from_db()
    assert submitted.status == S.ACCEPTED
    assert submitted.completion_deadline is not None


def test_the_queue_filters_and_keeps_a_fixed_query_count(client, lsscp, staff):
    client.force_login(staff)

    def make(n, **kw):
        for _ in range(n):
            app = ApplicationFactory(program=lsscp, **kw)
            ExperienceEntryFactory(application=app)
            application_submit(application=app, actor=app.candidate)

    make(2)
    few = count_queries(lambda: client.get(reverse("applications:queue")))
    make(12)
    make(1, education_country="CA", education_note="Ontario Secondary School Diploma, 2010")
    assert count_queries(lambda: client.get(reverse("applications:queue"))) == few
    text = client.get(reverse("applications:queue"), {"outside_us": "on"}).text
    assert "1 application," in text
    text = client.get(reverse("applications:queue"), {"country": "CA"}).text
    assert "Canada" in text


def test_a_supervisor_answers_without_an_account(client, draft):
    entry = draft.experience.get()
    ExperienceEntry.objects.filter(pk=entry.pk).update(supervisor_email="pat@example.org")
    services.supervisor_request(entry=entry, actor=draft.candidate)  # the link goes out
    confirmation = ConfirmationRequest.objects.get(entry=entry)
    url = reverse(
        "applications:supervisor", args=[supervisor_link(confirmation=confirmation).token]
    )
    page = client.get(url).text
    assert "Riverside Public Library" in page
    assert "35 hours a week" in page
    response = client.post(url, {"answer": "correct", "note": ""})
    assert response.status_code == 400
    assert "Give the correct hours or a note" in response.text
    # On a phone the page opens at the summary, which links the reason to the hours field.
    assert f'action="{url}#answer-errors"' in response.text
    assert 'href="#id_hours"' in response.text
    response = client.post(url, {"note": ""})  # no answer chosen
    assert "Say whether the hours are right or need a correction." in response.text
    response = client.post(url, {"answer": "confirm"})
    assert "Thank you" in response.text
    entry.refresh_from_db()
    assert entry.supervisor_status == "confirmed"
    again = client.post(url, {"answer": "correct", "hours": "4000", "note": "More."})
    assert again.status_code == 410  # the link answers once
    assert "This link has been used" in again.text
    assert client.get(url).status_code == 410
    entry.refresh_from_db()
    assert (entry.supervisor_status, entry.supervisor_hours) == ("confirmed", None)
    assert client.get(url[:-3] + "xx/").status_code == 400


def test_a_decision_covers_the_submission_its_decider_read(
    client, submitted, applicant, staff, django_capture_on_commit_callbacks
):
    """Staff open the application; meanwhile another staff member asks for more information
    and the candidate sends it again. The first page's decision is refused with the time it was
    sent again, its choice and reason kept, nothing decided; the page now shows the new
    submission, and deciding from it works."""
    client.force_login(staff)
    url = reverse("applications:staff_detail", args=[submitted.pk])
    opened = client.get(url).text
    first = submitted.submitted_at.isoformat()
    assert f'name="submitted_at_seen" value="{first}"' in opened
    decisions.application_request_info(
        application=submitted, actor=UserFactory(roles=[Role.PROGRAM_STAFF]), reason="Dates?"
    )
    services.application_submit(application=submitted, actor=applicant)
    submitted.refresh_from_db()
    decide = reverse("applications:decide", args=[submitted.pk])
    stale = {"decision": "reject", "reason": "Too few hours.", "submitted_at_seen": first}
    response = client.post(decide, stale)
    assert response.status_code == 400
    assert "sent this application again on" in response.text
    assert "after you opened it: read it again before you decide." in response.text
    assert "Too few hours." in response.text
    now = submitted.submitted_at.isoformat()
    assert f'name="submitted_at_seen" value="{now}"' in response.text
    submitted.refresh_from_db()
    assert (submitted.status, submitted.decision_reason) == (S.SUBMITTED, "Dates?")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {**stale, "decision": "accept", "submitted_at_seen": now})
    submitted.refresh_from_db()
    assert submitted.status == S.ACCEPTED


def test_hours_show_as_people_write_them(client, draft, applicant):
    """A saved 20.00 hours a week comes back in its field as "20" (12.50 as "12.5"), and the
    submitted application's eligible hours are whole ("3,131", not "3,131.43")."""
    from decimal import Decimal

    entry = draft.experience.get()
    entry.hours_per_week = Decimal("20.00")
    entry.total_hours = Decimal("12.50")
    entry.save(update_fields=["hours_per_week", "total_hours"])
    client.force_login(applicant)
    page = client.get(draft.get_absolute_url()).text
    assert re.search(r'name="e\d+-hours_per_week" value="20"', page)
    assert re.search(r'name="e\d+-total_hours" value="12.5"', page)
    assert 'value="20.00"' not in page
    assert "Hours are shown in whole hours" in page
    Application.objects.filter(pk=draft.pk).update(
        status=S.SUBMITTED, submitted_at=timezone.now(), eligible_hours=Decimal("3131.43")
    )
    page = client.get(draft.get_absolute_url()).text
    assert "with 3,131 eligible hours." in page
