#!/usr/bin/env python3
"""`make soak`: mixed and hostile traffic against the production stack, with targets.

bench/stack.py starts PostgreSQL, Redis, gunicorn (production settings, --workers, 2 by default)
and nginx in front, each on a free loopback port, and generates a modest dataset. Then
--connections clients (16) send requests for --duration seconds (60), each client one kind:

- visitors: the front page, verification pages, the catalogue and the API verification, each
  request from a different loopback address (127.1.x.y: nginx sees many clients, as in
  production, so no per-address limit should ever refuse them), each pausing 0 to 2 x --pause
  seconds (0.1) between requests as a person reading does: twelve visitors then offer about
  120 requests a second, a load the site serves, so the front page's latency measures the site
  and the hostile traffic, not a queue of visitors that never stop (--pause 0 does that);
- poison credentials: a credential whose subject is eight blank nodes all linked to each other,
  POSTed to the API (/api/v1/certificates/verify-credential) and the form (/verify/credential/),
  signed with the site's own key id so that the checks reach canonicalisation;
- oversized bodies: 3 MB POSTs (over Django's DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) to both;
- a burst from one address: one client walks /verify/<number>/ as fast as it can from one
  address, with a made-up X-Forwarded-For on each request (which must change nothing).

It prints a table (requests, status codes and latency per kind) and the targets: no server error
(5xx) and no unanswered request; the front page's p99 under 100 ms while poison credentials are
in flight; the limits holding (the bursting client gets 429s, the visitors none). It exits 1
when a target is missed, saying which. The load average is printed before and after (rerun when
it was above 1) and the figures are written to bench/results/soak.md and soak.json.
"""

import argparse
import json
import os
import platform
import random
import shutil
import signal
import sys
import threading
import time
from datetime import UTC, datetime

import run
import stack
import traffic

RESULTS = run.RESULTS
FRONT_P99_TARGET_MS = 100.0


def log(message: str) -> None:
    print(f"soak: {message}", flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get
    parser.add_argument("--duration", type=int, default=int(env("SOAK_DURATION", "60")))
    parser.add_argument("--connections", type=int, default=int(env("SOAK_CONNECTIONS", "16")))
    parser.add_argument("--pause", type=float, default=float(env("SOAK_PAUSE", "0.1")))
    parser.add_argument("--workers", type=int, default=int(env("SOAK_WORKERS", "2")))
    parser.add_argument("--candidates", type=int, default=int(env("SOAK_CANDIDATES", "200")))
    args = parser.parse_args(argv)
    if args.connections < 5:
        parser.error("--connections must be at least 5 (one client per hostile kind, 2 visitors)")
    if args.duration < 1 or args.workers < 2:
        parser.error("--duration must be at least 1 and --workers at least 2")
    return args


def clients(connections: int) -> list[str]:
    """Which kind of client each connection is: two poison (API and form), one oversized, one
    burst, the rest visitors."""
    hostile = ["poison-api", "poison-form", "oversized", "burst"]
    return hostile + ["visitor"] * (connections - len(hostile))


def percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def summarise(records: list[traffic.Record]) -> dict:
    """Per kind: requests, status counts, server errors, unanswered, p50/p99 (ms)."""
    kinds: dict[str, dict] = {}
    for record in records:
        row = kinds.setdefault(
            record.kind, {"requests": 0, "statuses": {}, "server_errors": 0, "no_answer": 0}
        )
        row["requests"] += 1
        key = str(record.status) if record.status else "no answer"
        row["statuses"][key] = row["statuses"].get(key, 0) + 1
        if record.status >= 500:
            row["server_errors"] += 1
        if not record.status:
            row["no_answer"] += 1
    for kind, row in kinds.items():
        times = [r.ms for r in records if r.kind == kind and r.status]
        row["p50_ms"] = round(percentile(times, 50) or 0, 1)
        row["p99_ms"] = round(percentile(times, 99) or 0, 1)
    return dict(sorted(kinds.items()))


def verdicts(records: list[traffic.Record], kinds: dict) -> dict:
    """The targets, each with whether it held and the measured fact."""
    errors = sum(row["server_errors"] for row in kinds.values())
    unanswered = sum(row["no_answer"] for row in kinds.values())
    front = [r.ms for r in records if r.kind == "front page" and r.status and r.poison_in_flight]
    p50, p99 = percentile(front, 50), percentile(front, 99)
    burst_429 = kinds.get("burst from one address", {}).get("statuses", {}).get("429", 0)
    visitor_429 = sum(1 for r in records if r.status == 429 and r.kind in traffic.VISITOR_KINDS)
    return {
        "no server errors": {
            "held": errors == 0 and unanswered == 0,
            "fact": f"{errors} server errors (5xx), {unanswered} requests not answered",
        },
        "front page p99 < 100 ms with poison in flight": {
            "held": p99 is not None and p99 < FRONT_P99_TARGET_MS,
            "fact": (
                "no front page request was made while poison credentials were in flight"
                if p99 is None
                else f"p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(front)} requests"
            ),
        },
        "the limits held": {
            "held": burst_429 > 0 and visitor_429 == 0,
            "fact": f"the bursting address got {burst_429} x 429; visitors got {visitor_429} x 429",
        },
    }


def markdown(result: dict) -> str:
    lines = [
        "# Soak: mixed and hostile traffic on the production settings",
        "",
        f"{result['when']} · {result['machine']} · gunicorn {result['workers']} workers behind "
        f"nginx · {result['connections']} connections for {result['duration']} s · "
        f"{result['candidates']} candidates · load average before: {result['load_before']}, "
        f"after: {result['load_after']}",
        "",
        *(
            []
            if result["quiet"]
            else ["**Not a quiet machine** (load average above 1): run again.", ""]
        ),
        "| kind | requests | status codes | server errors | p50 ms | p99 ms |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
    ]
    for kind, row in result["kinds"].items():
        codes = ", ".join(f"{code} x {n}" for code, n in sorted(row["statuses"].items()))
        lines.append(
            f"| {kind} | {row['requests']} | {codes} | {row['server_errors']} | "
            f"{row['p50_ms']} | {row['p99_ms']} |"
        )
    lines += ["", "| target | held | measured |", "| --- | --- | --- |"]
    for name, verdict in result["targets"].items():
        lines.append(f"| {name} | {'yes' if verdict['held'] else 'NO'} | {verdict['fact']} |")
    return "\n".join(lines) + "\n"


def soak(args: argparse.Namespace) -> dict:
    site = stack.Stack(workers=args.workers, candidates=args.candidates, say=log)
    try:
        site.start()
        targets = traffic.Targets.discover(site)
        log(f"{len(targets.numbers)} certificates to verify; signing key {targets.key_id or '-'}")
        kinds = clients(args.connections)
        log(
            f"{args.duration} s of traffic: "
            + ", ".join(f"{kinds.count(k)} {k}" for k in set(kinds))
        )
        deadline = time.monotonic() + args.duration
        recorder = traffic.Recorder()
        threads = [
            threading.Thread(
                target=traffic.client,
                args=(kind, site.base, targets, recorder, deadline, random.Random(i), args.pause),  # noqa: S311 - not for security
                daemon=True,
            )
            for i, kind in enumerate(kinds)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            # A poison request in flight at the end may take its whole timeout.
            thread.join(timeout=max(1.0, deadline - time.monotonic()) + traffic.POISON_TIMEOUT + 5)
        return {"records": recorder.records}
    finally:
        site.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for tool in ("nginx", "redis-server"):
        if shutil.which(tool) is None:
            sys.exit(f"soak: {tool} is missing: run `make system-packages` (as root)")
    load_before = os.getloadavg()
    log(f"load average before: {run.load(load_before)}")
    records = soak(args)["records"]
    load_after = os.getloadavg()
    kinds = summarise(records)
    targets = verdicts(records, kinds)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}",
        "load_before": run.load(load_before),
        "load_after": run.load(load_after),
        "quiet": max(load_before[0], load_after[0]) <= run.QUIET_LOAD,
        "workers": args.workers,
        "connections": args.connections,
        "duration": args.duration,
        "candidates": args.candidates,
        "kinds": kinds,
        "targets": targets,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(result, indent=1) + "\n")
    table = markdown(result)
    (RESULTS / "soak.md").write_text(table)
    print()
    print(table)
    log(f"written to {RESULTS / 'soak.md'} and soak.json")
    log(f"load average before: {result['load_before']}; after: {result['load_after']}")
    if not result["quiet"]:
        log("the 1-minute load average was above 1: not a quiet machine, run again")
    missed = [f"{name}: {v['fact']}" for name, v in targets.items() if not v["held"]]
    for reason in missed:
        log(f"FAIL {reason}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
