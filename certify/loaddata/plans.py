"""Which tables a query reads whole, from the database's own plan (for `make bench-sweeps`).

PostgreSQL's `EXPLAIN (FORMAT JSON)` names each sequential scan; SQLite's `EXPLAIN QUERY PLAN`
says `SCAN <table>` for a table read row by row without an index (`SEARCH … USING INDEX` and
`SCAN … USING … INDEX` go through one). Nothing is run: only planned.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection

PLANNED = ("SELECT", "UPDATE", "DELETE", "WITH")


def tables_read_whole(sql: str) -> set[str]:
    """The tables the plan of `sql` reads without an index (empty for statements that are not
    reads, updates or deletes)."""
    if not sql.lstrip().upper().startswith(PLANNED):
        return set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            return set(_seq_scans(plan[0]["Plan"] if isinstance(plan, list) else plan))
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return {
            detail.split()[1]
            for *_, detail in cursor.fetchall()
            if detail.startswith("SCAN ") and " USING " not in detail
        }


def _seq_scans(node: dict[str, Any]) -> Iterator[str]:
    if node.get("Node Type") == "Seq Scan":
        yield node["Relation Name"]
    for child in node.get("Plans", ()):
        yield from _seq_scans(child)


def table_rows(table: str) -> int:
    """About how many rows `table` holds (PostgreSQL's estimate; SQLite counts them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            return max(int(row[0]), 0) if row else 0
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - a table's own name
        return int(cursor.fetchone()[0])


def large_tables_read_whole(queries: Iterable[str], *, above: int = 10_000) -> dict[str, int]:
    """Of the tables these queries' plans read whole, those holding more than `above` rows,
    with their row counts: a small table (the programs, the job runs) is cheaper to read whole
    than through an index, and the planner rightly does."""
    whole: set[str] = set()
    for sql in queries:
        whole |= tables_read_whole(sql)
    sizes = {table: table_rows(table) for table in sorted(whole)}
    return {table: rows for table, rows in sizes.items() if rows > above}
