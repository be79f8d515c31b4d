"""Rows other apps lock before a person's own row is written (ADR 0007's lock order).

A person's row is shown on other people's pages: a candidate's name is in their reviewers'
queues, so the database gives those reviewers a new data version whenever the name changes
(ADR 0071), as it does when the candidate's closure blanks their submitted versions. Those
versions are written in an order of the database's choosing; whoever else writes them (a review
finishing, an assignment) takes the app's own rows first, in a fixed order. So accounts, which
knows no app above it, asks each app that registered here to take its rows first: a name change
in the program settings and an account closure call `person_rows_lock` before any write.
"""

from collections.abc import Callable

PersonLock = Callable[[int], None]
_LOCKS: list[PersonLock] = []


def person_lock(func: PersonLock) -> PersonLock:
    """Register `func(user_id)`: lock, in the app's own order, the rows whose data versions a
    write of that person's row (or of their own records, at closure) changes for other people."""
    if func not in _LOCKS:
        _LOCKS.append(func)
    return func


def person_rows_lock(user_id: int) -> None:
    """Take every registered app's locks for this person, inside the writing transaction."""
    for lock in _LOCKS:
        lock(user_id)
