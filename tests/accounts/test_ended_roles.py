"""A role's end is recorded (ADR 0022): who ended it, when and why, each period kept (a role
granted again is a new period); ending a role is a decision as granting one is; staff see the
periods on the person's page and through the API."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import EndedRole, Role, RoleAssignment
from certify.accounts.services import role_grant, role_revoke
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from tests.conftest import count_queries
from tests.factories import UserFactory


def test_each_period_a_role_was_held_is_kept_with_who_ended_it_and_why(staff):
    other = UserFactory(full_name="Omar Other", roles=[Role.PROGRAM_STAFF])
    person = UserFactory(roles=[Role.CANDIDATE])
    role_grant(user=person, role=Role.REVIEWER, actor=staff, reason="Joined the panel")
    role_revoke(user=person, role=Role.REVIEWER, actor=other, reason="  Moved away  ")
    assert Role.REVIEWER not in person.roles
    role_grant(user=person, role=Role.REVIEWER, actor=other, reason="Back again")
    assert Role.REVIEWER in person.roles
    role_revoke(user=person, role=Role.REVIEWER, actor=staff)

    second, first = EndedRole.objects.filter(user=person)  # the latest first
    assert (first.role, first.granted_by, first.ended_by, first.reason) == (
        Role.REVIEWER,
        staff,
        other,
        "Moved away",
    )
    assert (second.granted_by, second.ended_by, second.reason) == (other, staff, "")
    assert first.granted_at < first.ended_at <= second.granted_at < second.ended_at
    assert second.ended_at <= timezone.now()
    assert not RoleAssignment.objects.filter(user=person, role=Role.REVIEWER).exists()
    assert AuditEvent.objects.filter(verb="role.revoked", target_id=str(person.pk)).count() == 2


def test_ending_a_role_not_held_records_nothing(staff):
    person = UserFactory(roles=[Role.CANDIDATE])
    assert role_revoke(user=person, role=Role.REVIEWER, actor=staff) is None
    assert not EndedRole.objects.exists()
    assert not AuditEvent.objects.filter(verb="role.revoked").exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PROGRAM_STAFF, Role.CANDIDATE])
def test_nobody_ends_their_own_role(db, role):
    dual = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF, Role.REVIEWER])
    Authenticator.objects.create(user=dual, type=Authenticator.Type.TOTP, data={})
    with pytest.raises(OwnCaseError, match="You cannot take a role away from yourself"):
        role_revoke(user=dual, role=role, actor=dual)
    assert role in type(dual).objects.get(pk=dual.pk).roles
    assert not EndedRole.objects.exists()


def test_someone_leaving_a_sponsor_gives_up_its_role_themselves(db):
    member = UserFactory(roles=[Role.CANDIDATE, Role.SPONSOR])
    ended = role_revoke(user=member, role=Role.SPONSOR, actor=member, reason="Left the fund")
    assert ended is not None
    assert ended.ended_by == member
    assert Role.SPONSOR not in member.roles


def test_program_staff_is_ended_only_by_other_staff_with_two_factor(staff):
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF])
    reviewer = UserFactory(roles=[Role.REVIEWER])
    with pytest.raises(DomainError, match="Only program staff can end"):
        role_revoke(user=colleague, role=Role.PROGRAM_STAFF, actor=reviewer)
    with pytest.raises(DomainError, match="Set up two-factor authentication before you end"):
        role_revoke(user=colleague, role=Role.PROGRAM_STAFF, actor=staff)
    assert Role.PROGRAM_STAFF in type(colleague).objects.get(pk=colleague.pk).roles
    assert not EndedRole.objects.exists()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    ended = role_revoke(user=colleague, role=Role.PROGRAM_STAFF, actor=staff, reason="Retired")
    assert ended is not None
    assert ended.ended_by == staff


def test_staff_see_ended_periods_on_the_persons_page(client, staff):
    person = UserFactory(full_name="Paz Person", roles=[Role.CANDIDATE])
    other = UserFactory(full_name="Omar Other", roles=[Role.PROGRAM_STAFF])
    role_grant(user=person, role=Role.REVIEWER, actor=other)
    client.force_login(staff)
    url = reverse("accounts:person_role_change", args=[person.pk])
    client.post(url, {"role": Role.REVIEWER, "action": "revoke", "reason": "Left the panel"})
    page = client.get(reverse("accounts:person", args=[person.pk]))
    assert page.status_code == 200
    ended = EndedRole.objects.get(user=person)
    day = timezone.localtime(ended.ended_at)
    when = f"{day:%B} {day.day}, {day.year}"
    assert "Ended roles" in page.text
    assert f"Portfolio reviewer</strong> {when} to {when}" in page.text
    assert f"ended by {staff}" in page.text
    assert f"granted by {other}" in page.text
    assert "Left the panel" in page.text
    # Someone else's own-role refusal reads in words on the page.
    own = client.post(
        reverse("accounts:person_role_change", args=[staff.pk]),
        {"role": Role.PROGRAM_STAFF, "action": "revoke"},
        follow=True,
    )
    assert "You cannot take a role away from yourself: ask another staff member." in own.text


def test_the_api_answers_with_the_ended_periods(client, staff):
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(staff)
    url = f"/api/v1/staff/people/{person.pk}/roles"
    client.post(url, {"role": "reviewer", "action": "grant"}, content_type="application/json")
    answer = client.post(
        url,
        {"role": "reviewer", "action": "revoke", "reason": "Left the panel"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["roles"] == ["candidate"]
    [period] = body["ended_roles"]
    assert (period["role"], period["ended_by"], period["reason"]) == (
        "reviewer",
        staff.pk,
        "Left the panel",
    )
    assert period["granted_at"] <= period["ended_at"]
    read = client.get(url)
    assert read.status_code == 200
    assert read.json() == body


def test_the_ended_periods_are_read_in_the_same_queries_however_many(client, staff):
    """The person's page and the API list every ended period with who granted and ended it: the
    number of queries does not grow with the periods (nor with the people who ended them)."""
    person = UserFactory(roles=[Role.CANDIDATE])
    page = reverse("accounts:person", args=[person.pk])
    api = f"/api/v1/staff/people/{person.pk}/roles"

    def end_one(by) -> None:
        role_grant(user=person, role=Role.REVIEWER, actor=by)
        role_revoke(user=person, role=Role.REVIEWER, actor=by)

    end_one(staff)
    client.force_login(staff)
    few = (count_queries(lambda: client.get(page)), count_queries(lambda: client.get(api)))
    for _ in range(3):
        end_one(UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert EndedRole.objects.filter(user=person).count() == 4
    many = (count_queries(lambda: client.get(page)), count_queries(lambda: client.get(api)))
    assert many == few


def test_only_program_staff_read_anyones_ended_periods_through_the_api(client, staff, settings):
    """Probed with every other role and credential: a reviewer asking for their own periods, a
    candidate, a provider's and a sponsor's people are refused with the session and with a
    token; a staff token whose staff role has since ended is refused, and so is staff without
    two-factor while the rule is on; an unknown person is a 404 to staff."""
    from certify.accounts.tokens import token_create

    reviewer = UserFactory(roles=[Role.REVIEWER])
    role_grant(user=reviewer, role=Role.CANDIDATE, actor=staff)
    role_revoke(user=reviewer, role=Role.CANDIDATE, actor=staff, reason="Not applying now")
    url = f"/api/v1/staff/people/{reviewer.pk}/roles"
    others = [reviewer] + [UserFactory(roles=[r]) for r in (Role.CANDIDATE, Role.PROVIDER)]
    others.append(UserFactory(roles=[Role.SPONSOR]))
    for person in others:
        client.force_login(person)
        assert client.get(url).status_code == 403, person.roles
        client.logout()
        scope = "reviews" if person is reviewer else "account"
        secret = token_create(user=person, name="t", scopes=[scope]).secret
        refused = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        assert refused.status_code == 403, person.roles
        assert "ended_roles" not in refused.text

    former = UserFactory(roles=[Role.PROGRAM_STAFF])
    stale = token_create(user=former, name="t", scopes=["staff"]).secret
    assert client.get(url, headers={"Authorization": f"Bearer {stale}"}).status_code == 200
    deputy = UserFactory(roles=[Role.PROGRAM_STAFF])
    Authenticator.objects.create(user=deputy, type=Authenticator.Type.TOTP, data={})
    role_revoke(user=former, role=Role.PROGRAM_STAFF, actor=deputy, reason="Left")
    refused = client.get(url, headers={"Authorization": f"Bearer {stale}"})
    assert refused.status_code == 403
    assert "no longer hold" in refused.json()["detail"]

    settings.MFA_REQUIRED_ROLES = ("program_staff",)
    without = token_create(user=staff, name="t", scopes=["staff"]).secret
    refused = client.get(url, headers={"Authorization": f"Bearer {without}"})
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("two-factor-required")
    client.force_login(staff)
    assert client.get(url).status_code == 302  # to two-factor setup, nothing shown
    settings.MFA_REQUIRED_ROLES = ()
    assert client.get(url).json()["ended_roles"][0]["reason"] == "Not applying now"
    assert client.get("/api/v1/staff/people/999999/roles").status_code == 404
