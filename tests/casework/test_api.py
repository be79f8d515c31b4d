"""An application's notes and assignment through the API (ADR 0048): the same services and
refusals as the page; a certificate action with `current` refuses a replay."""

import pytest

from certify.casework.models import CaseNote
from certify.certificates.models import Certificate


def base(cases) -> str:
    return f"/api/v1/staff/applications/{cases.application.pk}"


def test_staff_add_and_list_notes_newest_first(client, cases, staff_user):
    client.force_login(staff_user)
    for body in ("First.", "Second."):
        made = client.post(f"{base(cases)}/notes", {"body": body}, content_type="application/json")
        assert made.status_code == 201
        assert made.json()["author"] == "Sam Staff"
    listed = client.get(f"{base(cases)}/notes").json()
    assert [n["body"] for n in listed] == ["Second.", "First."]
    empty = client.post(f"{base(cases)}/notes", {"body": " "}, content_type="application/json")
    assert empty.status_code == 400
    assert empty.json()["field"] == "body"


def test_assignment_refuses_a_candidate_and_accepts_staff(client, cases, staff_user, other_staff):
    client.force_login(staff_user)
    url = f"{base(cases)}/assignment"
    forged = client.put(url, {"assignee_id": cases.candidate.pk}, content_type="application/json")
    assert forged.status_code == 400
    assert forged.json()["field"] == "assignee"
    assert "is not a program staff member" in forged.json()["detail"]
    done = client.put(url, {"assignee_id": other_staff.pk}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["assignee_id"] == other_staff.pk
    cases.application.refresh_from_db()
    assert cases.application.assigned_to == other_staff


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_other_roles_are_refused(client_as, cases, role):
    client = client_as(role)
    assert client.get(f"{base(cases)}/notes").status_code in (401, 403)
    refused = client.post(f"{base(cases)}/notes", {"body": "x"}, content_type="application/json")
    assert refused.status_code in (401, 403)
    assert not CaseNote.objects.exists()


def test_the_candidate_cannot_read_notes_on_their_own_application(client, cases, staff_user):
    client.force_login(staff_user)
    client.post(f"{base(cases)}/notes", {"body": "Secret."}, content_type="application/json")
    client.force_login(cases.candidate)
    assert client.get(f"{base(cases)}/notes").status_code in (401, 403)


def test_a_replayed_certificate_action_with_current_changes_nothing(client, cases, staff_user):
    certificate = cases.application.certificate
    client.force_login(staff_user)
    url = f"/api/v1/staff/certificates/{certificate.pk}/actions"
    body = {"action": "revoke", "reason": "Fraud.", "current": "valid"}
    assert client.post(url, body, content_type="application/json").status_code == 200
    replay = client.post(url, body, content_type="application/json")
    assert replay.status_code == 400
    assert "This certificate is already “Revoked”" in replay.json()["detail"]
    assert Certificate.objects.get(pk=certificate.pk).transitions.count() == 2  # issue, revoke
