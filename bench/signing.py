#!/usr/bin/env python3
"""How fast Certify issues and signs credentials, and where the time goes (ADR 0057).

    .venv/bin/python bench/signing.py [--count N] [--profile]

Runs in one process on a throwaway SQLite database (test settings), so the two paths are
measured side by side in the same run and their ratio is what to read on a shared machine:

1. Signing only, in memory: Certify's own documents (an LSSCP certificate credential, a set
   credential, a CLR record nesting them, a status list) signed by the old path (pyld's JSON-LD
   expansion on every document, contexts fetched and processed again each time) and by the
   current one (`credentials.owncanon`: the expansion of each document shape cached, only the
   canonical labelling done per document). Both give the same bytes; this checks it as it goes.
2. Issuing, on the database: `certificate_create_for_plan` for N accepted candidates whose plans
   are complete (as `manage.py bench_jobs`' issuing row does on the benchmark's
   PostgreSQL), with each certificate's set credentials; the old path and the current one in
   alternating rounds. Time is split into canonicalization, the Ed25519 signature, the issuer
   key (look-up and decryption) and the rest: the database work of issuing (rows, status list
   index, audit, notifications) and building the documents.

Figures are per core: one process, one thread. The target is 100 credentials per second.
"""

import sys
from pathlib import Path

# bench/profile.py would shadow the standard library's `profile`, which cProfile imports.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_PER_SECOND = 100.0
ROUND = 10  # certificates per path in each round of the issuing comparison


def _django(folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "certify.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/signing.sqlite3"
    import logging

    import django
    from django.conf import settings

    django.setup()
    # As in production (and `make bench`): tasks (e-mails, events) are queued in the database for
    # the worker, not run inside the request as the test settings do.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    logging.disable(logging.INFO)


class Clock:
    """Seconds spent in named parts, measured by wrapping module functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, module: Any, name: str, part: str) -> Callable[[], None]:
        original = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - started
                self.calls[part] += 1

        setattr(module, name, timed)
        return lambda: setattr(module, name, original)


@contextmanager
def old_path() -> Iterator[None]:
    """Sign as before ADR 0057: every document expanded by pyld, its contexts loaded and
    processed again each time (no `tag` on the loaded contexts: pyld caches nothing)."""
    from pyld import jsonld

    from certify.certificates.credentials import canon, loader, owncanon

    def uncached(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        return {k: v for k, v in loader.document_loader(url, options).items() if k != "tag"}

    saved = (canon.document_loader, owncanon.canonical_hash)
    canon.document_loader = uncached
    owncanon.canonical_hash = canon.canonical_hash
    jsonld._resolved_context_cache.clear()
    try:
        yield
    finally:
        canon.document_loader, owncanon.canonical_hash = saved
        jsonld._resolved_context_cache.clear()


def _documents() -> list[tuple[str, dict[str, Any]]]:
    """Unsigned documents of each kind Certify signs, LSSCP-sized (ten competency sets)."""
    from certify.certificates.credentials import openbadge, stackable, statuslist
    from certify.certificates.credentials.openbadge import Alignment, Evidence
    from tests.certificates.credentials import Issuer, badge_data

    issuer = Issuer()
    sets = [
        Alignment(
            name=f"Competency set {n}",
            url=f"https://certify.example.org/programs/lsscp/competencies/s{n}/",
            case_identifier=f"6f1c2d4e-8a0b-5c3d-9e7f-1a2b3c4d5e{n:02d}",
            framework="Library Support Staff Certification Program",
            description=f"What set {n} covers." if n % 2 else "",
        )
        for n in range(10)
    ]
    evidence = tuple(
        Evidence(
            id=f"urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}",
            name=f"Competency set {n}",
            narrative="Approved course, complete on January 5, 2026.",
        )
        for n in range(6)
    )
    certificate = openbadge.open_badge_credential(
        badge_data(holder="Dana Okafor", alignments=tuple(sets), evidence=evidence)
    )
    data = badge_data(holder="Dana Okafor")
    one_set = stackable.set_credential(
        stackable.SetBadgeData(
            credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
            issuer=stackable.Issuer(id=data.issuer_id, name=data.issuer_name, url=data.issuer_url),
            program_name=data.achievement_name,
            achievement_id=sets[0].url,
            set_name=sets[0].name,
            set_code="S0",
            set_description="",
            criteria_url=data.criteria_url,
            criteria_narrative="Show each of the 12 competencies.",
            alignment=sets[0],
            holder_name="Dana Okafor",
            route_label="Approved course",
            route_narrative="Approved course, complete on January 5, 2026.",
            completed_at=data.valid_from,
            valid_from=data.valid_from,
            status_entry=data.status_entry,
        )
    )
    signed = [issuer.issue(), issuer.issue(holder="Ada Lovelace")]
    record = stackable.clr_credential(
        credential_id="urn:uuid:00000000-0000-4000-8000-0000000000ff",
        issuer=stackable.Issuer(id=data.issuer_id, name=data.issuer_name, url=data.issuer_url),
        name="Dana Okafor's record",
        description="Every credential of the program.",
        holder_name="Dana Okafor",
        valid_from=data.valid_from,
        credentials=signed,
        associations=[],
    )
    status = statuslist.list_credential(
        list_url="https://certify.example.org/credentials/status/revocation-1",
        issuer=data.issuer_id,
        purpose="revocation",
        bits=statuslist.empty(),
        valid_from="2026-01-15T15:04:05Z",
    )
    return [
        ("certificate", certificate),
        ("set", one_set),
        ("CLR", record),
        ("status list", status),
    ]


def _renamed(document: dict[str, Any], n: int) -> dict[str, Any]:
    """The document for another holder: each signature is of a new document, as in issuing."""
    changed = dict(document, id=f"urn:uuid:00000000-0000-4000-9000-{n:012d}")
    subject = changed.get("credentialSubject")
    if isinstance(subject, dict) and "identifier" in subject:
        changed["credentialSubject"] = dict(
            subject, identifier=[dict(subject["identifier"][0], identityHash=f"Holder {n}")]
        )
    return changed


def signing_only(count: int) -> list[str]:
    from datetime import UTC, datetime

    from certify.certificates.credentials import keys, sign

    key = keys.key_generate()
    method = "did:web:certify.example.org#key-1"
    created = datetime(2026, 1, 15, tzinfo=UTC)
    lines = [
        f"1. Signing only, in memory ({count} documents of each kind; per core)",
        f"   {'document':<12} {'old /s':>9} {'new /s':>9} {'ratio':>7}  same signature",
    ]
    for kind, document in _documents():
        documents = [_renamed(document, n) for n in range(count)]
        rates, outputs = [], []
        for path in (old_path, _current_path):
            with path():
                sign.sign(document, private_key=key, verification_method=method, created=created)
                started = time.perf_counter()
                signed = [
                    sign.sign(d, private_key=key, verification_method=method, created=created)
                    for d in documents
                ]
                rates.append(count / (time.perf_counter() - started))
                outputs.append([s["proof"][0]["proofValue"] for s in signed])
        same = "yes" if outputs[0] == outputs[1] else "NO: THEY DIFFER"
        lines.append(
            f"   {kind:<12} {rates[0]:>9.1f} {rates[1]:>9.1f} {rates[1] / rates[0]:>6.1f}x  {same}"
        )
    return lines


@contextmanager
def _current_path() -> Iterator[None]:
    yield


def _database(candidates: int) -> None:
    from django.core.management import call_command

    from certify.loaddata.generator import Generator, Scale
    from certify.programs.models import Program
    from certify.programs.services import builtin_program_data, program_load

    call_command("migrate", verbosity=0, interactive=False)
    program_load(data=builtin_program_data("lsscp"))
    program = Program.objects.get(slug="lsscp")
    Generator(program=program, scale=Scale.for_candidates(candidates), seed=2026).run()


def issuing(count: int, *, profile: bool) -> list[str]:
    """Both paths in alternating rounds of ROUND certificates (after one each, untimed, to warm
    up), so that a busy moment of the shared machine falls on both."""
    from certify.certificates.credentials import sign
    from certify.certificates.services import keys as key_services
    from certify.loaddata.jobs import issue_credentials

    paths = {"old": old_path, "new": _current_path}
    clocks = {name: Clock() for name in paths}
    seconds = dict.fromkeys(paths, 0.0)
    issued = dict.fromkeys(paths, 0)
    profiler = cProfile.Profile() if profile else None
    # The issuer's look-ups as the services call them: `issuer_signer` (a certificate and its
    # sets, ADR 0061) and `issuer_signing_key` (everything else); not inside the keys module,
    # where one calls the other.
    originals = {
        "issuer_signing_key": key_services.issuer_signing_key,
        "issuer_signer": key_services.issuer_signer,
    }
    rounds = [1] + [ROUND] * (count // ROUND) + ([count % ROUND] if count % ROUND else [])
    for n, size in enumerate(rounds):
        for name, path in paths.items():
            job = issue_credentials(size)  # prepared, not timed
            clock = clocks[name] if n else Clock()
            undo = [
                clock.wrap(sign, "sign", "signing"),
                clock.wrap(sign, "own_signing_input", "canonicalization"),
            ]
            for module in list(sys.modules.values()):
                module_name = getattr(module, "__name__", "")
                if module is key_services or not module_name.startswith(
                    "certify.certificates.services"
                ):
                    continue
                for function, original in originals.items():
                    if getattr(module, function, None) is original:
                        undo.append(clock.wrap(module, function, "issuer key"))
            watch = profiler if (profiler and n and name == "new") else None
            with path():
                started = time.perf_counter()
                if watch:
                    watch.enable()
                job()
                if watch:
                    watch.disable()
                took = time.perf_counter() - started
            for restore in undo:
                restore()
            if n:
                seconds[name] += took
                issued[name] += size
    lines = [
        f"2. Issuing on the database ({count} certificates per path, each with its set "
        f"credentials; SQLite; per core; the paths alternate in rounds of {ROUND})",
        f"   {'path':<5} {'certificates/s':>14} {'signed/s':>9} {'ms/certificate':>15}   where "
        "the time goes (ms per certificate)",
    ]
    for name in paths:
        clock, total, made = clocks[name], seconds[name], issued[name]
        per = 1000 / made
        canonical = clock.seconds["canonicalization"]
        ed25519 = clock.seconds["signing"] - canonical
        key = clock.seconds["issuer key"]
        rest = total - clock.seconds["signing"] - key
        lines.append(
            f"   {name:<5} {made / total:>14.1f} {clock.calls['signing'] / total:>9.1f} "
            f"{total * per:>15.1f}   canonicalization {canonical * per:.1f}, Ed25519 and "
            f"encoding {ed25519 * per:.1f}, issuer key {key * per:.1f}, database and documents "
            f"{rest * per:.1f}"
        )
        lines.append(
            f"         {made} certificates, {clock.calls['signing']} credentials signed "
            f"({clock.calls['signing'] / made:.1f} per certificate)"
        )
    rate = {name: issued[name] / seconds[name] for name in paths}
    lines.append(f"   ratio new/old: {rate['new'] / rate['old']:.1f}x")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        lines.append(out.getvalue())
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100, help="certificates per path")
    parser.add_argument("--profile", action="store_true", help="cProfile the new path's issuing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="certify-signing-") as folder:
        _django(folder)
        load = os.getloadavg()
        print(f"signing: load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        for line in signing_only(max(20, args.count // 2)):
            print(line, flush=True)
        started = time.perf_counter()
        _database(candidates=args.count * 3 + 50)
        print(f"   (test database made in {time.perf_counter() - started:.0f} s, not timed)")
        for line in issuing(args.count, profile=args.profile):
            print(line, flush=True)
        load = os.getloadavg()
        print(f"signing: load average after {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(f"signing: target {TARGET_PER_SECOND:.0f} credentials per second per core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
