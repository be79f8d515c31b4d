import functools
import gc
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key

from certify.accounts.models import Role
from certify.programs.models import Program
from certify.programs.services import builtin_program_data, program_load
from tests import dbcache, dbsetup, flushes, signin
from tests.factories import UserFactory
from tests.redis_server import on_redis, redis_url  # noqa: F401 (fixtures: a real Redis)
from tests.row_locks import JOINED_LOCK_FAILURE, JoinedLockGuard

# Hypothesis's timing checks (a deadline per example, "generating input is slow") fail when the
# machine is busy, not when the code is wrong: timings belong in `bench/` (docs/testing.md).
hypothesis_settings.register_profile(
    "certify", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("certify")

# `--clock INSTANT`: the run starts at a chosen wall-clock instant (tests/clock.py).
pytest_plugins = ("tests.clock",)

# --- Set-up paid once (tests/dbsetup.py says how) -----------------------------------------------

RUN = pytest.StashKey[str]()


def pytest_configure(config):
    # After a transactional test: the content types and permissions are kept, not written again,
    # and the rows the migrations made are written again (tests/flushes.py, docs/testing.md).
    TransactionTestCase._fixture_teardown = flushes.transactional_teardown  # type: ignore[method-assign]
    # A test client signs in with one session row written once (tests/signin.py).
    signin.install()
    if not hasattr(config, "workerinput"):  # the controller (or a run without pytest-xdist)
        config.stash[RUN] = dbsetup.run_name(config.getoption("numprocesses", None))


def pytest_runtest_setup(item):
    """Tests marked `postgres_only` (threads racing for row locks) run in the PostgreSQL suite."""
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between threads (runs in the PostgreSQL suite)")


# The modules that take longest, run first in each database run (docs/testing.md, "Order"):
# pytest-xdist hands out tests in collection order, so a slow module collected last (tests/rest
# and tests/security come late) kept one worker busy for a minute after the other had finished.
# Longest first; the rest keep their order. The durations at the end of each run say which
# modules are slow today.
SLOW_MODULES = (
    "tests/security/test_permission_matrix.py",
    "tests/rest/test_contract.py",
    "tests/renewals/test_api_contract.py",
    "tests/core/test_checks.py",
    "tests/core/test_backup.py",
    "tests/programs/test_framework_migration.py",
    "tests/courses/test_imports.py",
    "tests/programs/test_loader.py",
    "tests/courses/test_views.py",
    "tests/payments/test_stored_documents.py",
    "tests/security/test_separation_of_duties.py",
)


def pytest_collection_finish(session):
    """What is alive once the tests are collected (Django, the project, the test modules and
    items) lives until the run ends: moved out of the garbage collector's sight, its full passes
    no longer walk it again and again (about a seventh of a test process's CPU went to them;
    docs/testing.md).
    `django_db_setup` does the same once the test database is ready, and `pytest_runtest_teardown`
    after a process's first test, which fills the caches kept for the process (the URL
    resolvers, the compiled templates, the OpenAPI document)."""
    gc.freeze()


# Every statement of the PostgreSQL suite's own connections passes this (tests/row_locks.py).
JOINED_LOCKS = JoinedLockGuard()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    found = JOINED_LOCKS.take()
    if found:
        pytest.fail(JOINED_LOCK_FAILURE.format(sql=found[0]), pytrace=False)
    if not item.session.stash.get(FIRST_TEST_DONE, False):
        item.session.stash[FIRST_TEST_DONE] = True
        gc.collect()
        gc.freeze()
    return result


FIRST_TEST_DONE = pytest.StashKey[bool]()


def language_and_zone_restored() -> None:
    """The site's language and time zone active again (settings.LANGUAGE_CODE, TIME_ZONE): what
    a test activated and left (a management command's `no_translations` re-activates the language
    it found, a `translation.activate` without its `deactivate`) ends with it."""
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _language_and_zone_of_the_site():
    """Every test starts in the site's language and time zone, whatever the test before it in the
    same process left active (tests/core/test_suite_isolation.py)."""
    yield
    language_and_zone_restored()


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def _database_free_left_out(config, items):
    """In the PostgreSQL suite, leave out the tests marked `database_free`: they use no database,
    so the SQLite suite's run of them is the same run (docs/testing.md). A marked test that asks
    for a database stops the run, so the mark can never hide a database test from PostgreSQL."""
    wrong = [
        item.nodeid
        for item in items
        if item.get_closest_marker("database_free")
        and (
            item.get_closest_marker("django_db")
            or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
    ]
    if wrong:
        raise pytest.UsageError(f"marked database_free but uses the database: {wrong[:5]}")
    if connection.vendor != "postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("database_free")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("database_free")]


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Slow modules first. This runs before pytest-django's own sort (tests with a rolled-back
    transaction, then `transactional_db` ones, then those without a database), which is stable:
    that order stays, and within each of those groups the slow modules come first."""
    rank = {module: n for n, module in enumerate(SLOW_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(rank)))
    _database_free_left_out(config, items)
    return (yield)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist: every worker of this run shares one template database."""
    node.workerinput["certify_db_run"] = node.config.stash[RUN]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    run = session.config.stash.get(RUN, None)
    if run and dbsetup.template_dir(run).exists():
        with session.config.stash[blocking_manager_key].unblock():
            dbsetup.template_delete(run)


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's, except that pytest-xdist workers migrate once per run, not once each, the
    browser tests under `make test` start from the SQLite suite's template (dbsetup.py), and a
    database migrated by an earlier run with the same migrations is copied, not migrated again
    (dbcache.py)."""
    from django.test.utils import setup_databases, teardown_databases

    option = request.config.option
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    run = getattr(request.config, "workerinput", {}).get("certify_db_run")
    if not hasattr(request.config, "workerinput"):  # no pytest-xdist workers: one process
        run = dbsetup.own_process_run(request.config.stash[RUN])
    keepdb = option.reuse_db and not option.create_db
    if option.nomigrations:
        _disable_migrations()
    setup = functools.partial(
        setup_databases,
        verbosity=option.verbose,
        interactive=False,
        aliases=aliases,
        serialized_aliases=serialized_aliases,
    )
    with django_db_blocker.unblock():
        if keepdb or option.nomigrations:
            db_cfg = setup(keepdb=keepdb)
        elif not run and dbsetup.template_borrow(aliases):
            db_cfg = setup(keepdb=True)  # the SQLite suite's template; migrate finds it up to date
        elif not run or not dbsetup.copyable(aliases):
            db_cfg = dbcache.migrated(aliases, setup)
        else:
            originals = {alias: dict(connections[alias].settings_dict) for alias in aliases}
            with dbsetup.run_lock(run):
                if dbsetup.template_exists(run):
                    copies = dbsetup.template_copy(aliases, run)
                    db_cfg = setup(keepdb=True)  # migrate finds the copy up to date
                    copies.close()
                else:
                    db_cfg = dbcache.migrated(aliases, setup)
                    dbsetup.template_save(aliases, run, originals)
        # The rows the migrations made, given back after each transactional test's flush.
        flushes.migrated_world_take(aliases)
    for alias in aliases:
        if connections[alias].vendor == "postgresql":
            connections[alias].execute_wrappers.append(JOINED_LOCKS)
    # The migration states are garbage now; what is left lives until the end (below).
    gc.collect()
    gc.freeze()
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=option.verbose)


@pytest.fixture(scope="session")
def lsscp_snapshot(django_db_setup, django_db_blocker) -> dbsetup.Snapshot:
    with django_db_blocker.unblock():
        return dbsetup.snapshot_take(lambda: program_load(data=builtin_program_data("lsscp"))[0])


@pytest.fixture
def lsscp(db, lsscp_snapshot):
    """The default program as `manage.py load_program lsscp` loads it: the loader's rows, written
    once per process and replayed for each test (tests/dbsetup.py)."""
    dbsetup.snapshot_restore(lsscp_snapshot)
    return Program.objects.get(pk=lsscp_snapshot.program_pk)


@pytest.fixture
def candidate(db):
    return UserFactory(roles=[Role.CANDIDATE])


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


# One signed-in person per role (plus anonymous), for tests that check who is refused.
ROLES = {
    "candidate": [Role.CANDIDATE],
    "program_staff": [Role.PROGRAM_STAFF],
    "reviewer": [Role.REVIEWER],
    "provider": [Role.PROVIDER],
    "sponsor": [Role.SPONSOR],
    "no_role": [],
}


@pytest.fixture
def client_as(client) -> Callable:
    def sign_in(role_key: str):
        if role_key == "anonymous":
            return client
        user = UserFactory(roles=ROLES[role_key])
        client.force_login(user)
        return client

    return sign_in


def count_queries(func: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE")


def writes_during(func: Callable[[], object]) -> list[str]:
    """The SQL writes `func` made, leaving out the session row (signing in and out touch it)."""
    with CaptureQueriesContext(connection) as ctx:
        func()
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITE_STATEMENTS)
        and "django_session" not in q["sql"]
    ]


# --- Stored documents (ADR 0058) ------------------------------------------------------------------


@pytest.fixture
def stored_documents(settings, tmp_path):
    """PDFs kept in the documents storage and rendered ahead, in a folder of this test's own (the
    test settings typeset every download and keep nothing)."""
    folder = tmp_path / "documents"
    settings.DOCUMENTS_STORED = True
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "certify.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": folder, "sync": False},
        },
    }
    return folder


def stored_pdfs(folder, kind: str, pk: int) -> list:
    """The renderings kept for one object, e.g. `stored_pdfs(folder, "invoices", invoice.pk)`."""
    return sorted((folder / kind / str(pk)).glob("*.pdf"))


@pytest.fixture
def no_typesetting(monkeypatch):
    """WeasyPrint refuses to typeset: a download that still answers was served from storage."""
    from weasyprint import HTML

    def refuse(self, *args, **kwargs):
        raise AssertionError("WeasyPrint was asked to typeset a PDF")

    monkeypatch.setattr(HTML, "write_pdf", refuse)


@pytest.fixture
def one_rate_window(monkeypatch):
    """The rate limiter's clock (`certify/core/ratelimit.py`, fixed windows) held in the middle
    of a minute: the requests a test counts against one limit are never split by the end of a
    window (on a busy machine they could straddle it and all be allowed). A test that moves the
    clock sets `ratelimit.time.time` itself."""
    from types import SimpleNamespace

    from certify.core import ratelimit

    held = (time.time() // 60) * 60 + 30
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: held))


@pytest.fixture
def at(monkeypatch):
    """`at(moment)` moves the clock (`timezone.now`) to an aware datetime for the rest of a test."""

    def move_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move_to
