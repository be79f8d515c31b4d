import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from tqdm import tqdm

from certify.loaddata.generator import (
    EMAIL_DOMAIN,
    PASSWORD,
    Generator,
    Scale,
    estimated_rows,
    generated_exists,
)
from certify.loaddata.generator.holders import WORK_SHARE, CertificatesOnly
from certify.programs.models import Program
from certify.programs.services import builtin_program_data, program_load


class Command(BaseCommand):
    help = (
        "Fill the database with realistic data for the benchmark: --candidates N makes about "
        "6N planned sets, 10N evidence items, N/5 certificates and N/20 courses (bulk inserts; "
        "COPY on PostgreSQL); --certificates-only N makes N holders with a certificate each, "
        "N/10 candidates at work and renewals under way. Refuses when load data exists; "
        "--reset empties the database first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        size = parser.add_mutually_exclusive_group(required=True)
        size.add_argument("--candidates", type=int)
        size.add_argument(
            "--certificates-only",
            type=int,
            metavar="N",
            help="N holders with one certificate each, N/10 candidates at work (no evidence "
            "items) and renewals under way (for the sweeps at a million certificates)",
        )
        parser.add_argument("--program", default="lsscp", help="a built-in program (slug)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Empty the WHOLE database first (manage.py flush, which also removes rows that "
                "migrations added): for a benchmark database only."
            ),
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        n = options["candidates"] or options["certificates_only"]
        if n < 1:
            raise CommandError("The number to generate must be at least 1.")
        if generated_exists():
            if not options["reset"]:
                raise CommandError(
                    f"This database already holds load data (people @{EMAIL_DOMAIN}). Use "
                    "--reset to empty the whole database and generate again."
                )
            self.stdout.write("Emptying the database (--reset)…")
            call_command("flush", interactive=False, verbosity=0)
        started = time.monotonic()
        if not Program.objects.filter(slug=options["program"]).exists():
            program_load(data=builtin_program_data(options["program"]))
        program = Program.objects.get(slug=options["program"])
        scale = Scale.for_candidates(n)
        only = bool(options["certificates_only"])
        bar = tqdm(
            total=n * 5 + estimated_rows(Scale.for_candidates(n // WORK_SHARE)) // 2
            if only
            else estimated_rows(scale),
            unit=" rows",
            unit_scale=True,
            disable=options["no_progress"],
            file=self.stderr._out,
        )

        def on_rows(table: str, count: int) -> None:
            bar.set_postfix_str(table, refresh=False)
            bar.update(count)

        with transaction.atomic():
            if only:
                counts = CertificatesOnly(
                    program=program, scale=scale, seed=options["seed"], on_rows=on_rows
                ).run(n)
            else:
                counts = Generator(
                    program=program, scale=scale, seed=options["seed"], on_rows=on_rows
                ).run()
        bar.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:<40} {count:>10,}")
        self.stdout.write(
            f"{sum(counts.values()):,} rows for {n:,} {'holders' if only else 'candidates'} in "
            f"{elapsed:.1f} s. "
            f"Every generated account (…@{EMAIL_DOMAIN}) has the password {PASSWORD}."
        )
