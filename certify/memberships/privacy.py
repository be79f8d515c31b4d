"""A person's memberships, for their data export; closing the account deletes them.

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.memberships.models import Membership


def _erase_memberships(user: User) -> None:
    Membership.objects.filter(user=user).delete()


@privacy_part("memberships", erase=_erase_memberships)
def _memberships(user: User) -> list[dict]:
    return rows(Membership.objects.filter(user=user))
