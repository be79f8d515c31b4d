"""Migrated test databases kept between runs (`var/test-db-cache/`), so that a run whose
migrations have not changed starts from a copy instead of migrating (about 40 s of CPU for each
database suite, and for every short run of a few test modules).

**The key.** A cached database is used only when everything migrating reads is what it was: the
Python version, the libraries' locked versions (`uv.lock`), the database engine (and SQLite's or
`pg_dump`'s version), the settings module, every migration file of every installed app,
the project's `migrate` command, and every module of the project a migration file imports, with
the project's modules those import in turn (read from their `import` statements). A change to any
of them is another key: the suite migrates afresh and keeps that result. Django still runs
`migrate` on the copy, as on a run's template (tests/dbsetup.py), so a migration the copy lacks
still runs, and its checks and `post_migrate` still run on every copy.

**Where.** In-memory SQLite (the SQLite suite) is copied with SQLite's backup API; PostgreSQL is
kept as `pg_dump`'s archive and restored with `pg_restore` (the binaries beside the cluster's:
tools/pgcluster.py names them in PG_BINDIR). Each engine keeps its newest few entries.
`TEST_DB_CACHE=0` turns the cache off (a run then migrates, as on a fresh clone).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import os
import sqlite3
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import django
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from tests import dbsetup

OFF = "TEST_DB_CACHE"
ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "test-db-cache"
KEPT = 3  # entries per engine
PROJECT = "certify"
MIGRATE_COMMAND = "certify.core.management.commands.migrate"


def enabled() -> bool:
    return os.environ.get(OFF, "1") != "0"


# --- The key -----------------------------------------------------------------------------------


def _module_file(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _imported(path: Path, package: str) -> set[str]:
    """The project's modules that `path` imports (`import certify.x`, `from certify.x import y`,
    relative imports; `y` counts when it is a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    found = set()
    for name in names:
        if name == PROJECT or name.startswith(PROJECT + "."):
            parts = name.split(".")
            # the module and the packages it lives in (their __init__ runs first)
            found.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return found


def project_modules(roots: set[str]) -> dict[str, Path]:
    """`roots` and every module of the project they import, directly or not: name → file."""
    seen: dict[str, Path] = {}
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        todo.extend(sorted(_imported(path, package) - seen.keys()))
    return seen


def _tool_version(alias: str) -> str:
    conn = connections[alias]
    if conn.vendor == "sqlite":
        return sqlite3.sqlite_version
    return subprocess.run(
        [_binary("pg_dump"), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()


@functools.cache
def key(alias: str) -> str:
    """What the migrated database of `alias` depends on, as a digest (see the module's text)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode())
            digest.update(b"\0")

    add(django.get_version(), sys.version_info[:2], connections[alias].vendor)
    add(_tool_version(alias), os.environ.get("DJANGO_SETTINGS_MODULE", ""))
    add((ROOT / "uv.lock").read_bytes())  # every library's version, its migrations' code too
    roots = {MIGRATE_COMMAND}
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        module = sys.modules[type(migration).__module__]
        path = Path(module.__file__ or "")
        add(app, name, path.read_bytes())
        if module.__name__.startswith(PROJECT + "."):
            roots.update(_imported(path, module.__name__.rpartition(".")[0]))
    for name, path in sorted(project_modules(roots).items()):
        add(name, path.read_bytes())
    return digest.hexdigest()[:24]


# --- Keeping and copying -----------------------------------------------------------------------


def usable(aliases: set[str]) -> bool:
    """On, and every database one the cache can copy: SQLite (in memory or, for the browser tests,
    in a file) or PostgreSQL with its binaries named."""
    if not enabled() or not (dbsetup.copyable(aliases) or dbsetup.file_sqlite(aliases)):
        return False
    postgresql = any(connections[a].vendor == "postgresql" for a in dbsetup._real_aliases(aliases))
    tools = ("pg_dump", "pg_restore")
    return not postgresql or all(os.access(_binary(name), os.X_OK) for name in tools)


def _binary(name: str) -> str:
    return str(Path(os.environ.get("PG_BINDIR", "")) / name)


def _entry(alias: str, digest: str) -> Path:
    suffix = "sqlite3" if connections[alias].vendor == "sqlite" else "pgdump"
    return FOLDER / f"{alias}-{digest}.{suffix}"


def load(aliases: set[str]) -> dbsetup.Copies | None:
    """Before Django creates the test databases (keepdb): put the cached copies where it will
    find them. None, and nothing copied, when one of them is not cached."""
    real = dbsetup._real_aliases(aliases)
    entries = {alias: _entry(alias, key(alias)) for alias in real}
    if not all(entry.exists() for entry in entries.values()):
        return None
    copies = dbsetup.Copies()
    for alias, entry in entries.items():
        conn = connections[alias]
        test_name = conn.creation._get_test_db_name()
        if conn.vendor == "sqlite" and conn.creation.is_in_memory_db(test_name):
            copies.keep_open.append(dbsetup.sqlite_copy_in(entry, test_name))
            continue
        if conn.vendor == "sqlite":
            dbsetup.sqlite_copy_to_file(entry, test_name)
            continue
        quoted = conn.ops.quote_name(test_name)
        with conn.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            cursor.execute(f"CREATE DATABASE {quoted}")
        settings_dict = dict(conn.settings_dict, NAME=test_name)
        restore = [_binary("pg_restore"), "--no-owner", "--exit-on-error", str(entry)]
        subprocess.run(restore + _pg_arguments_for(settings_dict), check=True, env=_pg_env(conn))
    return copies


def migrated(aliases: set[str], setup: Any) -> Any:
    """Django's `setup_databases` (`setup`), from the cached copies when there are some for this
    key; else migrating, then keeping what it built."""
    if not usable(aliases):
        return setup()
    try:
        copies = load(aliases)
    except FAILURES as error:  # a copy that cannot be made: migrate as without the cache
        warnings.warn(f"The kept test database was not copied ({error}); migrating.", stacklevel=2)
        copies = None
    if copies is not None:
        db_cfg = setup(keepdb=True)  # migrate finds the copy up to date
        copies.close()
        return db_cfg
    db_cfg = setup()  # drops whatever a failed copy left
    try:
        save(aliases)
    except FAILURES as error:  # the cache never fails a run
        warnings.warn(f"The migrated test database was not kept ({error}).", stacklevel=2)
    return db_cfg


# What copying or keeping can meet: a full disk, a missing binary, a refused connection.
FAILURES = (OSError, sqlite3.Error, subprocess.CalledProcessError)


def _pg_arguments_for(settings_dict: dict[str, Any]) -> list[str]:
    arguments = ["--no-password", "-h", settings_dict["HOST"] or "127.0.0.1"]
    arguments += ["-d", settings_dict["NAME"]]
    if settings_dict.get("PORT"):
        arguments += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["-U", settings_dict["USER"]]
    return arguments


def _pg_env(conn: Any) -> dict[str, str]:
    """The environment of `pg_dump` and `pg_restore`: the connection's password, if it has one."""
    password = conn.settings_dict.get("PASSWORD")
    return dict(os.environ, PGPASSWORD=password) if password else dict(os.environ)


def save(aliases: set[str]) -> None:
    """After this process migrated its test databases: keep them under their key (written whole
    or not at all), and only the newest few of each engine."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    for alias in dbsetup._real_aliases(aliases):
        conn = connections[alias]
        entry = _entry(alias, key(alias))
        handle, partial = tempfile.mkstemp(dir=FOLDER, suffix=".partial")
        os.close(handle)
        try:
            if conn.vendor == "sqlite":
                conn.ensure_connection()
                target = sqlite3.connect(partial)
                conn.connection.backup(target)
                target.close()
            else:
                dump = [_binary("pg_dump"), "-Fc", "-f", partial]
                subprocess.run(
                    dump + _pg_arguments_for(conn.settings_dict), check=True, env=_pg_env(conn)
                )
            os.replace(partial, entry)
        finally:
            Path(partial).unlink(missing_ok=True)
        older = sorted(FOLDER.glob(f"{alias}-*{entry.suffix}"), key=lambda p: p.stat().st_mtime)
        for stale in older[:-KEPT]:
            stale.unlink(missing_ok=True)
