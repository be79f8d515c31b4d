"""What other apps use from accounts (the Python interface, not HTTP).

Roles
- `has_role(user, role) -> bool` and `require_role(user, role, *, to)`: the one role check (an
  active, signed-in person holding the role; superusers hold no role silently); `require_role`
  raises a `DomainError` ("Only program staff can extend a deadline.").
- `is_candidate`, `is_program_staff`, `is_reviewer`, `is_provider`, `is_sponsor`: django-rules
  predicates (active, signed-in user holding the role) for other apps' `rules.py`.
- `role_grant(*, user, role, actor, reason="")` and `role_revoke(...)`: audited role changes.

People
- `user_list(*, search="", role="") -> QuerySet[User]`.
- `user_email_addresses(*, user) -> set[str]`: every address that is the person's own (the
  account's and each allauth address), lower-cased.

Pages
- `home_part(func)`: add to the signed-in home page's context (`func(user, roles) -> dict`).

A person's data
- `privacy_part(name, *, files=None, erase=None)`: register an app's part of the data export
  and account closure (a `PrivacyPart`), from the app's own `privacy` module; `rows(queryset)`
  turns its rows into JSON-ready dicts.

Tokens (for the REST package)
- `token_authenticate(raw, *, scope) -> User`; raises `TokenRefused`.

Models others may name in a foreign key or a type hint: `User`, `Role` (from `accounts.models`).
"""

from certify.accounts.home import home_part
from certify.accounts.privacy import PrivacyPart, privacy_part, rows
from certify.accounts.roles import has_role, require_role
from certify.accounts.rules import (
    is_candidate,
    is_program_staff,
    is_provider,
    is_reviewer,
    is_sponsor,
)
from certify.accounts.selectors import user_email_addresses, user_list
from certify.accounts.services import role_grant, role_revoke
from certify.accounts.tokens import TokenRefused, token_authenticate

__all__ = [
    "PrivacyPart",
    "TokenRefused",
    "has_role",
    "home_part",
    "is_candidate",
    "is_program_staff",
    "is_provider",
    "is_reviewer",
    "is_sponsor",
    "privacy_part",
    "require_role",
    "role_grant",
    "role_revoke",
    "rows",
    "token_authenticate",
    "user_email_addresses",
    "user_list",
]
