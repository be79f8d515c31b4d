"""After a transactional test's flush the database is the world the migrations made again: every
row they wrote (the default organizations, SSD's sponsor and funds, whatever a new migration
adds), compared table by table, as SQL reads them, with the test database just after its
migration (tests/flushes.py keeps that before any test runs), not with a list kept by hand.
Both teardowns are tried: the usual one, which keeps the content types and permissions, and
Django's full flush, which writes them again (they are compared by what they name). The tests
are transactional themselves (PostgreSQL empties tables with TRUNCATE, which a transaction that
wrote to them refuses)."""

from types import SimpleNamespace

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from certify.memberships.models import Organisation
from certify.scholarships.models import Fund
from tests import flushes
from tests.factories import UserFactory

KEPT = {ContentType._meta.db_table, Permission._meta.db_table}


def _teardown() -> None:
    case = SimpleNamespace(
        available_apps=None,
        serialized_rollback=False,
        _databases_names=lambda include_mirrors: ["default"],
    )
    flushes.transactional_teardown(case)


def _change_the_migrated_rows() -> None:
    """Rows of the migrated world changed and taken away, and a row of the test's own."""
    UserFactory()
    Fund.objects.update(name="Spent", awards_made=1)
    Fund.required_organisations.through.objects.all().delete()
    Organisation.objects.filter(code="ALA").update(name="Another")


def _without_kept(tables: dict) -> dict:
    return {table: rows for table, rows in tables.items() if table not in KEPT}


def test_the_migrations_made_rows_outside_the_content_types_and_permissions(transactional_db):
    made = _without_kept(flushes.as_migrated["default"])
    assert [table for table, rows in made.items() if rows]  # else nothing here could fail


def test_after_a_flush_every_table_is_as_the_migration_left_it(transactional_db, monkeypatch):
    monkeypatch.setitem(flushes._kept_after_full_flush, "default", flushes._kept_state("default"))
    _change_the_migrated_rows()
    assert flushes.tables_now("default") != flushes.as_migrated["default"]
    _teardown()
    assert flushes.tables_now("default") == flushes.as_migrated["default"]


def test_after_djangos_full_flush_too(transactional_db, monkeypatch):
    monkeypatch.delitem(flushes._kept_after_full_flush, "default", raising=False)
    keys = sorted(ContentType.objects.values_list("pk", flat=True))
    _change_the_migrated_rows()
    _teardown()
    # post_migrate wrote the content types and permissions again (under new keys).
    assert sorted(ContentType.objects.values_list("pk", flat=True)) != keys
    assert flushes.tables_now("default") == flushes.as_migrated["default"]
