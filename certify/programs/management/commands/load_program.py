from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from certify.core.errors import DomainError
from certify.programs.services import builtin_program_data, program_load


class Command(BaseCommand):
    help = (
        "Create a built-in program (e.g. lsscp) from its data file. A program already in the "
        "database is left as staff keep it; --update overwrites it from the data file."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The built-in program, e.g. lsscp.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite the program's rules, prose, sets and FAQ from the data file, "
            "replacing what staff changed.",
        )

    def handle(self, *args, slug: str, update: bool, **options):
        try:
            program, report = program_load(data=builtin_program_data(slug), update=update)
        except DomainError as error:
            raise CommandError(error.message) from error
        except ValidationError as error:
            raise CommandError(f"{slug} was not loaded; nothing changed. {error}") from error
        self.stdout.write(f"{program.name}: {report.summary()}")
        if report.kept:
            self.stdout.write(
                "It is already in the database, which is its source now; nothing was changed. "
                f"To overwrite it from the data file: manage.py load_program {slug} --update"
            )
