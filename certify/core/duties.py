"""Separation of duties: nobody decides their own case (ADR 0022).

A decision is "about" some people (the candidate, the appellant, the invoice's person, the
member, the holder) and sometimes an organisation (a provider, a sponsor, a library). A person
may not make it when:
- they are one of those people ("own case"), whatever other roles they hold;
- they belong to the organisation it concerns (the app's relation says so); or
- they declared a conflict of interest with one of those people, or with a library where one of
  them works ("declared conflict").

Workflow moves get this through their relations (`certify.core.workflow.role(not_subject=...)`
and relations built with `own_case=`/`parties=`); decisions that are not moves (a deadline
extension, a draw, a reinstatement, a role grant) call `require_not_own` here. Either way the
refusal is the same sentence: "You cannot decide your own case: ask another staff member."

Core imports no app: the declared conflicts are looked up by a function the accounts app
registers (`conflict_lookup`), and the libraries where a person works by functions the apps that
know them register (`libraries_lookup`).
"""

from collections.abc import Callable, Iterable
from typing import Any

from certify.core.errors import DomainError

__all__ = [
    "STAFF_MEMBER",
    "OwnCaseError",
    "conflict_lookup",
    "conflict_reason",
    "libraries_lookup",
    "libraries_of",
    "own_case_message",
    "require_not_own",
]

STAFF_MEMBER = "staff member"


class OwnCaseError(DomainError):
    """A decision refused because it is the actor's own case (or one they declared a conflict
    with). A `DomainError`, so every page and API answer shows its message as it is."""


def own_case_message(colleague: str = STAFF_MEMBER) -> str:
    return f"You cannot decide your own case: ask another {colleague}."


# --- What the apps supply ------------------------------------------------------------------------

# (actor, people ids, colleague) -> the refusal in words, or "" when no conflict was declared.
ConflictLookup = Callable[[Any, frozenset[Any], str], str]
# (people ids) -> the folded names of the libraries where they work or worked.
LibrariesLookup = Callable[[frozenset[Any]], set[str]]

_CONFLICT_LOOKUPS: list[ConflictLookup] = []
_LIBRARIES_LOOKUPS: list[LibrariesLookup] = []


def conflict_lookup(func: ConflictLookup) -> ConflictLookup:
    """Register how declared conflicts are found (accounts, at start-up)."""
    if func not in _CONFLICT_LOOKUPS:
        _CONFLICT_LOOKUPS.append(func)
    return func


def libraries_lookup(func: LibrariesLookup) -> LibrariesLookup:
    """Register where people work (applications: the libraries of their experience entries)."""
    if func not in _LIBRARIES_LOOKUPS:
        _LIBRARIES_LOOKUPS.append(func)
    return func


def libraries_of(people: Iterable[Any]) -> set[str]:
    ids = frozenset(p for p in people if p is not None)
    found: set[str] = set()
    if ids:
        for lookup in _LIBRARIES_LOOKUPS:
            found |= lookup(ids)
    return found


# --- The guard -----------------------------------------------------------------------------------


def _pk(actor: Any) -> Any:
    return getattr(actor, "pk", None)


def conflict_reason(actor: Any, *, people: Iterable[Any], colleague: str = STAFF_MEMBER) -> str:
    """Why `actor` may not decide about `people` because of a declared conflict ('' if none)."""
    ids = frozenset(p for p in people if p is not None)
    if not ids or _pk(actor) is None or not hasattr(actor, "has_role"):
        return ""  # only people declare conflicts (not Certify, a link or a provider's key)
    for lookup in _CONFLICT_LOOKUPS:
        reason = lookup(actor, ids, colleague)
        if reason:
            return reason
    return ""


def require_not_own(
    actor: Any,
    *,
    people: Iterable[Any] = (),
    colleague: str = STAFF_MEMBER,
    conflicts: bool = True,
) -> None:
    """Refuse a decision about `people` (user ids) by one of them, or by someone who declared a
    conflict with one of them (unless `conflicts` is False). Membership of an organisation is
    the app's to know: its relation's `own_case` says so (`workflow.relation_check`)."""
    ids = frozenset(p for p in people if p is not None)
    if _pk(actor) is not None and _pk(actor) in ids:
        raise OwnCaseError(own_case_message(colleague))
    if conflicts:
        reason = conflict_reason(actor, people=ids, colleague=colleague)
        if reason:
            raise OwnCaseError(reason)
