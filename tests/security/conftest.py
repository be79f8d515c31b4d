import pytest
from django.db import connection


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between threads (runs in the PostgreSQL suite)")
