#!/usr/bin/env python3
"""`make drills`: fault drills on the production stack (bench/stack.py), each checked.

- worker: a real `manage.py db_worker` runs a completion import of ROWS unmatched rows (a real
  task, committed CHUNK_ROWS at a time). The drill holds a lock on the import's row once the
  first chunks are in, so the worker stops in the middle of a chunk, and kills it with SIGKILL.
  A new worker starts (as systemd restarts one): the task runs again and every row is kept
  exactly once.
- postgres: while visitors load the site, a write is acknowledged, PostgreSQL stops:
  /health/ready/ says 503, pages answer 200 or 503 (never 500), a write is refused with 503;
  PostgreSQL starts again: the site recovers on its own, the acknowledged write is there, the
  refused one was not half-done and succeeds when sent again.
- redis: Redis stops: pages are still served and signing in still works (sessions are written
  through to the database); Redis starts again: the cache is used again.

Each check prints PASS or FAIL with what was measured; the exit status is 1 when any failed.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import psycopg
import run
import stack
import traffic
from replica_demo import Checks, as_json, http

DRILLS = ("worker", "postgres", "redis")
ROWS = 20000
CHUNK_ROWS = 500  # certify/courses/services/imports.py
RECOVERY_SECONDS = 60.0
STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"drills [{time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drill", choices=[*DRILLS, "all"], default=os.environ.get("DRILL", "all"))
    parser.add_argument("--candidates", type=int, default=200)
    args = parser.parse_args(argv)
    args.drills = list(DRILLS) if args.drill == "all" else [args.drill]
    return args


# --- the task worker killed mid-task ----------------------------------------------------------

IMPORT_START = """
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from certify.courses.models import Course
from certify.courses.services.imports import completion_import_start
course = next(c for c in Course.objects.select_related("provider").order_by("id")
              if c.ever_approved and c.provider.memberships.exists())
actor = course.provider.memberships.first().user
day = timezone.localdate().isoformat()
rows = "".join(f"drill-{i}@example.org,Drill Person {i},{day}\\n" for i in range(ROWS))
upload = SimpleUploadedFile("drill.csv", ("email,full_name,completed_on\\n" + rows).encode())
imp = completion_import_start(provider=course.provider, course=course, actor=actor, upload=upload)
print(json.dumps({"id": imp.pk}))
"""

IMPORT_CONFIRM = """
from certify.courses.models import CompletionImport
from certify.courses.services.imports import completion_import_confirm
imp = CompletionImport.objects.get(pk=ID)
completion_import_confirm(imp=imp, actor=imp.uploaded_by)
print("ok")
"""


class Drills:
    def __init__(self, site: stack.Stack) -> None:
        self.site = site
        self.checks = Checks()

    def worker_process(self) -> subprocess.Popen:
        return subprocess.Popen(
            [run.PY, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"]
            + ["--no-reload", "-v", "0"],
            cwd=run.ROOT,
            env=self.site.env,
            start_new_session=True,
        )

    def import_state(self, import_id: int) -> tuple[str, int]:
        status, done = self.site.sql(
            f"SELECT status, rows_done FROM courses_completionimport WHERE id = {import_id}"
        ).split("|")
        return status, int(done)

    def wait_import(self, import_id: int, wanted: str, seconds: float) -> float | None:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.import_state(import_id)[0] == wanted:
                return time.monotonic() - started
            time.sleep(0.2)
        return None

    def worker(self) -> None:
        c = self.checks
        code = IMPORT_START.replace("ROWS", str(ROWS))
        import_id = self.site.shell_json(code)["id"]
        first = self.worker_process()
        try:
            checked = self.wait_import(import_id, "checked", 300)
            c.check("the import is checked by the worker", checked is not None, f"{checked} s")
            self.site.shell(IMPORT_CONFIRM.replace("ID", str(import_id)))
            with psycopg.connect(self.site.cluster.url(self.site.db)) as conn:
                deadline = time.monotonic() + 300
                while self.import_state(import_id)[1] < 2 * CHUNK_ROWS:
                    if time.monotonic() > deadline:
                        raise RuntimeError("the import did not start within 300 s")
                    time.sleep(0.05)
                # The next chunk's progress update waits on this lock: the worker stops mid-task.
                conn.execute(
                    "SELECT 1 FROM courses_completionimport WHERE id = %s FOR UPDATE", [import_id]
                )
                time.sleep(2)
                os.killpg(first.pid, signal.SIGKILL)
                first.wait()
                conn.rollback()
        finally:
            run.stop_process(first)
        status, done = self.import_state(import_id)
        kept = int(self.unmatched(import_id))
        task = self.site.sql(
            "SELECT status FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE '%completion_import_apply'"
        )
        c.check(
            "killed in the middle: the task is left RUNNING, the import half done",
            task == "RUNNING" and status == "importing" and 0 < kept < ROWS,
            f"SIGKILL after {done} rows; task {task}, import {status}, {kept} of {ROWS} rows kept",
        )
        started = time.monotonic()
        second = self.worker_process()
        try:
            finished = self.wait_import(import_id, "done", 300)
        finally:
            run.stop_process(second)
        kept, distinct = self.unmatched(import_id, "count(*), count(DISTINCT line)").split("|")
        task = self.site.sql(
            "SELECT status, jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE '%completion_import_apply'"
        )
        c.check(
            "a new worker runs the task again, and every row is kept once",
            finished is not None and int(kept) == int(distinct) == ROWS and task == "SUCCESSFUL|2",
            f"done {time.monotonic() - started:.1f} s after the new worker started; rows kept "
            f"{kept} ({distinct} distinct) of {ROWS}; task status|workers: {task}",
        )

    def unmatched(self, import_id: int, what: str = "count(*)") -> str:
        return self.site.sql(
            f"SELECT {what} FROM courses_unmatchedcompletion WHERE import_batch_id = {import_id}"
        )

    # --- PostgreSQL restarted under load -------------------------------------------------------

    def visitors(self, stop: threading.Event, seen: list[tuple[float, str, int]]) -> None:
        numbers = self.numbers()
        paths = ["/", "/courses/", f"/verify/{numbers[0]}/", f"/api/v1/certificates/{numbers[1]}"]
        turn = 0
        while not stop.is_set():
            path = paths[turn % len(paths)]
            turn += 1
            started = time.monotonic()
            try:
                # Many people, each from their own address (as the soak's visitors): the
                # production limits per address are on, and one address would meet them.
                source = f"127.1.{turn // 250 % 256}.{turn % 250 + 1}"
                status, _ = traffic.request(self.site.base, "GET", path, timeout=15, source=source)
            except OSError:
                status = 0
            seen.append((started, path, status))
            time.sleep(0.05)

    def numbers(self) -> list[str]:
        return self.site.sql(
            "SELECT number FROM certificates_certificate WHERE status = 'valid' ORDER BY id LIMIT 4"
        ).split()

    def suspend(self, token: str, pk: str) -> tuple[int, str]:
        return http(
            f"{self.site.base}/api/v1/staff/certificates/{pk}/actions",
            data={"action": "suspend", "reason": "Fault drill"},
            token=token,
        )

    def postgres(self) -> None:
        c = self.checks
        token = stack.staff_token(self.site.shell)
        before, during = self.numbers()[2:4]
        pks = {
            n: self.site.sql(f"SELECT id FROM certificates_certificate WHERE number = '{n}'")
            for n in (before, during)
        }
        stop, seen = threading.Event(), []
        load = threading.Thread(target=self.visitors, args=(stop, seen), daemon=True)
        load.start()
        try:
            time.sleep(2)
            acked, _ = self.suspend(token, pks[before])
            down_at = time.monotonic()
            self.site.stop_database()
            say("PostgreSQL stopped")
            ready = [stack.status_of(self.site.base + "/health/ready/") for _ in range(4)]
            refused, text = self.suspend(token, pks[during])
            time.sleep(3)
            up_at = time.monotonic()
            self.site.start_database()
            say("PostgreSQL started again")
            recovered = stack.wait_for(
                self.site.base + "/health/ready/", RECOVERY_SECONDS, what="the app"
            )
            back_at = time.monotonic()
            time.sleep(3)
        finally:
            stop.set()
            load.join(timeout=20)
            if not self.site.database_up():
                self.site.start_database()  # the next drill needs it
        c.check(
            "down: /health/ready/ says 503",
            set(ready) == {503},
            f"GET /health/ready/ x4 -> {sorted(set(ready))}",
        )
        outage = [s for t, _, s in seen if down_at <= t < back_at]
        c.check(
            "down and starting: pages answer 200 or 503, never 500",
            set(outage) <= {200, 503},
            f"{len(outage)} requests while it was down: {counts(outage)}",
        )
        c.check(
            "down: a write is refused cleanly (503)",
            refused == 503 and as_json(text).get("type") == "/api/v1/problems/unavailable",
            f"POST suspend -> {refused} {as_json(text).get('title', text[:80])!r}",
        )
        after = [s for t, _, s in seen if t >= back_at]
        c.check(
            "back: the app recovers on its own",
            bool(after) and set(after) == {200},
            f"/health/ready/ 200 {back_at - up_at:.1f} s after the start began "
            f"({recovered:.1f} s after pg_ctl returned); {len(after)} requests "
            f"after that: {counts(after)}",
        )
        retried, _ = self.suspend(token, pks[during])
        rows = self.site.sql(
            "SELECT number, status FROM certificates_certificate "
            f"WHERE number IN ('{before}', '{during}') ORDER BY number"
        )
        statuses = dict(line.split("|") for line in rows.splitlines())
        c.check(
            "no lost write: the acknowledged write is there, the refused one lands when retried",
            acked == 200 and retried == 200 and set(statuses.values()) == {"suspended"},
            f"before the stop -> {acked}; retried after -> {retried}; rows now {statuses}",
        )

    # --- Redis stopped --------------------------------------------------------------------------

    def sign_in(self, email: str) -> tuple[int, int]:
        """Sign in through the form; (the form's answer, the account page's answer)."""
        cookies: dict[str, str] = {}
        base = self.site.base
        _, page = traffic.request(base, "GET", "/accounts/login/", cookies=cookies)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = (
            f"csrfmiddlewaretoken={token.group(1) if token else ''}&login={email}"
            "&password=drill-password-4821"
        )
        status, _ = traffic.request(
            base,
            "POST",
            "/accounts/login/",
            body=body.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            cookies=cookies,
        )
        account, _ = traffic.request(base, "GET", "/account/", cookies=cookies)
        return status, account

    def redis(self) -> None:
        c = self.checks
        email = self.site.shell(
            "from allauth.account.models import EmailAddress; "
            "from certify.accounts.models import User; "
            "u = User.objects.create_user(email='drill@example.org', "
            "password='drill-password-4821'); "
            "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True); "
            "print(u.email)"
        )
        numbers = self.numbers()
        paths = ["/", "/courses/", f"/verify/{numbers[0]}/", f"/api/v1/certificates/{numbers[1]}"]
        self.site.stop_redis()
        say("Redis stopped")
        started = time.perf_counter()
        pages = [stack.status_of(self.site.base + p) for p in paths for _ in range(3)]
        took = (time.perf_counter() - started) * 1000 / len(pages)
        c.check(
            "down: pages are still served",
            set(pages) == {200},
            f"{len(pages)} requests -> {counts(pages)}, {took:.0f} ms each on average",
        )
        signed = self.sign_in(email)
        c.check(
            "down: signing in still works",
            signed == (302, 200),
            f"POST /accounts/login/ -> {signed[0]}; then GET /account/ -> {signed[1]}",
        )
        self.site.start_redis()
        say("Redis started again")
        time.sleep(1)
        pages = [stack.status_of(self.site.base + p) for p in paths for _ in range(3)]
        keys = self.redis_keys()
        signed = self.sign_in(email)
        c.check(
            "back: pages served, sign-in works and the cache is used again",
            set(pages) == {200} and signed == (302, 200) and keys > 0,
            f"{len(pages)} requests -> {counts(pages)}; sign-in {signed}; {keys} keys in Redis",
        )

    def redis_keys(self) -> int:
        out = subprocess.run(
            ["redis-cli", "-p", str(self.site.redis_port), "info", "keyspace"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return sum(int(n) for n in re.findall(r"keys=(\d+)", out))


def counts(statuses: list[int]) -> str:
    found: dict[int, int] = {}
    for status in statuses:
        found[status] = found.get(status, 0) + 1
    return ", ".join(f"{s or 'no answer'} x {n}" for s, n in sorted(found.items())) or "none"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load_before = os.getloadavg()
    say(f"load average before: {run.load(load_before)}")
    site = stack.Stack(candidates=args.candidates, say=say)
    drills = Drills(site)
    try:
        site.start()
        for name in args.drills:
            drills.checks.step(f"Drill: {name}", getattr(drills, name))
    finally:
        site.stop()
    say(f"load average before: {run.load(load_before)}; after: {run.load(os.getloadavg())}")
    failed = drills.checks.failed
    summary = json.dumps({"checks": len(drills.checks.results), "failed": failed})
    say(("FAIL " if failed else "PASS ") + summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
