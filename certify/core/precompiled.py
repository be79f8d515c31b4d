"""Queries whose SQL is built and compiled once per process, then run with each request's values.

A page that reads the same shape of query on every request (the signed-in person's plan, a
reviewer's queue) spends more CPU building the queryset (filters, joins, subqueries) and
compiling it to SQL than the database spends answering it. `Precompiled` builds the queryset
once per database with a sentinel in place of each value that varies (a person's id, today's
date), compiles it, and remembers the SQL and where each sentinel landed among its parameters.
Each run puts the request's values in those places and hands the SQL to Django's own iterable
(models with their `select_related` objects), or makes the rows by hand the way that iterable
would (plain models of one table, `values()` dictionaries, `values_list()` tuples and single
values), so rows come back exactly as from the queryset itself. The same pattern as
`accounts.backends.user_for_request`, for any queryset (ADR 0062, 0065).

Each such query, run on nearly every request, is also planned once: on a backend with
`prepared_cursor()` (certify/core/postgresql/) its parameters are bound on the server, so psycopg
prepares the statement after a few runs on a connection and PostgreSQL no longer plans it on every
run (ADR 0063; the reviewer queue's page of rows was planned in more time than it ran); elsewhere
(SQLite) it runs on an ordinary cursor. `prepared=False` opts a query out: a query bound on the
server must be tested on PostgreSQL (Django's docs warn that some behave differently), and every
query kept here is (the signed-in person's row, `accounts.backends.user_for_request`, among them).

What may vary: integers (ids) and dates, passed by name. Everything else in the query is fixed
when it is built (statuses, orderings). A slice (LIMIT/OFFSET, written into the SQL text by
Django) is part of what is kept: each distinct slice is compiled once, up to `MAX_SLICES`.
"""

import copy
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    _get_from_db,
    get_related_populators,
)
from django.db.models.sql.query import Query

# Values no real query uses: a negative id, a date in the year 1111 (each slot its own).
_INT_SENTINEL = -7_340_100
_DATE_SENTINEL_YEAR = 1111
MAX_SLICES = 64


class _KeptQuery(Query):
    """A built query that compiles to SQL kept from an earlier compilation: its compiler gets the
    state the first compilation left (the select list, related-object layout, annotations) and
    the kept SQL with this run's parameters."""

    kept: "_Compiled"
    kept_params: tuple[Any, ...]

    def get_compiler(self, using=None, connection=None, elide_empty=True):  # type: ignore[no-untyped-def]
        compiler = super().get_compiler(using, connection, elide_empty)
        kept = self.kept
        compiler.__dict__.update(kept.state)
        sql, params = kept.sql, self.kept_params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        # The rows' converters (per column, from the backend and the fields) are the same on
        # every run on the same connection: worked out on its first run.
        work_out, on = compiler.get_converters, compiler.connection

        def get_converters(expressions: list[Any]) -> dict[int, Any]:
            entry = kept.converters.get((id(on), len(expressions)))
            if entry is None or entry[0] is not on:
                entry = kept.converters[(id(on), len(expressions))] = (on, work_out(expressions))
            return entry[1]

        compiler.get_converters = get_converters
        # Whether a column is a composite key's pair of columns: the same select list, the same
        # answer (Django asks it of every column on every run).
        is_composite = compiler.has_composite_fields

        def has_composite_fields(expressions: list[Any]) -> bool:
            found = kept.composite.get(len(expressions))
            if found is None:
                found = kept.composite[len(expressions)] = is_composite(expressions)
            return found

        compiler.has_composite_fields = has_composite_fields
        if kept.prepared and hasattr(on, "prepared_cursor"):
            compiler.connection = _Preparing(on)
        return compiler


class _Preparing:
    """A database connection whose cursors bind parameters on the server (`prepared_cursor`);
    everything else is the connection's own."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def cursor(self) -> Any:
        return self._connection.prepared_cursor()

    chunked_cursor = cursor


class _Compiled:
    """One compilation: the built queryset, its SQL and parameters, where each value goes among
    them, and the state the compiler was left in."""

    def __init__(self, queryset: QuerySet, names: dict[str, Any], *, prepared: bool) -> None:
        self.prepared = prepared
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        self.queryset = queryset
        self.sql = sql
        self.params = tuple(params)
        self.converters: dict[tuple[int, int], tuple[Any, dict[int, Any]]] = {}
        self.composite: dict[int, bool] = {}
        self.state = {
            k: v for k, v in compiler.__dict__.items() if k not in ("query", "connection", "using")
        }
        # Where each sentinel landed (as the backend adapted it: a date is text on SQLite).
        self.slots = {
            name: [i for i, p in enumerate(params) if type(p) is type(v) and p == v]
            for name, v in names.items()
        }
        for name, positions in self.slots.items():
            if not positions:
                raise ValueError(f"{name!r} does not reach the query's parameters")
        self.lean: _Lean | _LeanValues | None = _Lean.of(queryset, compiler) or _LeanValues.of(
            queryset, compiler
        )


class _Lean:
    """How to make a model from each row by hand, for the plainer queries (model rows with their
    `select_related` objects; no prefetching, known related objects or composite keys, the
    default fetch mode): what Django's `ModelIterable` does for them, without building a
    queryset and a compiler on every run. For the signed-in person's row on every request that
    was a third of the query's CPU (ADR 0065). The related objects are made by Django's own
    `RelatedPopulator`s, built once per compilation (they keep nothing between rows without
    peer tracking). Everything else takes Django's way."""

    def __init__(self, queryset: QuerySet, compiler: Any) -> None:
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.annotations = list(compiler.annotation_col_map.items())
        self.expressions = [s[0] for s in select[: compiler.col_count]]
        fetch_mode = queryset._fetch_mode  # type: ignore[attr-defined]
        self.from_db = _get_from_db(klass_info["model"], fetch_mode)
        self.related = get_related_populators(klass_info, select, queryset.db, fetch_mode)
        self.converters: dict[int, tuple[Any, list[tuple[int, tuple[Any, Any]]]]] = {}

    @classmethod
    def of(cls, queryset: QuerySet, compiler: Any) -> "_Lean | None":
        klass_info = compiler.klass_info
        plain = (
            queryset._iterable_class is ModelIterable  # type: ignore[attr-defined]
            and klass_info is not None
            and not queryset._prefetch_related_lookups  # type: ignore[attr-defined]
            and not queryset._known_related_objects  # type: ignore[attr-defined]
            and not queryset._fetch_mode.track_peers  # type: ignore[attr-defined]
            and not compiler.has_composite_fields([s[0] for s in compiler.select])
        )
        return cls(queryset, compiler) if plain else None

    def rows(self, kept: "_Compiled", params: tuple[Any, ...], connection: Any) -> list[Any]:
        db = kept.queryset.db
        objects = []
        for row in _fetch(kept, self.expressions, self.converters, params, connection):
            obj = self.from_db(db, self.init_list, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, obj)
            for name, at in self.annotations:
                setattr(obj, name, row[at])
            objects.append(obj)
        return objects


class _LeanValues:
    """The rows of a `values()` or `values_list()` query (not `named=True`; no prefetching or
    composite keys) made by hand: the kept SQL run on the cursor, the ORM's converters applied,
    then a dictionary per row (the names `ValuesIterable` gives), a tuple, or the single value of
    `flat=True`: what Django's iterables do for them, without building a queryset and a compiler
    on every run (about 45 µs of a small query's CPU, 100 µs of a page of 50 rows)."""

    def __init__(self, queryset: QuerySet, compiler: Any, shape: str) -> None:
        query = queryset.query
        self.shape = shape
        self.names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        self.expressions = [s[0] for s in compiler.select[: compiler.col_count]]
        self.converters: dict[int, tuple[Any, list[tuple[int, tuple[Any, Any]]]]] = {}

    @classmethod
    def of(cls, queryset: QuerySet, compiler: Any) -> "_LeanValues | None":
        shape = {
            ValuesIterable: "dict",
            ValuesListIterable: "tuple",
            FlatValuesListIterable: "flat",
        }.get(queryset._iterable_class)  # type: ignore[attr-defined]
        expressions = [s[0] for s in compiler.select[: compiler.col_count]]
        plain = (
            shape is not None
            and not queryset._prefetch_related_lookups  # type: ignore[attr-defined]
            and not compiler.has_composite_fields(expressions)
        )
        return cls(queryset, compiler, shape) if plain and shape else None

    def rows(self, kept: "_Compiled", params: tuple[Any, ...], connection: Any) -> list[Any]:
        fetched = _fetch(kept, self.expressions, self.converters, params, connection)
        if self.shape == "flat":
            return [row[0] for row in fetched]
        if self.shape == "tuple":
            return [tuple(row) for row in fetched]
        names = self.names
        return [dict(zip(names, row, strict=False)) for row in fetched]


def _fetch(
    kept: "_Compiled",
    expressions: list[Any],
    converters_by_connection: dict[int, tuple[Any, list[tuple[int, tuple[Any, Any]]]]],
    params: tuple[Any, ...],
    connection: Any,
) -> list[Any]:
    """The kept SQL's rows with the ORM's converters applied (worked out once per connection),
    as Django's `results_iter` gives them: the select list's columns only."""
    converters = converters_by_connection.get(id(connection))
    if converters is None or converters[0] is not connection:
        compiler = kept.queryset.query.get_compiler(using=kept.queryset.db)
        compiler.__dict__.update(kept.state)
        work_out = compiler.get_converters(expressions)
        converters = converters_by_connection[id(connection)] = (connection, list(work_out.items()))
    prepared_cursor = getattr(connection, "prepared_cursor", None) if kept.prepared else None
    with prepared_cursor() if prepared_cursor is not None else connection.cursor() as cursor:
        cursor.execute(kept.sql, params)
        fetched = cursor.fetchall()
    width = len(expressions)
    if not converters[1]:
        return [row[:width] if len(row) > width else row for row in fetched]
    rows = []
    for row in fetched:
        row = list(row[:width])
        for at, (functions, expression) in converters[1]:
            for convert in functions:
                row[at] = convert(row[at], expression, connection)
        rows.append(row)
    return rows


class Precompiled[T]:
    """`build(**values)` returns the queryset; `run(**values)` returns its rows as a list.

    `build` must be a pure function of its arguments (each an `int` or a `date`, named in
    `ints` and `dates`) and of nothing that changes while the process runs. Each argument must
    reach the SQL as a parameter (a filter's value), never shape it (a branch in `build`).
    `prepared`: bound on the server and prepared where the backend can (see above; the default)."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any, T]],
        *,
        ints: tuple[str, ...] = (),
        dates: tuple[str, ...] = (),
        prepared: bool = True,
    ) -> None:
        self.build = build
        self.ints = ints
        self.dates = dates
        self.prepared = prepared
        self._model: type[Model] | None = None
        self._kept: dict[tuple[Any, ...], _Compiled] = {}
        self._lock = threading.Lock()

    def _sentinels(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for i, name in enumerate(self.ints):
            values[name] = _INT_SENTINEL - i
        for i, name in enumerate(self.dates):
            values[name] = date(_DATE_SENTINEL_YEAR, 1 + i // 28, 1 + i % 28)
        return values

    def _compile(self, alias: str, low: int | None, high: int | None) -> _Compiled:
        sentinels = self._sentinels()
        queryset = self.build(**sentinels).using(alias)
        if low is not None or high is not None:
            queryset = queryset[low:high]
        ops = connections[alias].ops
        adapted = {
            name: ops.adapt_datefield_value(v) if name in self.dates else v
            for name, v in sentinels.items()
        }
        return _Compiled(queryset, adapted, prepared=self.prepared)

    def _kept_for(self, low: int | None, high: int | None) -> tuple[_Compiled, Any]:
        """The compilation for this slice on the database reads go to, and its connection."""
        if self._model is None:
            self._model = self.build(**self._sentinels()).model
        alias = router.db_for_read(self._model)
        connection = connections[alias]
        key = (alias, connection.vendor, low, high)
        kept = self._kept.get(key)
        if kept is None:
            with self._lock:
                if len(self._kept) >= MAX_SLICES:
                    self._kept.clear()
                kept = self._kept[key] = self._compile(alias, low, high)
        return kept, connection

    def run(self, *, rows: tuple[int | None, int | None] = (None, None), **values: Any) -> list[T]:
        """The rows of `build(**values)[low:high]` (`rows=(low, high)`), as the queryset itself
        would give them."""
        if set(values) != {*self.ints, *self.dates}:
            raise TypeError(f"expected values for {(*self.ints, *self.dates)}, got {tuple(values)}")
        kept, connection = self._kept_for(*rows)
        template: Any = kept.queryset  # its private parts are copied below, as `_clone` does
        ops = connection.ops
        params = list(kept.params)
        for name, positions in kept.slots.items():
            value = values[name]
            if name in self.dates:
                if not isinstance(value, date):
                    raise TypeError(f"{name!r} must be a date")
                value = ops.adapt_datefield_value(value)
            else:
                value = int(value)
            for position in positions:
                params[position] = value
        if kept.lean is not None:
            return kept.lean.rows(kept, tuple(params), connection)
        query: Any = copy.copy(template.query)
        query.__class__ = _KeptQuery
        query.kept, query.kept_params = kept, tuple(params)
        # `QuerySet._clone`, with this query rather than a copy of the kept one's.
        run = template.__class__(
            model=template.model, query=query, using=template._db, hints=template._hints
        )
        run._sticky_filter = template._sticky_filter
        run._prefetch_related_lookups = template._prefetch_related_lookups[:]
        run._known_related_objects = template._known_related_objects
        run._iterable_class = template._iterable_class
        run._fetch_mode = template._fetch_mode
        run._fields = template._fields
        return list(run)

    def clear(self) -> None:
        """Forget the compiled SQL (tests that change the database settings)."""
        self._kept.clear()
