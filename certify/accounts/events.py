"""The events accounts publishes (see `certify.core.events`). Other apps subscribe to them
through `certify.accounts.api`.

- "role.ended": staff took a role away from a person (`accounts.services.role_revoke`); the
  period they held it is kept (`EndedRole`, `ended_role_id`). A reviewer's open reviews go back
  to staff (`portfolios.handlers.reviews_of_an_ended_reviewer`).
- "account.deactivated": an administrator deactivated an account that was not closed by its
  owner (`accounts.services.account_deactivate`, from the admin's "Active" box). The reviews of
  the person's portfolios end, as at a closure, and the reviews they had open go back, as at a
  reviewer role's end (`portfolios.handlers.reviews_of_a_deactivated_account`); the person's open
  appeals end (`appeals.ended.appeals_of_a_deactivated_account`).
- "account.reactivated": an administrator opened an inactive account again
  (`accounts.reactivation.account_reactivate`, from the admin's "Active" box). Nothing that
  ended with the account is reopened (ADR 0006, 0007); no app needs to act on it.
"""

from certify.core.events import declare

ROLE_ENDED = declare(
    "role.ended",
    description="Staff ended a person's role; the period they held it is kept.",
    payload=("user_id", "role", "ended_role_id", "actor_id"),
).name

ACCOUNT_DEACTIVATED = declare(
    "account.deactivated",
    description="An administrator deactivated an account (not its owner's closure).",
    payload=("user_id", "actor_id"),
).name

ACCOUNT_REACTIVATED = declare(
    "account.reactivated",
    description="An administrator opened an inactive account again; nothing ended is reopened.",
    payload=("user_id", "actor_id"),
).name
