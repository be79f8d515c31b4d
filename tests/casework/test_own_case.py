"""Nobody works on their own case: a staff member who is also the candidate cannot open their own
case's staff pages, write notes on it, assign it, or be assigned it; nor can someone who
declared a conflict work on it."""

import pytest

from certify.accounts.models import Role, RoleAssignment
from certify.casework.services import case_assign, case_note_add
from certify.core.errors import DomainError


def test_staff_who_are_the_candidate_cannot_note_or_assign_their_own_case(cases, staff_user):
    RoleAssignment.objects.create(user=cases.candidate, role=Role.PROGRAM_STAFF)
    for case in cases.all():
        with pytest.raises(DomainError, match="own case"):
            case_note_add(case=case, actor=cases.candidate, body="About me.")
        with pytest.raises(DomainError, match="own case"):
            case_assign(case=case, actor=cases.candidate, assignee=staff_user)
        with pytest.raises(DomainError, match="cannot be assigned their own case"):
            case_assign(case=case, actor=staff_user, assignee=cases.candidate)
        case.refresh_from_db()
        assert case.assigned_to is None


def test_a_declared_conflict_keeps_a_staff_member_off_the_case(cases, staff_user, other_staff):
    from certify.accounts.api import conflict_declare

    conflict_declare(actor=other_staff, person_email=cases.candidate.email, reason="My sister.")
    with pytest.raises(DomainError):
        case_note_add(case=cases.application, actor=other_staff, body="x")
    with pytest.raises(DomainError, match="declared a conflict of interest"):
        case_assign(case=cases.application, actor=staff_user, assignee=other_staff)


def test_staff_who_are_the_candidate_are_refused_their_own_cases_staff_pages(
    client, cases, staff_user
):
    """Their application's and renewal's staff pages, and every staff form that shows them
    again (a decision, the rules move), answer 403 with the way to their own page; another
    staff member still opens them."""
    from django.urls import reverse

    RoleAssignment.objects.create(user=cases.candidate, role=Role.PROGRAM_STAFF)
    application, renewal = cases.application, cases.renewal
    own_pages = {
        application.get_absolute_url(): [
            ("get", reverse("applications:staff_detail", args=[application.pk]), {}),
            ("post", reverse("applications:decide", args=[application.pk]), {"decision": "x"}),
            ("get", reverse("applications:rules_move", args=[application.pk]), {}),
            ("post", reverse("applications:rules_move", args=[application.pk]), {"reason": "x"}),
        ],
        reverse("renewals:home"): [
            ("get", reverse("renewals:staff_detail", args=[renewal.pk]), {}),
            ("post", reverse("renewals:staff_decide", args=[renewal.pk]), {"action": "approve"}),
        ],
    }
    client.force_login(cases.candidate)
    for own_url, pages in own_pages.items():
        for method, url, data in pages:
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, url
            assert "This is your own" in response.text, url
            assert f'href="{own_url}"' in response.text, url
            assert "Casework" not in response.text, url
    client.force_login(staff_user)
    assert client.get(application.get_staff_url()).status_code == 200
    assert client.get(renewal.get_staff_url()).status_code == 200
