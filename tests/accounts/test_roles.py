"""The one role check: one meaning everywhere, and no second version of it in the code."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from certify.accounts.api import has_role, is_program_staff, require_role
from certify.accounts.models import Role
from certify.core.errors import DomainError
from tests.factories import UserFactory

CODE = Path(__file__).resolve().parents[2] / "certify"


@pytest.mark.django_db
def test_a_role_is_held_by_an_active_signed_in_person_who_was_granted_it():
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    assert has_role(staff, Role.PROGRAM_STAFF)
    assert not has_role(staff, Role.REVIEWER)
    assert not has_role(UserFactory(roles=[], is_superuser=True), Role.PROGRAM_STAFF)
    assert not has_role(UserFactory(roles=[Role.PROGRAM_STAFF], is_active=False), "program_staff")
    assert not has_role(AnonymousUser(), Role.PROGRAM_STAFF)
    assert not has_role(None, Role.PROGRAM_STAFF)
    # The django-rules predicates mean the same.
    assert is_program_staff(staff)
    assert not is_program_staff(UserFactory(roles=[], is_superuser=True))


@pytest.mark.django_db
def test_require_role_refuses_in_words():
    require_role(
        UserFactory(roles=[Role.PROGRAM_STAFF]), Role.PROGRAM_STAFF, to="extend a deadline"
    )
    with pytest.raises(DomainError, match=r"^Only program staff can extend a deadline\.$"):
        require_role(
            UserFactory(roles=[Role.CANDIDATE]), Role.PROGRAM_STAFF, to="extend a deadline"
        )


def test_no_module_writes_its_own_staff_check():
    """`user.is_superuser or user.has_role(...)` was written a dozen times with different
    meanings; the one check is `accounts.api.has_role` / `require_role`."""
    pattern = re.compile(r"is_superuser\s+or\s+[\w.]*has_role|def _?(is|require)_staff\b")
    offenders = [
        f"{path.relative_to(CODE.parent)}:{n}"
        for path in CODE.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
