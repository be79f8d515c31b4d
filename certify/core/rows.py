"""What a long table needs for each of its rows, computed once per page rather than once per row
(ADR 0059): a link per row from one `reverse()`, and a date's text from a small per-process
memo. The text is exactly what the template tags would write (`{% url %}`, `|date:"DATE_FORMAT"`).

The link's text around the id depends only on the view name, the URL configuration, the script
prefix and the language: it is worked out once per process for each of them (as
`{% url_once %}`), and forgotten whenever a setting changes (ADR 0062, "Later")."""

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.translation import get_language, override

# An id no table shows: reversed once, then replaced by each row's id.
_SENTINEL = 918273645


def url_for_each(viewname: str) -> Callable[[int], str]:
    """A function giving `reverse(viewname, args=[pk])` for any integer pk, from one `reverse()`.
    For URL patterns whose only argument is an `<int:…>` (digits pass through unquoted). Make
    one per request: the result carries that request's script prefix."""
    before, after = url_around(viewname)
    return lambda pk: f"{before}{int(pk)}{after}"


def url_around(viewname: str) -> tuple[str, str]:
    """The text before and after the id in `viewname`'s URL, as `url_for_each` puts them around
    each id (the same conditions): plain strings, so they can be part of a fragment's key."""
    return _around(viewname, get_urlconf(), get_script_prefix(), get_language())


@lru_cache(maxsize=256)
def _around(viewname: str, urlconf: Any, prefix: str, language: str | None) -> tuple[str, str]:
    """The text before and after the id in `viewname`'s URL (`prefix` and `language`: part of
    the key, `reverse()` reads them itself)."""
    before, sentinel, after = reverse(viewname, args=[_SENTINEL], urlconf=urlconf).rpartition(
        str(_SENTINEL)
    )
    if not sentinel:
        raise ValueError(f"{viewname} does not take one integer argument")
    return before, after


def date_text(day: date, format_string: str = "DATE_FORMAT") -> str:
    """`day` as `{{ day|date:format_string }}` writes it, for a `date` (not a `datetime`: that one
    would first be turned into local time). Dates repeat across rows and requests: remembered."""
    return _date_text(day, format_string, get_language())


def date_texts(format_string: str = "DATE_FORMAT") -> Callable[[date], str]:
    """`date_text` for the rows of one table: the active language looked up once, not per row.
    Make one per request."""
    language = get_language()
    return lambda day: _date_text(day, format_string, language)


@lru_cache(maxsize=4096)
def _date_text(day: date, format_string: str, language: str | None) -> str:
    # Written in `language`, the memo's key, not in whatever is active when first asked: a
    # `date_texts` made under one language and called under another wrote the other's text and
    # kept it under the first's key.
    with override(language):
        return formats.date_format(day, format_string)


def _forget(**kwargs: object) -> None:
    _around.cache_clear()


setting_changed.connect(_forget)


class Row(dict[str, Any]):
    """A table row as a template reads it: a dictionary (a template's `row.name` finds a key at
    once, where an object's attribute comes only after a failed `row["name"]`) that can be
    hashed, so the rows of a table can be a template fragment's key (ADR 0062). Its values must
    be hashable, and it is not changed once made."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))
