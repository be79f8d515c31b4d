from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certify.core.backup import backup_create
from certify.core.errors import DomainError


class Command(BaseCommand):
    help = "Back up the SQLite database and the uploaded files into one zip (safe while running)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="The zip to write (default: var/backups/…).")
        parser.add_argument(
            "--files-only",
            action="store_true",
            help="Only the uploaded files (use with pg_dump on PostgreSQL).",
        )

    def handle(self, *args, output=None, files_only=False, **options):
        path = Path(
            output
            or Path(settings.BASE_DIR)
            / "var"
            / "backups"
            / f"certify-{timezone.localtime():%Y%m%d-%H%M%S}.zip"
        )
        try:
            backup_create(output=path, include_database=not files_only)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Backup written to {path}")
