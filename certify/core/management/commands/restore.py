from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from certify.core.backup import backup_restore
from certify.core.errors import DomainError


class Command(BaseCommand):
    help = "Restore a backup zip made by `backup`: the SQLite database and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The zip made by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, backup: str, yes: bool = False, **options):
        database = None
        if connection.vendor == "sqlite":
            database = Path(connection.settings_dict["NAME"])
        if not yes:
            answer = input(f"Replace {database or 'the uploaded files'} with {backup}? [y/N] ")
            if answer.strip().lower() != "y":
                raise CommandError("Nothing was restored.")
        connection.close()
        try:
            restored = backup_restore(source=Path(backup), database_path=database)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Restored {len(restored)} item(s) from {backup}.")
