import json

from django.core.management.base import BaseCommand, CommandError

from certify.programs.case import case_package_export
from certify.programs.models import FrameworkVersion, Program


class Command(BaseCommand):
    help = "Write a program's competency framework as a CASE 1.0 CFPackage (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("program", help="The program's slug, e.g. lsscp.")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")
        parser.add_argument(
            "--framework-version",
            dest="number",
            type=int,
            help="The framework version's number (default: the published version).",
        )

    def handle(self, *args, program: str, output: str | None, number: int | None, **options):
        found = Program.objects.filter(slug=program).first()
        if found is None:
            raise CommandError(f"There is no program “{program}”. Load it first: load_program.")
        version = None
        if number is not None:
            version = FrameworkVersion.objects.filter(program=found, number=number).first()
            if version is None:
                raise CommandError(f"{found} has no framework version {number}.")
        package = case_package_export(program=found, version=version)
        text = json.dumps(package, indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
