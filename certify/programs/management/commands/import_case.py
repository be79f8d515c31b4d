import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certify.programs.case import CaseImportError, case_package_import


class Command(BaseCommand):
    help = "Create or update a program's competency framework from a CASE 1.0 CFPackage file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CFPackage JSON file.")
        parser.add_argument(
            "--program",
            help="Slug of the program to update or create (default: matched by the "
            "CFDocument identifier, else made from its title).",
        )

    def handle(self, *args, file: str, program: str | None, **options):
        path = Path(file)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from error
        try:
            found, report = case_package_import(data=data, program_slug=program)
        except CaseImportError as error:
            lines = "\n".join(f"  - {message}" for message in error.errors)
            raise CommandError(f"{file} was not imported; nothing changed.\n{lines}") from error
        self.stdout.write(f"{found.name}: {report.summary()}")
