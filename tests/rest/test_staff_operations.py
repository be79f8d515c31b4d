"""Staff decisions the API now offers as the pages do: extending a deadline and changing roles,
through the same services (and so the same refusals)."""

from datetime import date

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.models import AuditEvent
from tests.factories import ApplicationFactory, UserFactory


def test_staff_extend_a_deadline_with_a_reason(client, staff):
    application = ApplicationFactory(
        status=Application.Status.ACCEPTED,
        enrolled_on=date(2025, 1, 1),
        completion_deadline=date(2029, 1, 1),
    )
    client.force_login(staff)
    url = f"/api/v1/staff/applications/{application.pk}/deadline"

    earlier = client.post(
        url, {"new_deadline": "2028-01-01", "reason": "Leave"}, content_type="application/json"
    )
    assert earlier.status_code == 400
    assert earlier.json()["field"] == "new_deadline"
    no_reason = client.post(url, {"new_deadline": "2030-01-01"}, content_type="application/json")
    assert no_reason.status_code == 400
    assert no_reason.json()["field"] == "reason"

    done = client.post(
        url, {"new_deadline": "2030-01-01", "reason": "Leave"}, content_type="application/json"
    )
    assert done.status_code == 200, done.text
    assert done.json()["completion_deadline"] == "2030-01-01"
    assert AuditEvent.objects.filter(verb="application.deadline_extended").count() == 1


def test_a_candidate_cannot_extend_their_own_deadline(client, candidate):
    application = ApplicationFactory(
        candidate=candidate,
        status=Application.Status.ACCEPTED,
        enrolled_on=date(2025, 1, 1),
        completion_deadline=date(2029, 1, 1),
    )
    client.force_login(candidate)
    answer = client.post(
        f"/api/v1/staff/applications/{application.pk}/deadline",
        {"new_deadline": "2030-01-01", "reason": "Please"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    application.refresh_from_db()
    assert application.completion_deadline == date(2029, 1, 1)


def test_staff_grant_and_revoke_a_role_but_not_their_own(client, staff):
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(staff)
    url = f"/api/v1/staff/people/{person.pk}/roles"

    granted = client.post(
        url,
        {"role": "reviewer", "action": "grant", "reason": "Panel"},
        content_type="application/json",
    )
    assert granted.status_code == 200, granted.text
    assert granted.json()["roles"] == ["candidate", "reviewer"]
    revoked = client.post(
        url, {"role": "reviewer", "action": "revoke"}, content_type="application/json"
    )
    assert revoked.json()["roles"] == ["candidate"]

    own = client.post(
        f"/api/v1/staff/people/{staff.pk}/roles",
        {"role": "reviewer", "action": "grant"},
        content_type="application/json",
    )
    assert own.status_code == 400
    assert Role.REVIEWER not in type(staff).objects.get(pk=staff.pk).roles
