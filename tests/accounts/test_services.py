import pytest

from certify.accounts.models import Role, RoleAssignment
from certify.accounts.services import role_grant, role_revoke, user_create
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from tests.factories import UserFactory


def test_user_create_makes_a_candidate_and_records_it(db):
    user = user_create(email="New@Example.org", full_name=" Nia Obi ", password="x-long-pass-1")
    assert user.email == "new@example.org"
    assert user.full_name == "Nia Obi"
    assert user.roles == {Role.CANDIDATE}
    assert AuditEvent.objects.filter(verb="user.created", target_id=str(user.pk)).exists()


def test_user_create_refuses_a_taken_address_in_any_case(db):
    UserFactory(email="taken@example.org")
    with pytest.raises(DomainError, match="already exists") as info:
        user_create(email="TAKEN@example.org", full_name="X")
    assert info.value.field == "email"


def test_role_grant_is_audited_and_idempotent(db, staff):
    person = UserFactory(roles=[])
    role_grant(user=person, role=Role.REVIEWER, actor=staff, reason="Expert in cataloging")
    role_grant(user=person, role=Role.REVIEWER, actor=staff)
    assert RoleAssignment.objects.filter(user=person, role=Role.REVIEWER).count() == 1
    events = AuditEvent.objects.filter(verb="role.granted", target_id=str(person.pk))
    assert [(e.actor, e.reason) for e in events] == [(staff, "Expert in cataloging")]
    assert person.has_role(Role.REVIEWER)


def test_role_grant_refuses_an_unknown_role(db, staff):
    with pytest.raises(DomainError, match="not a role"):
        role_grant(user=UserFactory(), role="wizard", actor=staff)


def test_role_revoke_removes_and_audits(db, staff):
    person = UserFactory(roles=[Role.CANDIDATE, Role.PROVIDER])
    role_revoke(user=person, role=Role.PROVIDER, actor=staff, reason="Left the college")
    assert person.roles == {Role.CANDIDATE}
    assert AuditEvent.objects.get(verb="role.revoked").reason == "Left the college"


def test_staff_cannot_remove_their_own_staff_role(db, staff):
    with pytest.raises(DomainError, match="You cannot take a role away from yourself"):
        role_revoke(user=staff, role=Role.PROGRAM_STAFF, actor=staff)
    assert staff.has_role(Role.PROGRAM_STAFF)
