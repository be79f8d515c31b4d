"""Fast bulk inserts for generated load data: COPY on PostgreSQL, executemany elsewhere.

Rows are dicts of attribute names (`candidate_id`, not `candidate`) with explicit primary keys,
so children can point at parents without reading anything back. Fields a row leaves out take the
model's default (a callable default is called per row), `auto_now`/`auto_now_add` fields take
the writer's `now`, nullable fields `None` and blank text fields "". Sequences are reset at the
end so the application's own inserts carry on after the generated ids.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

Row = dict[str, Any]
MISSING = object()


class Column:
    """One column of a model: its attribute name and how to fill it when a row leaves it out."""

    def __init__(self, field: models.Field, now: datetime) -> None:
        self.field = field
        self.attname = field.attname
        self.column = field.column
        self.is_json = isinstance(field, models.JSONField)
        self.per_row: Callable[[], Any] | None = None
        self.constant: Any = MISSING
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            self.constant = now
        elif field.has_default():
            default = field.default
            if default in (list, dict):
                self.constant = default()
            elif callable(default):
                self.per_row = default
            else:
                self.constant = default
        elif field.null:
            self.constant = None
        elif field.blank and isinstance(
            field, models.CharField | models.TextField | models.FileField
        ):
            self.constant = ""

    def value(self, row: Row) -> Any:
        value = row.get(self.attname, MISSING)
        if value is not MISSING:
            return value
        if self.per_row is not None:
            return self.per_row()
        if self.constant is MISSING:
            raise KeyError(f"{self.field.model.__name__}.{self.attname} needs a value")
        return self.constant


class BulkWriter:
    """Writes rows model by model and remembers which sequences to reset."""

    def __init__(self, *, now: datetime, on_rows: Callable[[str, int], None] | None = None):
        self.now = now
        self.on_rows = on_rows or (lambda table, count: None)
        self.written: dict[type[models.Model], int] = {}
        self.postgres = connection.vendor == "postgresql"
        self.superuser: bool | None = None  # PostgreSQL's, read at the first write

    def next_id(self, model: type[models.Model]) -> int:
        """The first free primary key (ids are assigned by the generator, not the database)."""
        return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def write(self, model: type[models.Model], rows: Iterable[Row], batch: int = 5000) -> int:
        meta = model._meta
        columns = [Column(f, self.now) for f in meta.local_concrete_fields]
        names = ", ".join(connection.ops.quote_name(str(c.column)) for c in columns)
        table = connection.ops.quote_name(meta.db_table)
        count = 0
        if self.postgres:
            from psycopg.types.json import Jsonb

            # The data versions' row triggers (ADR 0071) would run a query per row, joined over
            # tables without statistics yet: hours at a million rows. A superuser (the bench's
            # clusters) writes in replica mode, which fires no trigger (foreign-key checks
            # neither: the generator makes the keys), and `versions_renew` gives the versions
            # after the load; another user writes with the triggers, slowly.
            self._replica(True)
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(
                        [
                            Jsonb(v) if c.is_json and v is not None else v
                            for c, v in ((c, c.value(row)) for c in columns)
                        ]
                    )
                    count += 1
                    if count % batch == 0:
                        self.on_rows(meta.db_table, batch)
            self._replica(False)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            chunk: list[list[Any]] = []
            with connection.cursor() as cursor:
                for row in rows:
                    chunk.append(
                        [c.field.get_db_prep_save(c.value(row), connection) for c in columns]
                    )
                    if len(chunk) == batch:
                        cursor.executemany(sql, chunk)
                        count += len(chunk)
                        self.on_rows(meta.db_table, len(chunk))
                        chunk = []
                if chunk:
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
        self.on_rows(meta.db_table, count % batch)
        self.written[model] = self.written.get(model, 0) + count
        return count

    def _replica(self, on: bool) -> None:
        if self.superuser is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                row = cursor.fetchone()
                self.superuser = bool(row and row[0])
        if self.superuser:
            with connection.cursor() as cursor:
                role = "replica" if on else "DEFAULT"
                cursor.execute(f"SET LOCAL session_replication_role = {role}")

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.written))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def versions_renew(self) -> None:
        """Give every data version a new value (ADR 0071), and one to each person the tracked
        tables hold rows about (their applications, invoices, review assignments): the
        triggers that would have done it row by row were off for the COPY, so no page kept by
        an earlier version is served."""
        if not self.postgres:
            return
        persons = (
            "SELECT candidate_id FROM applications_application "
            "UNION SELECT user_id FROM payments_invoice "
            "UNION SELECT reviewer_id FROM portfolios_reviewassignment UNION SELECT 0"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_dataversion SET version = nextval('certify_data_version_seq')"
            )
            cursor.execute(
                "INSERT INTO core_dataversion (key, version) "  # noqa: S608 - constant text
                f"SELECT person, nextval('certify_data_version_seq') FROM ({persons}) AS p(person) "
                "ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version"
            )
