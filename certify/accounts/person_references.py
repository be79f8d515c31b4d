"""What staff find a person by once their account is closed and their name erased (ADR 0016):
their candidate number, which staff titles show instead of the closure's placeholder name.

accounts imports no app, so the app that numbers candidates registers a lookup
(`person_reference_lookup`, from its `AppConfig.ready`); "" when none knows one (the person never
applied)."""

from collections.abc import Callable
from typing import Any

ReferenceLookup = Callable[[Any], str]
_lookups: list[ReferenceLookup] = []


def person_reference_lookup(func: ReferenceLookup) -> ReferenceLookup:
    """Register `func(user) -> str`: the reference staff find the person by ("" for none)."""
    if func not in _lookups:
        _lookups.append(func)
    return func


def person_reference(user: Any) -> str:
    """The person's reference, as the first registered app that knows one says it."""
    for lookup in _lookups:
        if reference := lookup(user):
            return reference
    return ""
