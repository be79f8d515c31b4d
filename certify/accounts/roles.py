"""The one role check: `has_role` (a question) and `require_role` (a refusal in words).

One meaning everywhere: an active, signed-in person who holds the role. A superuser holds no
role silently; Django's own `has_perm` still lets a superuser into the program settings (admin),
and workflow moves never see superuser status at all (`certify/core/workflow.py`).
"""

from typing import Any

from certify.accounts.models import Role
from certify.core.errors import DomainError


def has_role(user: Any, role: str) -> bool:
    """Whether `user` is an active, signed-in person holding `role`."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_role(role)
    )


def require_role(user: Any, role: str, *, to: str) -> None:
    """Refuse unless `user` holds `role`: "Only program staff can extend a deadline."."""
    if not has_role(user, role):
        raise DomainError(f"Only {Role(role).label.lower()} can {to}.")
