"""After a transactional test every table is emptied, as Django's TransactionTestCase does, but the
content types and permissions that post_migrate would write again are kept when the test left
them as they were (tests/flushes.py, docs/testing.md). The tests here are transactional
themselves: PostgreSQL empties tables with TRUNCATE, which a transaction that wrote rows to them
refuses; their own teardown afterwards is the real one."""

from types import SimpleNamespace

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from certify.accounts.models import User
from tests import flushes
from tests.factories import UserFactory


def _teardown() -> None:
    case = SimpleNamespace(
        available_apps=None,
        serialized_rollback=False,
        _databases_names=lambda include_mirrors: ["default"],
    )
    flushes.transactional_teardown(case)


def _kinds() -> list[tuple[str, str]]:
    return sorted(ContentType.objects.values_list("app_label", "model"))


def _permissions() -> list[str]:
    return sorted(Permission.objects.values_list("codename", flat=True))


def test_every_table_is_emptied_and_the_content_types_and_permissions_stay(
    transactional_db, monkeypatch
):
    kinds, permissions = _kinds(), _permissions()
    monkeypatch.setitem(flushes._kept_after_full_flush, "default", flushes._kept_state("default"))
    UserFactory()
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        _teardown()
    assert not User.objects.exists()
    assert _kinds() == kinds
    assert _permissions() == permissions
    written = [q for q in queries if "INSERT" in q.upper()]
    assert written  # the rows the migrations made (tests/core/test_migrated_world.py)
    assert not [q for q in written if "django_content_type" in q or "auth_permission" in q]


def test_a_test_that_changed_the_permissions_gets_djangos_flush_and_them_back(
    transactional_db, monkeypatch
):
    permissions = _permissions()
    monkeypatch.setitem(flushes._kept_after_full_flush, "default", flushes._kept_state("default"))
    Permission.objects.filter(codename=permissions[0]).delete()
    UserFactory()
    _teardown()
    assert not User.objects.exists()
    assert _permissions() == permissions  # post_migrate wrote them again
    assert flushes._kept_after_full_flush["default"] == flushes._kept_state("default")


def test_without_a_record_of_the_kept_rows_the_teardown_is_djangos(transactional_db, monkeypatch):
    monkeypatch.delitem(flushes._kept_after_full_flush, "default", raising=False)
    kinds = _kinds()
    _teardown()
    assert _kinds() == kinds
    assert flushes._kept_after_full_flush["default"] == flushes._kept_state("default")
