import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandParser

from certify.loaddata.jobs import JOBS, bench_jobs

MARKER = "--- bench_jobs figures ---"


class Command(BaseCommand):
    help = (
        "For bench/run.py: time the bulk jobs on a load-data database (daily sweep, status-list "
        "regeneration, issuing and signing credentials, a completion CSV import); prints JSON. "
        "It changes the database: use it on a benchmark database only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--certificates",
            "--credentials",
            dest="credentials",
            type=int,
            default=1000,
            help="certificates the issuing job issues, each with its sets' credentials",
        )
        parser.add_argument("--csv-rows", type=int, default=1000)
        parser.add_argument(
            "--only",
            action="append",
            choices=JOBS,
            help="time only this job (repeat for several); default: every job",
        )

    def handle(self, *args, **options):
        timings = bench_jobs(
            credentials=options["credentials"],
            csv_rows=options["csv_rows"],
            only=tuple(options["only"] or JOBS),
        )
        # The jobs may print too (e.g. the scheduler's summary): the figures follow this marker.
        self.stdout.write(MARKER)
        self.stdout.write(json.dumps([asdict(t) for t in timings], indent=1))
