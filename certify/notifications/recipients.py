"""Which address a notice is e-mailed to: the one rule, for `notify`, `notify_each` and
`notify_latest` (ADR 0025, "Notices go only to a confirmed address").

A notice is e-mailed only to an address its account confirmed (allauth's `EmailAddress` with
`verified=True`, `accounts.addresses`): the account's main address (`User.email`) when it
confirmed that one; else the address allauth holds as its primary confirmed one (the address it
still signs in with when the program settings typed another into `User.email`); else its oldest
confirmed one. A caller that knows which confirmed address a notice is about (a certificate
shared with one of an employer's addresses) names it, and it is used when the account confirmed
it. An account that confirmed none gets the notice in the app only: the e-mail is kept in the
outbox as "held" with the reason, never sent later, and the notice says why and how to confirm.

allauth's own messages (the confirmation link, a password reset) are not notices: they go
through `email_queue` to the address they are about, as they must.
"""

from __future__ import annotations

from collections.abc import Iterable

from certify.accounts.api import proven_addresses_by_user
from certify.accounts.models import User

# Why a held e-mail was not sent: what the outbox shows staff (its "last error" column).
HELD_REASON = (
    "Not sent: the account has not confirmed {address} (or any address), so Certify does not "
    "e-mail it. The notice is in the account's notifications; it is not sent later."
)


def notice_addresses(
    users: Iterable[User], *, preferred: dict[int, str] | None = None
) -> dict[int, str]:
    """Each of `users` (by id) → the confirmed address its notices are e-mailed to; an account
    that confirmed none is left out. `preferred` maps an account to the address a notice is
    about, used when the account confirmed it. One query for them all."""
    people = list(users)
    confirmed = proven_addresses_by_user(people)
    preferred = preferred or {}
    chosen: dict[int, str] = {}
    for user in people:
        addresses = confirmed.get(user.pk)
        if not addresses:
            continue
        by_lower = {address.lower(): address for address, _ in addresses}
        for wanted in (preferred.get(user.pk, ""), user.email or ""):
            if wanted.strip().lower() in by_lower:
                chosen[user.pk] = by_lower[wanted.strip().lower()]
                break
        else:
            chosen[user.pk] = addresses[0][0]  # primary first, then oldest
    return chosen


def notice_address(user: User, *, preferred: str = "") -> str:
    """The confirmed address `user`'s notices are e-mailed to, "" when they confirmed none."""
    return notice_addresses([user], preferred={user.pk: preferred}).get(user.pk, "")
