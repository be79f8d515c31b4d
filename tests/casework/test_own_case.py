"""Nobody works on their own case: a staff member who is also the candidate cannot write notes
on their own case, assign it, or be assigned it; nor can someone who declared a conflict."""

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
