"""What a long table needs for each of its rows, computed once per page rather than once per row
(ADR 0059): a link per row from one `reverse()`, and a date's text from a small per-process
memo. The text is exactly what the template tags would write (`{% url %}`, `|date:"M j, Y"`)."""

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language

# An id no table shows: reversed once, then replaced by each row's id.
_SENTINEL = 918273645


def url_for_each(viewname: str) -> Callable[[int], str]:
    """A function giving `reverse(viewname, args=[pk])` for any integer pk, from one `reverse()`.
    For URL patterns whose only argument is an `<int:…>` (digits pass through unquoted). Make
    one per request: the result carries that request's script prefix."""
    before, sentinel, after = reverse(viewname, args=[_SENTINEL]).rpartition(str(_SENTINEL))
    if not sentinel:
        raise ValueError(f"{viewname} does not take one integer argument")
    return lambda pk: f"{before}{int(pk)}{after}"


def date_text(day: date, format_string: str = "M j, Y") -> str:
    """`day` as `{{ day|date:format_string }}` writes it, for a `date` (not a `datetime`: that one
    would first be turned into local time). Dates repeat across rows and requests: remembered."""
    return _date_text(day, format_string, get_language())


@lru_cache(maxsize=4096)
def _date_text(day: date, format_string: str, language: str | None) -> str:
    return formats.date_format(day, format_string)


class Row(dict[str, Any]):
    """A table row as a template reads it: a dictionary (a template's `row.name` finds a key at
    once, where an object's attribute comes only after a failed `row["name"]`) that can be
    hashed, so the rows of a table can be a template fragment's key (ADR 0062). Its values must
    be hashable, and it is not changed once made."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))
