"""Who may do what. Predicates read the roles cached on the user (one query per request)."""

import rules

from certify.accounts.models import Role
from certify.accounts.roles import has_role


def _has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return has_role(user, role)

    return predicate


is_candidate = _has_role(Role.CANDIDATE)
is_program_staff = _has_role(Role.PROGRAM_STAFF)
is_reviewer = _has_role(Role.REVIEWER)
is_provider = _has_role(Role.PROVIDER)
is_sponsor = _has_role(Role.SPONSOR)

rules.add_perm("accounts.view_people", is_program_staff)
rules.add_perm("accounts.view_staff_home", is_program_staff)
rules.add_perm("accounts.change_roles", is_program_staff)
rules.add_perm("accounts.view_user", is_program_staff)
rules.add_perm("accounts.change_user", is_program_staff)
rules.add_perm("accounts", is_program_staff)  # the admin's module permission

# Core's permissions are granted by role too; they are registered here because core imports no app.
rules.add_perm("core.use_admin", is_program_staff)
rules.add_perm("core.view_auditevent", is_program_staff)
rules.add_perm("core", is_program_staff)
