"""A page's content kept by what it was made from (ADR 0068).

Some pages read their data on every request (the data must be fresh) and then render the same
markup from the same data most of the time: a candidate's plan is the same between one change to
it and the next. `content_for` renders such content once per process for each distinct set of
*facts*: the rows it is made from, reduced to their field values, plus what else the markup
depends on (the language, the time zone, the script prefix, the URL configuration, the template
itself, and any value the view passes, such as a text that changes with the time). The next
request reads the rows again and, when their facts are the same, is given the same markup without
rendering it: nothing is invalidated, because a change to any row is a different key.

What keeps this honest:
- The content template is rendered with the values the view gives only (a plain `Context`: no
  request, no signed-in person, no context processor), so it can depend on nothing else.
- It is rendered with the database refused: a template that reads a row the view did not read
  (a related object not loaded, a lazy query) fails at once instead of being kept with a hidden
  input.
- The facts of a model instance are its own field values and those of the related objects
  loaded with it, whatever they are: a field added to a model is part of the key at once.
- `{% csrf_token %}` writes a placeholder (the one template fragments use, ADR 0062), replaced by
  the request's own field each time: the kept markup never holds anyone's token.

Kept per process, at most 1,024 contents and 16 MB (`certify/core/bounded.py`); past either,
everything is forgotten.
"""

import dataclasses
import hashlib
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from django.db import connections
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template import Context, Template, engines
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation

from certify.core.bounded import Bounded
from certify.core.csrf import token_for
from certify.core.templatetags.fragments import PLACEHOLDER

# Keyed by the template itself (held, so a template read again in development is a new key) and
# the digest of everything else.
_kept: Bounded[bytes] = Bounded(max_entries=1024, max_size=16_000_000)

_PLACEHOLDER_FIELD = CsrfTokenNode().render(Context({"csrf_token": PLACEHOLDER})).encode()


class HiddenInputError(RuntimeError):
    """The content asked the database for something the view did not read (and so did not put
    in the key)."""


def facts(value: Any) -> Any:
    """`value` reduced to plain, comparable data: what its markup can be made from. A model
    instance gives its class, everything in its `__dict__` (its fields' values, annotations,
    values worked out and kept on it) and the facts of the related objects loaded with it;
    dataclasses their fields; containers their items. Anything else is refused: a value whose
    facts are not known could hide a change."""
    return _facts(value, {})


_PLAIN = frozenset(
    {str, int, float, bool, bytes, Decimal, date, datetime, time, timedelta, UUID, type(None)}
)


def _facts(value: Any, seen: dict[int, Any]) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, Model):
        # The same instance is often reached several times (a set, from each row and the list
        # of sets): reduced once.
        known = seen.get(id(value))
        if known is None:
            loaded = value._state.fields_cache
            known = seen[id(value)] = (
                value._meta.label,
                [
                    (name, v if type(v) in _PLAIN else _facts(v, seen))
                    for name, v in value.__dict__.items()
                    if name != "_state"
                ],
                [(name, _facts(loaded[name], seen)) for name in sorted(loaded)],
            )
        return known
    if isinstance(value, Enum):
        return (kind.__qualname__, value.value)
    if isinstance(value, list | tuple):
        return [v if type(v) in _PLAIN else _facts(v, seen) for v in value]
    if isinstance(value, dict):
        return ("dict", [(_facts(k, seen), _facts(v, seen)) for k, v in value.items()])
    if isinstance(value, set | frozenset):
        return ("set", sorted((_facts(v, seen) for v in value), key=repr))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            kind.__qualname__,
            [_facts(getattr(value, f.name), seen) for f in dataclasses.fields(value)],
        )
    if isinstance(value, QuerySet) and value._result_cache is not None:  # prefetched rows
        return ("rows", [_facts(v, seen) for v in value._result_cache])
    if isinstance(value, str | int):  # a subclass: its class is part of what it says
        return (kind.__qualname__, str(value) if isinstance(value, str) else int(value))
    raise TypeError(f"no facts for a {kind.__qualname__}: pass its values instead")


@contextmanager
def _database_refused() -> Iterator[None]:
    def refuse(*args: Any) -> None:
        raise HiddenInputError(
            "kept content read the database: load what it shows in the view (it is then part "
            "of the key)"
        )

    with _each_connection(refuse):
        yield


@contextmanager
def _each_connection(wrapper: Callable[..., Any]) -> Iterator[None]:
    entered = [connections[alias].execute_wrapper(wrapper) for alias in connections]
    for manager in entered:
        manager.__enter__()
    try:
        yield
    finally:
        for manager in reversed(entered):
            manager.__exit__(None, None, None)


def _template(template_name: str) -> Template:
    return engines["django"].get_template(template_name).template  # type: ignore[attr-defined]


def content_for(
    request: HttpRequest,
    template_name: str | Template,
    make_context: Callable[[], dict[str, Any]],
    *,
    made_from: Any,
) -> bytes:
    """The markup `template_name` (or that template) writes, as UTF-8, with the request's own
    CSRF field.

    `made_from` is everything the content depends on (model instances, plain values); when its
    facts are the same as for a content rendered before in this process, that content is given
    again and `make_context` is not called. Otherwise `make_context()` builds the template's
    values (from what `made_from` holds: nothing else may go into them) and the template is
    rendered, without the database."""
    return with_token(request, kept_content(template_name, make_context, made_from=made_from))


def kept_content(
    template_name: str | Template,
    make_context: Callable[[], dict[str, Any]],
    *,
    made_from: Any,
) -> bytes:
    """`content_for` without the request's CSRF field (the placeholder's in its place)."""
    template = _template(template_name) if isinstance(template_name, str) else template_name
    # Pickled: a faithful encoding of plain data (the same bytes can only come from the same
    # values), written in C.
    digest = hashlib.blake2b(
        pickle.dumps(
            (surroundings(), facts(made_from)),
            protocol=pickle.HIGHEST_PROTOCOL,
        ),
        digest_size=20,
    ).digest()
    key = (template, digest)
    content = _kept.get(key)
    if content is None:
        content = render_content(template, make_context())
        _kept.put(key, content)
    return content


def surroundings() -> tuple[str, str, str, str]:
    """What markup depends on besides its values: the language, the time zone, the script
    prefix and the URL configuration."""
    return (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        repr(get_urlconf()),
    )


def render_content(template: Template | str, values: dict[str, Any]) -> bytes:
    """The template rendered with `values` only and the database refused, as UTF-8, with the
    CSRF placeholder where `{% csrf_token %}` is (see `with_token`)."""
    if isinstance(template, str):
        template = _template(template)
    with _database_refused():
        return template.render(Context({**values, "csrf_token": PLACEHOLDER})).encode()


def with_token(request: HttpRequest, content: bytes) -> bytes:
    """`content` with the request's own CSRF field where the placeholder's is."""
    if _PLACEHOLDER_FIELD not in content:
        return content
    field = CsrfTokenNode().render(Context({"csrf_token": token_for(request)})).encode()
    return content.replace(_PLACEHOLDER_FIELD, field)


def forget_all() -> None:
    _kept.clear()
