"""The one row-lock helper: re-read a row with `SELECT … FOR UPDATE` inside the transaction."""

from django.db import models


def row_lock[M: models.Model](instance: M, *related: str) -> M:
    """The row of `instance`, read again and locked until the transaction ends (PostgreSQL; SQLite
    serialises writers anyway). `related` are `select_related` paths to load with it. Decisions
    that must not happen twice (a fund awarding, a certificate issuing) read their row through
    this, then check its status."""
    manager = type(instance)._default_manager
    if not related:
        return manager.select_for_update().get(pk=instance.pk)
    return manager.select_for_update(of=("self",)).select_related(*related).get(pk=instance.pk)


def name_lock(name: str) -> None:
    """Hold a lock named `name` until the transaction ends, for a rule about rows that may not
    exist yet (a count of e-mails to one address). PostgreSQL: a transaction-level advisory
    lock on the name's hash; SQLite serialises writers anyway."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [name])
