from django.core.management.base import BaseCommand, CommandError

from certify.core.errors import DomainError
from certify.programs.services import builtin_program_data, program_load


class Command(BaseCommand):
    help = "Create or update a built-in program (e.g. lsscp). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The built-in program, e.g. lsscp.")

    def handle(self, *args, slug: str, **options):
        try:
            program, report = program_load(data=builtin_program_data(slug))
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{program.name}: {report.summary()}")
