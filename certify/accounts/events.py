"""The events accounts publishes (see `certify.core.events`). Other apps subscribe to them
through `certify.accounts.api`.

- "role.ended": staff took a role away from a person (`accounts.services.role_revoke`); the
  period they held it is kept (`EndedRole`, `ended_role_id`). A reviewer's open reviews go back
  to staff (`portfolios.handlers.reviews_of_an_ended_reviewer`).
"""

from certify.core.events import declare

ROLE_ENDED = declare(
    "role.ended",
    description="Staff ended a person's role; the period they held it is kept.",
    payload=("user_id", "role", "ended_role_id", "actor_id"),
).name
