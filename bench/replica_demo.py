#!/usr/bin/env python3
"""`make bench-replica`: Certify past one machine, on loopback, checked.

Starts, with the machine's PostgreSQL binaries, a primary and a streaming replica
(`pg_basebackup -R`), a Redis (the shared cache the app needs with more than one app server),
two gunicorn app servers (production settings, DATABASE_REPLICA_URL set) and nginx in front of
them (its config in a temporary folder, run in the foreground of a child process, never
installed). Every port is a free loopback port of its own. Then it checks, and prints PASS or
FAIL for each:

1. both databases are ready: `/health/ready/` answers "ok" for both, the replica is in recovery
   and streaming from the primary;
2. read-only pages (certificate verification, page and API, and the catalogue API) are served
   from the replica and not the primary: their statements appear in the replica's statement log
   (`log_statement=all`) and not in the primary's;
3. a write through the app (staff suspend a certificate through the API) lands on the primary,
   reaches the replica within WRITE_BOUND_SECONDS, and the public answer says "suspended";
4. nginx sent requests to both app servers;
5. with the replica stopped, the site still answers from the primary: the same pages answer 200
   and read the primary, and `/health/ready/` answers 200 with the replica "degraded";
6. with the replica started again, `/health/ready/` is "ok" and reads go back to the replica;
7. with the primary stopped, `/health/ready/` is 503, verification still answers (it reads the
   replica), and a write is refused with a 503 (nothing saved); once the primary is back the same
   write succeeds and reaches the replica.

It exits 1 when any check fails. Everything stops and is deleted at the end. Requests go to
127.0.0.1 only.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import run
import stack
from pg import Cluster, free_port, owned_dir, run_as_server

DB = "certify_demo"
# A healthy streaming replica on loopback applies a commit in milliseconds; the demo allows this
# long (seconds) for a write on the primary to be visible on the replica.
WRITE_BOUND_SECONDS = 5.0
# How long the app servers may take to notice the replica is back (certify/core/db_router.py
# tries it again after REPLICA_RETRY_SECONDS = 5) plus the replica's start.
RECOVERY_SECONDS = 30.0


STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"bench-replica [{time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


def http(url: str, *, data: dict | None = None, token: str = "") -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def as_json(text: str) -> dict:
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


class StatementLog:
    """A server's log (log_statement=all), read from a mark onwards."""

    def __init__(self, cluster: Cluster) -> None:
        self.path = cluster.log
        self.offset = 0

    def mark(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def count(self, table: str) -> int:
        """Statements since the mark that name `table`."""
        if not self.path.exists():
            return 0
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            text = handle.read().decode(errors="replace")
        return sum(1 for line in text.splitlines() if "statement: " in line and table in line)


class Checks:
    def __init__(self) -> None:
        self.results: list[tuple[str, bool]] = []

    def check(self, name: str, ok: bool, detail: str) -> bool:
        self.results.append((name, ok))
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)
        return ok

    def step(self, title: str, body: Callable[[], None]) -> None:
        print(f"\n{title}", flush=True)
        try:
            body()
        except Exception as error:  # a step that breaks is a failed check, and the demo goes on
            self.check(title, False, f"{type(error).__name__}: {error}")

    @property
    def failed(self) -> list[str]:
        return [name for name, ok in self.results if not ok]


SERVER_SETTINGS = {
    "shared_buffers": "128MB",
    "effective_cache_size": "512MB",
    "maintenance_work_mem": "64MB",
    "max_wal_size": "1GB",
    "logging_collector": "off",
    "log_statement": "all",
}


class Demo:
    def __init__(self, home: Path, nginx_dir: Path) -> None:
        self.home = home
        self.nginx_dir = nginx_dir
        self.primary = Cluster(home / "primary")
        self.replica = Cluster(home / "replica")
        self.primary_log = StatementLog(self.primary)
        self.replica_log = StatementLog(self.replica)
        self.processes: list[subprocess.Popen] = []
        self.checks = Checks()
        self.base = ""
        self.app_ports: list[int] = []
        self.numbers: list[str] = []
        self.pks: dict[str, str] = {}  # certificate number -> row id
        self.token = ""
        self.db_env: dict[str, str] = {}

    # --- setting up ---------------------------------------------------------------------------

    def start_primary(self) -> None:
        self.primary.start(
            {"wal_level": "replica", "max_wal_senders": "5", "wal_keep_size": "256MB"}
            | SERVER_SETTINGS
        )
        self.primary.wait_ready()

    def start_replica(self) -> None:
        self.replica.start({"hot_standby": "on"} | SERVER_SETTINGS)
        self.replica.wait_ready()

    def set_up(self) -> None:
        redis_port = free_port()
        self.processes.append(run.start_redis(redis_port))
        run.REDIS = f"redis://127.0.0.1:{redis_port}"
        say(f"Redis (the shared cache) on 127.0.0.1:{redis_port}")

        say(f"primary on 127.0.0.1:{self.primary.port}")
        self.primary.init()
        self.start_primary()
        self.primary.psql(f"CREATE DATABASE {DB}")
        self.db_env = run.django_env(self.primary.url(DB))
        say("migrating")
        run.manage(self.db_env, "migrate", "--no-input", "-v0")
        say("generating 200 candidates of load data")
        run.manage(
            self.db_env, "generate_load_data", "--candidates", "200", "--no-progress", capture=True
        )
        rows = self.primary.psql(
            "SELECT number, id FROM certificates_certificate WHERE status = 'valid' "
            "ORDER BY id LIMIT 20",
            db=DB,
        ).splitlines()
        self.pks = dict(row.split("|") for row in rows)
        self.numbers = list(self.pks)
        if len(self.numbers) < 15:
            raise RuntimeError(f"the load data has {len(self.numbers)} valid certificates, not 15")
        self.token = stack.staff_token(self.shell)

        say(f"replica on 127.0.0.1:{self.replica.port} (pg_basebackup -R, streaming)")
        owned_dir(self.replica.data)
        run_as_server(
            [self.replica.tool("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port)]
            + ["-U", "postgres", "-D", str(self.replica.data), "-R", "-X", "stream"]
            # A fast checkpoint: the default spreads it over minutes.
            + ["--checkpoint", "fast"],
            stdout=subprocess.DEVNULL,
        )
        self.start_replica()

        say("collecting static files, starting the app servers")
        self.app_ports = [free_port(), free_port()]
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        app_env = dict(
            run.django_env(self.primary.url(DB), site=self.base),
            DATABASE_REPLICA_URL=self.replica.url(DB),
        )
        run.collect_static(app_env)
        for app_port in self.app_ports:
            self.processes.append(run.start_gunicorn(app_env, app_port, workers=1))
        say(f"two app servers on 127.0.0.1:{self.app_ports}, nginx on 127.0.0.1:{port}")
        self.processes.append(stack.start_nginx(self.nginx_dir, port, self.app_ports))

    def shell(self, code: str) -> str:
        return run.manage(self.db_env, "shell", "-c", code, capture=True).splitlines()[-1].strip()

    def stop(self) -> None:
        for process in reversed(self.processes):
            run.stop_process(process)
        self.replica.stop()
        self.primary.stop()

    # --- helpers for the checks -----------------------------------------------------------------

    def ready(self, times: int = 4) -> list[tuple[int, dict]]:
        """/health/ready/ a few times, so each app server answers (nginx takes turns)."""
        return [
            (status, as_json(text))
            for status, text in (http(self.base + "/health/ready/") for _ in range(times))
        ]

    def read_pages(self, numbers: list[str]) -> dict[str, int]:
        """The read-only pages for these certificates and a few catalogue searches; counts the
        statements each server ran on their tables meanwhile."""
        self.primary_log.mark()
        self.replica_log.mark()
        statuses = []
        for number in numbers:
            statuses.append(http(f"{self.base}/verify/{number}/")[0])
            statuses.append(http(f"{self.base}/api/v1/certificates/{number}")[0])
        for term in ("reference", "technology", "youth services", "supervision"):
            query = urllib.parse.quote(term)
            statuses.append(http(f"{self.base}/api/v1/courses?q={query}")[0])
        time.sleep(0.3)  # the servers write their logs as they go; let the last lines land
        return {
            "requests": len(statuses),
            "ok": sum(1 for status in statuses if status == 200),
            "replica certificates": self.replica_log.count("certificates_certificate"),
            "primary certificates": self.primary_log.count("certificates_certificate"),
            "replica courses": self.replica_log.count("courses_course"),
            "primary courses": self.primary_log.count("courses_course"),
        }

    def certificate_status(self, cluster: Cluster, number: str) -> str:
        return cluster.psql(
            f"SELECT status FROM certificates_certificate WHERE number = '{number}'", db=DB
        )

    def suspend(self, number: str) -> tuple[int, str]:
        return http(
            f"{self.base}/api/v1/staff/certificates/{self.pks[number]}/actions",
            data={"action": "suspend", "reason": "Replica demo"},
            token=self.token,
        )

    def on_replica_within(self, number: str, wanted: str, bound: float) -> float | None:
        """Seconds until the replica's copy of `number` has `wanted`, or None past `bound`."""
        started = time.monotonic()
        while time.monotonic() - started < bound:
            if self.certificate_status(self.replica, number) == wanted:
                return time.monotonic() - started
            time.sleep(0.02)
        return None

    # --- the checks ---------------------------------------------------------------------------

    def both_ready(self) -> None:
        c = self.checks
        answers = self.ready()
        c.check(
            "both databases ready",
            all(
                status == 200
                and body.get("status") == "ok"
                and body.get("databases") == {"default": "ok", "replica": "ok"}
                for status, body in answers
            ),
            f"GET /health/ready/ x{len(answers)} -> {sorted({s for s, _ in answers})} "
            f"{answers[-1][1]}",
        )
        recovery = self.replica.psql("SELECT pg_is_in_recovery()")
        streaming = self.primary.psql(
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
        )
        c.check(
            "the replica streams from the primary",
            recovery == "t" and streaming == "1",
            f"replica in recovery: {recovery}; streaming replicas on the primary: {streaming}",
        )

    def reads_on_replica(self, numbers: list[str], label: str) -> None:
        c = self.checks
        seen = self.read_pages(numbers)
        c.check(
            f"{label}: read-only pages answer",
            seen["ok"] == seen["requests"],
            f"{seen['ok']} of {seen['requests']} requests answered 200",
        )
        c.check(
            f"{label}: verification reads reach the replica, not the primary",
            seen["replica certificates"] > 0 and seen["primary certificates"] == 0,
            f"statements on certificates_certificate: replica {seen['replica certificates']}, "
            f"primary {seen['primary certificates']}",
        )
        c.check(
            f"{label}: catalogue reads reach the replica, not the primary",
            seen["replica courses"] > 0 and seen["primary courses"] == 0,
            f"statements on courses_course: replica {seen['replica courses']}, "
            f"primary {seen['primary courses']}",
        )

    def write_shows_on_replica(self) -> None:
        c = self.checks
        number = self.numbers[12]
        status, _ = self.suspend(number)
        on_primary = self.certificate_status(self.primary, number)
        c.check(
            "a write lands on the primary",
            status == 200 and on_primary == "suspended",
            f"POST /api/v1/staff/certificates/…/actions (suspend {number}) -> {status}; "
            f"the primary's row: {on_primary}",
        )
        lag = self.on_replica_within(number, "suspended", WRITE_BOUND_SECONDS)
        c.check(
            f"the write is on the replica within {WRITE_BOUND_SECONDS:.0f} s",
            lag is not None,
            f"the replica's row says suspended after {lag:.3f} s"
            if lag is not None
            else f"not after {WRITE_BOUND_SECONDS} s",
        )
        answer = as_json(http(f"{self.base}/api/v1/certificates/{number}")[1])
        c.check(
            "the public answer shows the write",
            answer.get("status") == "suspended",
            f"GET /api/v1/certificates/{number} -> status {answer.get('status')!r} "
            "(built from the primary for a minute after a change: certificates/verification.py)",
        )

    def both_app_servers(self) -> None:
        lines = (self.nginx_dir / "access.log").read_text().splitlines()
        served = {p: sum(1 for line in lines if line.endswith(f":{p}")) for p in self.app_ports}
        self.checks.check(
            "nginx sent requests to both app servers",
            all(count > 0 for count in served.values()),
            ", ".join(f"127.0.0.1:{p} served {n}" for p, n in served.items()),
        )

    def replica_stopped(self) -> None:
        c = self.checks
        self.replica.stop()
        say("replica stopped")
        # Reads first: the app servers find out by themselves, before any readiness probe.
        seen = self.read_pages(self.numbers[4:8])
        c.check(
            "replica stopped: read-only pages still answer",
            seen["ok"] == seen["requests"],
            f"{seen['ok']} of {seen['requests']} requests answered 200",
        )
        c.check(
            "replica stopped: the reads come from the primary",
            seen["primary certificates"] > 0 and seen["primary courses"] > 0,
            f"statements on the primary: certificates_certificate "
            f"{seen['primary certificates']}, courses_course {seen['primary courses']}",
        )
        answers = self.ready()
        c.check(
            "replica stopped: /health/ready/ is 200 with the replica degraded",
            all(
                status == 200
                and body.get("status") == "degraded"
                and body.get("databases") == {"default": "ok", "replica": "degraded"}
                for status, body in answers
            ),
            f"GET /health/ready/ x{len(answers)} -> {sorted({s for s, _ in answers})} "
            f"{answers[-1][1]}",
        )

    def replica_back(self) -> None:
        c = self.checks
        self.start_replica()
        say("replica started again")
        started = time.monotonic()
        answers = self.ready()
        while time.monotonic() - started < RECOVERY_SECONDS and not all(
            status == 200 and body.get("status") == "ok" for status, body in answers
        ):
            time.sleep(0.5)
            answers = self.ready()
        c.check(
            "replica back: /health/ready/ is ok again",
            all(status == 200 and body.get("status") == "ok" for status, body in answers),
            f"after {time.monotonic() - started:.1f} s: {answers[-1][1]}",
        )
        self.reads_on_replica(self.numbers[8:12], "replica back")

    def primary_away(self) -> None:
        c = self.checks
        number = self.numbers[13]
        self.primary.stop()
        say("primary stopped")
        answers = self.ready()
        c.check(
            "primary stopped: /health/ready/ is 503",
            all(
                status == 503 and body.get("databases", {}).get("default") == "unavailable"
                for status, body in answers
            ),
            f"GET /health/ready/ x{len(answers)} -> {sorted({s for s, _ in answers})} "
            f"{answers[-1][1]}",
        )
        looked_up = self.numbers[14]
        statuses = [
            http(f"{self.base}/verify/{looked_up}/")[0],
            http(f"{self.base}/api/v1/certificates/{looked_up}")[0],
        ]
        c.check(
            "primary stopped: verification still answers from the replica",
            statuses == [200, 200],
            f"GET /verify/{looked_up}/ and /api/v1/certificates/{looked_up} -> {statuses}",
        )
        status, text = self.suspend(number)
        c.check(
            "primary stopped: a write is refused with 503, nothing saved",
            status == 503 and as_json(text).get("type") == "/api/v1/problems/unavailable",
            f"POST suspend {number} -> {status} {as_json(text).get('title', text[:80])!r}",
        )
        self.start_primary()
        say("primary started again")
        started = time.monotonic()
        while time.monotonic() - started < RECOVERY_SECONDS:
            streaming = self.primary.psql(
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
            )
            if streaming == "1" and all(s == 200 for s, _ in self.ready(2)):
                break
            time.sleep(0.5)
        before = self.certificate_status(self.primary, number)
        status, _ = self.suspend(number)
        lag = self.on_replica_within(number, "suspended", WRITE_BOUND_SECONDS)
        c.check(
            "primary back: the refused write was not half-done, and done again it lands",
            before == "valid" and status == 200 and lag is not None,
            f"row before the retry: {before}; retry -> {status}; on the replica after "
            + (f"{lag:.3f} s" if lag is not None else f"more than {WRITE_BOUND_SECONDS} s"),
        )

    def run(self) -> int:
        started = time.monotonic()
        self.set_up()
        c = self.checks
        c.step("1. Both databases ready", self.both_ready)
        c.step(
            "2. Read-only pages read from the replica",
            lambda: self.reads_on_replica(self.numbers[0:4], "replica up"),
        )
        c.step("3. A write on the primary shows through the replica", self.write_shows_on_replica)
        c.step("4. Both app servers served requests", self.both_app_servers)
        c.step("5. The replica stopped: the site answers from the primary", self.replica_stopped)
        c.step("6. The replica started again: reads go back to it", self.replica_back)
        c.step("7. The primary stopped: a clear refusal, and no lost write", self.primary_away)
        print()
        took = time.monotonic() - started
        if c.failed:
            say(f"FAIL: {len(c.failed)} of {len(c.results)} checks failed ({took:.0f} s):")
            for name in c.failed:
                print(f"  - {name}")
            return 1
        say(f"PASS: all {len(c.results)} checks passed ({took:.0f} s)")
        return 0


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in ("nginx", "redis-server"):
        if shutil.which(tool) is None:
            sys.exit(f"bench-replica: {tool} is missing: run `make system-packages` (as root)")
    home = Path(tempfile.mkdtemp(prefix="certify-replica-"))
    if os.geteuid() == 0:
        shutil.chown(home, user="postgres", group="postgres")
    nginx_dir = Path(tempfile.mkdtemp(prefix="certify-nginx-"))
    demo = Demo(home, nginx_dir)
    try:
        return demo.run()
    finally:
        demo.stop()
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(nginx_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
