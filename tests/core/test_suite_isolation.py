"""What one test leaves behind does not reach the next: the language and time zone it activated
(tests/conftest.py), and the no-GET-writes walk compares the columns Django itself describes."""

import pytest
from django.db import connection
from django.utils import timezone, translation

from tests.conftest import language_and_zone_restored
from tests.security.walk import EXEMPT_COLUMN_TABLES, EXEMPT_COLUMNS, columns_of_tables

SITE = ("en-us", "America/Chicago")  # settings.LANGUAGE_CODE, TIME_ZONE


def active() -> tuple[str | None, str]:
    return translation.get_language(), timezone.get_current_timezone_name()


@pytest.mark.database_free
def test_the_restore_brings_back_the_sites_language_and_zone():
    translation.activate("de")
    timezone.activate("Asia/Tokyo")
    assert active() == ("de", "Asia/Tokyo")
    language_and_zone_restored()
    assert active() == SITE


@pytest.mark.database_free
def test_every_test_ends_with_the_restore(request):
    """The autouse fixture runs the restore after the test, through pytest's own teardown."""
    assert "_language_and_zone_of_the_site" in request.fixturenames
    definition = request._fixturemanager.getfixturedefs(
        "_language_and_zone_of_the_site", request.node
    )[-1]
    steps = definition.func()
    next(steps)  # the test runs here
    translation.activate("fr")
    timezone.activate("Europe/Paris")
    assert next(steps, "ended") == "ended"
    assert active() == SITE


@pytest.mark.database_free
def test_a_test_may_leave_a_language_and_a_zone_active():
    """Left active on purpose; the next test, in the same process, starts without them."""
    translation.activate("de")
    timezone.activate("Asia/Tokyo")
    assert active() == ("de", "Asia/Tokyo")


@pytest.mark.database_free
def test_the_next_test_starts_in_the_sites_language_and_zone():
    assert active() == SITE


def test_the_walks_columns_are_the_ones_django_describes(db):
    """tests/security/walk.py reads every table's columns in one query; they are the names, in
    the order, that Django's introspection gives table by table (the exempt ones left out)."""
    columns = columns_of_tables()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            described = connection.introspection.get_table_description(cursor, table)
            expected = [
                c.name
                for c in described
                if not (table in EXEMPT_COLUMN_TABLES and c.name in EXEMPT_COLUMNS)
            ]
            assert columns[table] == expected, table
    assert len(tables) > 100
    assert any(table in columns for table in EXEMPT_COLUMN_TABLES)
