"""Filter chips for staff queues: each status in words with its count, each a link that filters.

A chip keeps the queue's other filters (a search, a checkbox) and drops the page number, so it
opens page one of the narrower list. The "all" chip, where a queue has one, names its value
explicitly (`?status=`): several queues open on the waiting items by default.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Chip:
    label: str
    count: int | None
    url: str
    current: bool


def counts_by(queryset: QuerySet, field: str = "status") -> dict[str, int]:
    """How many rows of `queryset` have each value of `field` (one query)."""
    rows = queryset.order_by().values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows}


def status_chips(
    request: HttpRequest,
    *,
    choices: Iterable[tuple[str, str]],
    counts: Mapping[str, int] | None,
    current: str,
    param: str = "status",
    total: tuple[str, str] | None = ("", "All"),
    total_count: int | None = None,
) -> list[Chip]:
    """One chip per (value, label) of `choices`, with `counts[value]`; `total` (value, label),
    when given, comes first with `total_count` (by default the sum of the chips' counts)."""

    def url(value: str) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        query[param] = value
        return f"?{query.urlencode()}"

    chips = []
    pairs = list(choices)
    if total is not None:
        value, label = total
        count = total_count
        if count is None and counts is not None:
            count = sum(counts.get(v, 0) for v, _ in pairs)
        chips.append(Chip(label, count, url(value), current == value))
    for value, label in pairs:
        count = None if counts is None else counts.get(value, 0)
        chips.append(Chip(label, count, url(value), current == value))
    return chips
