"""What other apps use from accounts (the Python interface, not HTTP).

Roles
- `is_candidate`, `is_program_staff`, `is_reviewer`, `is_provider`, `is_sponsor`: django-rules
  predicates (active, signed-in user holding the role) for other apps' `rules.py`.
- `role_grant(*, user, role, actor, reason="")` and `role_revoke(...)`: audited role changes.

People
- `user_list(*, search="", role="") -> QuerySet[User]`.

Pages
- `home_part(func)`: add to the signed-in home page's context (`func(user, roles) -> dict`).

Tokens (for the REST package)
- `token_authenticate(raw, *, scope) -> User`; raises `TokenRefused`.

Models others may name in a foreign key or a type hint: `User`, `Role` (from `accounts.models`).
"""

from certify.accounts.home import home_part
from certify.accounts.rules import (
    is_candidate,
    is_program_staff,
    is_provider,
    is_reviewer,
    is_sponsor,
)
from certify.accounts.selectors import user_list
from certify.accounts.services import role_grant, role_revoke
from certify.accounts.tokens import TokenRefused, token_authenticate

__all__ = [
    "TokenRefused",
    "home_part",
    "is_candidate",
    "is_program_staff",
    "is_provider",
    "is_reviewer",
    "is_sponsor",
    "role_grant",
    "role_revoke",
    "token_authenticate",
    "user_list",
]
