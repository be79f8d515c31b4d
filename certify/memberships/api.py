"""What other apps use from memberships (the Python interface, not HTTP).

- `membership_is_confirmed(*, user, organisation_code, on) -> bool`: the person holds a confirmed
  membership of the organisation (e.g. "ALA", "SSD") that is valid on `on` (the expiry day counts).
- `membership_current(*, user, organisation_code, on) -> Membership | None`: that membership.
- `can_decide(*, user, organisation) -> bool`: whether `user` confirms that organisation's
  memberships (program staff for ALA; for SSD, the people who run the sponsor linked to it).
- `organisations_ensure() -> list[Organisation]`: ALA and SSD exist (safe to repeat).
- `sponsor_check(func)`: register who runs a sponsor-checked organisation (`func(user,
  organisation) -> bool`); the scholarships app registers its sponsors' administrators and
  committee.
"""

from datetime import date

from certify.accounts.models import User
from certify.memberships.selectors import membership_current
from certify.memberships.services import can_decide, organisations_ensure, sponsor_check


def membership_is_confirmed(*, user: User, organisation_code: str, on: date) -> bool:
    return membership_current(user=user, organisation_code=organisation_code, on=on) is not None


__all__ = [
    "can_decide",
    "membership_current",
    "membership_is_confirmed",
    "organisations_ensure",
    "sponsor_check",
]
