"""`certify.loaddata.plans`: which tables a query's plan reads whole (for `make bench-sweeps`),
from PostgreSQL's EXPLAIN or SQLite's query plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certify.certificates.models import Certificate
from certify.loaddata.plans import large_tables_read_whole, tables_read_whole

TABLE = Certificate._meta.db_table


def _sql(queryset) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(queryset)
    [query] = queries.captured_queries
    return query["sql"]


@pytest.mark.django_db
def test_a_read_by_the_primary_key_reads_no_table_whole():
    assert tables_read_whole(_sql(Certificate.objects.filter(pk=7))) == set()


@pytest.mark.django_db
def test_a_read_by_a_column_without_an_index_reads_its_table_whole():
    sql = _sql(Certificate.objects.filter(holder_name__contains="Rosa"))
    assert tables_read_whole(sql) == {TABLE}
    # Only tables larger than the bound are named, with their rows.
    # (PostgreSQL's estimate may keep an earlier test's ANALYZE: not rolled back.)
    assert set(large_tables_read_whole([sql], above=-1)) == {TABLE}
    assert large_tables_read_whole([sql], above=-1)[TABLE] >= 0
    assert large_tables_read_whole([sql]) == {}


@pytest.mark.django_db
def test_statements_that_are_not_reads_are_not_planned():
    assert tables_read_whole("INSERT INTO certificates_certificate DEFAULT VALUES") == set()
    assert tables_read_whole("SAVEPOINT one") == set()
