"""Internal notes on applications, portfolios and renewals (ADR 0048): written by program
staff on the case's page, listed newest first with author and time, shown to nobody else."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from certify.accounts.privacy import privacy_parts
from certify.casework.models import CaseNote
from certify.casework.services import case_note_add
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from tests.conftest import count_queries

SECRET = "Called the employer: hours look padded"


def note_url(case) -> str:
    return reverse("casework:note_add", kwargs={"kind": case.case_kind, "pk": case.pk})


@pytest.mark.parametrize("kind", ["application", "portfolio", "renewal"])
def test_staff_write_a_note_on_the_case_page_and_see_it_newest_first(
    client, cases, staff_user, other_staff, kind
):
    case = getattr(cases, kind)
    case_note_add(case=case, actor=other_staff, body="First look: fine.")
    client.force_login(staff_user)
    page = client.get(case.get_staff_url())
    assert page.status_code == 200
    assert 'id="casework"' in page.text
    assert note_url(case) in page.text

    response = client.post(note_url(case), {"body": f"  {SECRET}  "})
    assert response.status_code == 302
    assert response["Location"].startswith(case.get_staff_url())
    html = client.get(case.get_staff_url()).text
    assert html.index(SECRET) < html.index("First look: fine.")  # newest first
    assert "Sam Staff" in html
    assert "Alex Archer" in html
    note = CaseNote.objects.get(body=SECRET)
    assert (note.case, note.subject, note.author) == (case, cases.candidate, staff_user)
    event = AuditEvent.objects.get(verb="casework.note_added", data__note=note.pk)
    assert (event.actor, event.target_id) == (staff_user, str(case.pk))
    assert SECRET not in str(event.data) + event.reason  # the text is not in the audit trail


def test_a_note_shows_its_time_in_the_programs_zone_month_first(client, cases, staff_user):
    cases.application.program.time_zone = "America/Chicago"
    cases.application.program.save()
    note = case_note_add(case=cases.application, actor=staff_user, body="Zone check.")
    CaseNote.objects.filter(pk=note.pk).update(created_at=datetime(2026, 3, 2, 3, 30, tzinfo=UTC))
    client.force_login(staff_user)
    html = client.get(cases.application.get_staff_url()).text
    assert "March 1, 2026, 9:30 p.m. CST" in html  # the evening before, in Chicago


def test_an_empty_or_overlong_note_is_refused_and_what_was_typed_is_kept(client, cases, staff_user):
    client.force_login(staff_user)
    empty = client.post(note_url(cases.renewal), {"body": "   "})
    assert empty.status_code == 400
    assert "Write the note first" in empty.text
    long = "Long note. " * 500
    refused = client.post(note_url(cases.renewal), {"body": long})
    assert refused.status_code == 400
    assert "Keep a note under 5,000 characters" in refused.text
    assert "Long note. Long note." in refused.text  # kept in the box
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider", "sponsor"])
@pytest.mark.parametrize("kind", ["application", "portfolio", "renewal"])
def test_every_other_role_is_refused(client_as, cases, role, kind):
    case = getattr(cases, kind)
    client = client_as(role)
    response = client.post(note_url(case), {"body": SECRET})
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert not CaseNote.objects.exists()


def test_the_candidate_themselves_cannot_write_or_read_notes(client, cases, staff_user):
    for case in cases.all():
        case_note_add(case=case, actor=staff_user, body=SECRET)
    client.force_login(cases.candidate)
    for case in cases.all():
        assert client.post(note_url(case), {"body": "Mine"}).status_code == 403
        assert client.get(case.get_staff_url()).status_code in (403, 404)
    with pytest.raises(DomainError, match="Only program staff can write internal notes"):
        case_note_add(case=cases.application, actor=cases.candidate, body="Mine")


def test_the_candidates_own_pages_and_api_never_show_notes(client, cases, staff_user):
    for case in cases.all():
        case_note_add(case=case, actor=staff_user, body=SECRET)
    client.force_login(cases.candidate)
    pages = [
        "/account/",
        cases.application.get_absolute_url(),
        reverse("portfolios:portfolio", args=[cases.portfolio.planned_set_id]),
        reverse("portfolios:preview", args=[cases.portfolio.planned_set_id]),
        "/renewal/",
        "/certificates/",
        "/api/v1/applications/mine",
        f"/api/v1/applications/{cases.application.pk}",
        "/api/v1/renewals/status",
        "/api/v1/portfolios",
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        assert SECRET not in response.text, url
        assert "Internal notes" not in response.text, url


def test_notes_are_the_candidates_data_exported_and_erased_with_the_account(cases, staff_user):
    for case in cases.all():
        case_note_add(case=case, actor=staff_user, body=SECRET)
    part = next(p for p in privacy_parts() if p.name == "casework")
    exported = part.export(cases.candidate)["staff_notes_about_you"]
    assert [row["text"] for row in exported] == [SECRET] * 3
    assert part.export(staff_user)["staff_notes_about_you"] == []  # notes are about the candidate
    part.erase(cases.candidate)
    assert not CaseNote.objects.exists()


def test_a_case_page_reads_its_notes_in_a_fixed_number_of_queries(client, cases, staff_user):
    client.force_login(staff_user)
    url = cases.renewal.get_staff_url()
    case_note_add(case=cases.renewal, actor=staff_user, body="One.")
    few = count_queries(lambda: client.get(url))
    for i in range(4):
        case_note_add(case=cases.renewal, actor=staff_user, body=f"More {i}.")
    assert count_queries(lambda: client.get(url)) == few


@pytest.mark.parametrize("kind", ["application", "portfolio", "renewal"])
def test_a_staff_member_who_is_the_candidate_never_reads_the_notes_on_their_own_case(
    client, cases, staff_user, kind
):
    """Program staff who are also the candidate are refused their own case's staff page whole
    (ADR 0048), so the notes colleagues wrote about them stay out of it (and out of the API)."""
    from certify.accounts.models import Role, RoleAssignment

    case = getattr(cases, kind)
    case_note_add(case=case, actor=staff_user, body=SECRET)
    RoleAssignment.objects.create(user=cases.candidate, role=Role.PROGRAM_STAFF)
    client.force_login(cases.candidate)
    response = client.get(case.get_staff_url())
    assert response.status_code == 403  # tests/casework/test_own_case.py: every such page
    assert SECRET not in response.text
    assert "This is your own" in response.text
    if kind == "application":
        api = client.get(f"/api/v1/staff/applications/{case.pk}/notes")
        assert api.status_code == 400
        assert "This is your own case" in api.json()["detail"]


def test_a_staff_member_who_is_the_candidate_does_not_see_who_reviews_their_portfolio(
    client, cases, staff_user
):
    """Reviewers do not know whose portfolio it is; the candidate does not learn who reviews it
    either, not through a staff role they also hold."""
    from certify.accounts.models import Role, RoleAssignment
    from certify.portfolios.models import ReviewAssignment
    from tests.factories import UserFactory

    reviewer = UserFactory(full_name="Riley Reviewer", roles=[Role.REVIEWER])
    ReviewAssignment.objects.create(
        submission=cases.submission, reviewer=reviewer, due_on="2026-12-31"
    )
    url = reverse("portfolios:staff_submission", args=[cases.submission.pk])
    client.force_login(staff_user)
    assert "Riley Reviewer" in client.get(url).text
    RoleAssignment.objects.create(user=cases.candidate, role=Role.PROGRAM_STAFF)
    client.force_login(cases.candidate)
    response = client.get(url)
    assert response.status_code == 403
    assert "Riley Reviewer" not in response.text
    assert "This is your own portfolio" in response.text
    assert client.post(url, {"reviewer": reviewer.pk}).status_code == 403
