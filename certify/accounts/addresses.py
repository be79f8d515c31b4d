"""Which e-mail addresses an account is proven to own: the one rule for every feature that
gives an account something because of an address (certificates shared with an employer, the
webhooks that follow them, colleague invitations, a person's download and closure).

An account's `email` field proves nothing: the program settings (admin) can type any address
into it, and a person signing up with an address they do not own has one too until they
confirm it. An address counts only once its owner followed the confirmation link sent to it:
allauth's `EmailAddress` row with `verified=True` (ADR 0025). Addresses are compared
lower-cased, as they are stored on shares and invitations.

Where an address is used the other way, to keep a person out (their own addresses may not stand
in for someone else's: `selectors.user_email_addresses`), every address counts, proven or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.db.models.functions import Lower

if TYPE_CHECKING:
    from allauth.account.models import EmailAddress


def proven_addresses(*, user: Any = None) -> QuerySet[EmailAddress]:
    """The confirmed addresses (of `user` alone when given), each lower-cased as `address`."""
    from allauth.account.models import EmailAddress  # models load after this module may

    rows = EmailAddress.objects.filter(verified=True).annotate(address=Lower("email"))
    return rows if user is None else rows.filter(user_id=user.pk)


def proven_addresses_of(user: Any) -> QuerySet[EmailAddress]:
    """`user`'s confirmed addresses, lower-cased, as a subquery (`field__in=`)."""
    return proven_addresses(user=user).values("address")


def proven_owners_of(addresses: Iterable[str]) -> QuerySet[EmailAddress]:
    """The ids of the accounts that confirmed one of `addresses`, as a subquery (`pk__in=`)."""
    wanted = sorted({a.strip().lower() for a in addresses if a and a.strip()})
    return proven_addresses().filter(address__in=wanted).values("user_id")


def has_proven_address(user: Any, address: str) -> bool:
    """`user` confirmed `address` (any case)."""
    return proven_addresses(user=user).filter(address=address.strip().lower()).exists()


def proven_owners_by_address(addresses: Iterable[str]) -> dict[str, int]:
    """Each of `addresses` (lower-cased) that one account confirmed, with that account's id, in
    one query: what a feature that finds a person by a typed address needs when it must also
    know which address named whom (a provider's report, a conflict declaration). An address
    more than one account confirmed names nobody (allauth keeps confirmed addresses unique, so
    only old data could hold one twice); one nobody confirmed is left out."""
    wanted = sorted({a.strip().lower() for a in addresses if a and a.strip()})
    if not wanted:
        return {}
    owners: dict[str, set[int]] = {}
    for address, user_id in (
        proven_addresses().filter(address__in=wanted).values_list("address", "user_id")
    ):
        owners.setdefault(address, set()).add(user_id)
    return {address: ids.pop() for address, ids in owners.items() if len(ids) == 1}


def proven_addresses_by_user(users: Iterable[Any]) -> dict[int, list[tuple[str, bool]]]:
    """Each of `users`' confirmed addresses as stored (case kept) with whether allauth holds it
    as the account's primary one, primary first, then oldest first: one query for them all.
    What e-mailing a person needs (`notifications.recipients`); an account with none is left
    out."""
    ids = sorted({user.pk for user in users})
    if not ids:
        return {}
    found: dict[int, list[tuple[str, bool]]] = {}
    rows = (
        proven_addresses()
        .filter(user_id__in=ids)
        .order_by("user_id", "-primary", "pk")
        .values_list("user_id", "email", "primary")
    )
    for user_id, email, primary in rows:
        found.setdefault(user_id, []).append((email, primary))
    return found


def every_address_of_people(people: Iterable[Any]) -> dict[str, set[int]]:
    """Every address one of `people` (user ids) shows or confirmed (the account's own field and
    each allauth address, confirmed or not), lower-cased, with whose it is: one query. For the
    other direction, keeping a person out (a declared conflict of interest): a decider who named
    an address keeps out of the case of anyone showing it, since refusing a decider costs only
    another decider, and a case decided by someone with a conflict cannot be undone."""
    ids = sorted(set(people))
    if not ids:
        return {}
    from django.contrib.auth import get_user_model

    rows = (
        get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "email", "emailaddress__email")
    )
    found: dict[str, set[int]] = {}
    for pk, own, other in rows:
        for address in (own, other):
            if address and address.strip():
                found.setdefault(address.strip().lower(), set()).add(pk)
    return found
