import json

from django.core.management.base import BaseCommand, CommandError

from certify.programs.case import case_package_export
from certify.programs.models import Program


class Command(BaseCommand):
    help = "Write a program's competency framework as a CASE 1.0 CFPackage (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("program", help="The program's slug, e.g. lsscp.")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, program: str, output: str | None, **options):
        found = Program.objects.filter(slug=program).first()
        if found is None:
            raise CommandError(f"There is no program “{program}”. Load it first: load_program.")
        text = json.dumps(case_package_export(program=found), indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
