import cProfile
import io
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from certify.loaddata.bench import WSGIClient, bench_pages, client_for, time_pages


class Command(BaseCommand):
    help = (
        "Serve the benched pages in this process against a load-data database and print, per "
        "request, CPU ms, wall ms, SQL ms and queries; --cprofile adds a profile of each page, "
        "--wsgi serves through certify.wsgi (as gunicorn) instead of the test client. "
        "`make bench-profile` runs it on the benchmark's kept database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=100, help="requests per page")
        parser.add_argument("--pages", default="", help="only pages whose name contains this")
        parser.add_argument("--cprofile", action="store_true", help="profile each page too")
        parser.add_argument(
            "--wsgi",
            action="store_true",
            help="serve through certify.wsgi as gunicorn does, not Django's test client",
        )
        parser.add_argument(
            "--sort", default="cumulative", help="the profile's order (pstats: tottime, …)"
        )
        parser.add_argument("--lines", type=int, default=40, help="lines of each profile")
        parser.add_argument("--dump", default="", help="also write each page's profile here")

    def handle(self, *args, **options):
        pages = [p for p in bench_pages(sample=50) if options["pages"] in p.name]
        self.stdout.write(f"{'page':<28} {'CPU ms':>8} {'wall ms':>8} {'SQL ms':>8} {'queries':>8}")
        for t in time_pages(pages, repeat=options["repeat"], wsgi=options["wsgi"]):
            self.stdout.write(
                f"{t.page:<28} {t.cpu_ms:>8.2f} {t.wall_ms:>8.2f} {t.sql_ms:>8.2f} {t.queries:>8}"
            )
        if not options["cprofile"]:
            return
        # The profile serves the way the timing did: with --wsgi through certify.wsgi (its URL
        # memo, the kept-connection check), else through the test client.
        make: Callable[[str], Any] = WSGIClient if options["wsgi"] else client_for
        for page in pages:
            if page.missing:
                continue
            client = make(page.cookies[0] if page.cookies else "")
            client.get(page.paths[0])
            # CPU time, not wall time: waiting for PostgreSQL (or for the cores, on a busy
            # machine) is not the page's Python.
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(options["repeat"]):
                client.get(page.paths[0])
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats(options["sort"]).print_stats(options["lines"])
            if options["dump"]:
                Path(options["dump"]).mkdir(parents=True, exist_ok=True)
                stats.dump_stats(Path(options["dump"]) / f"{page.name.split(' (')[0]}.prof")
            self.stdout.write(f"\n=== {page.name} ===\n{out.getvalue()}")
