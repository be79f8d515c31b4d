"""A person in a staff list's row or an export's cell (ADR 0016): their name while their account
keeps it; once its owner closed it (or it was opened again still holding the closure's
placeholder), "Account closed (candidate LSSCP-C-7K3Q9M2X)", never the placeholder name, which
reads like a person's.

A list names many people, so their references are read together: `references_attach(people)`
reads the candidate number of every closed account among them in one query (none when nobody's
account is closed) and keeps it on the person, where `listed_name` finds it. The app that
numbers candidates registers the lookup (`person_references_lookup`, from its
`AppConfig.ready`), as it does the single one (`person_references.person_reference_lookup`)."""

from collections.abc import Callable, Iterable, Iterator
from itertools import batched
from typing import Any

from certify.accounts.person_references import person_reference
from certify.accounts.privacy import closure_erased

ReferencesLookup = Callable[[list[int]], dict[int, str]]
_lookups: list[ReferencesLookup] = []
_KEPT = "_listed_reference"  # the reference `references_attach` keeps on a closed person
CLOSED_IN_LIST = "Account closed"


def person_references_lookup(func: ReferencesLookup) -> ReferencesLookup:
    """Register `func(user_ids) -> {user_id: reference}`: many people's references at once."""
    if func not in _lookups:
        _lookups.append(func)
    return func


def references_attach(people: Iterable[Any]) -> None:
    """Read the references of the closed accounts among `people` (None entries are skipped) in
    one query per registered lookup, and keep each on its person for `listed_name`."""
    closed = [p for p in people if p is not None and closure_erased(p)]
    if not closed:
        return
    found: dict[int, str] = {}
    for lookup in _lookups:
        for pk, reference in lookup(sorted({p.pk for p in closed})).items():
            found.setdefault(pk, reference)
    for person in closed:
        setattr(person, _KEPT, found.get(person.pk, ""))


def references_attached[T](
    items: Iterable[T], person_of: Callable[[T], Any], *, chunk: int = 500
) -> Iterator[T]:
    """`items` again, for a streamed export: the references of each `chunk` of them (the person
    of each, `person_of(item)`) read together before they are given out."""
    for batch in batched(items, chunk, strict=False):
        references_attach(person_of(item) for item in batch)
        yield from batch


def listed_name(person: Any, *, reference: str | None = None) -> str:
    """How a staff list or an export names `person`: the name (or the e-mail address when they
    gave none); once the closure erased it, "Account closed (candidate <reference>)", or
    "Account closed" when no reference is known. The reference is `reference` when given, else
    the one `references_attach` kept, else read for this person alone (one query: lists
    attach them first). "" for no one."""
    if person is None:
        return ""
    if not closure_erased(person):
        return str(person)
    if reference is None:
        reference = getattr(person, _KEPT, None)
    if reference is None:
        reference = person_reference(person)
    return CLOSED_IN_LIST + (f" (candidate {reference})" if reference else "")
