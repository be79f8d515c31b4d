import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandParser

from certify.loaddata.bench import bench_pages, query_counts


class Command(BaseCommand):
    help = (
        "For bench/run.py: print (JSON) the benched pages of a load-data database, with paths "
        "and signed-in sessions to rotate through, and each page's status and query count."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sample", type=int, default=200, help="paths per page (at most)")
        parser.add_argument("--queries-only", action="store_true")

    def handle(self, *args, **options):
        pages = bench_pages(sample=options["sample"])
        counts = query_counts(pages)
        if options["queries_only"]:
            self.stdout.write(json.dumps(counts))
            return
        self.stdout.write(
            json.dumps({"pages": [asdict(p) for p in pages], "queries": counts}, indent=1)
        )
