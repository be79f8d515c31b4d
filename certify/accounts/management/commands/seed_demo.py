from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certify.accounts.demo import DEMO_ACCOUNTS, demo_accounts_create


class Command(BaseCommand):
    help = "Create one demo account per role with a known password (local settings only)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is only for local settings (DEMO_DATA_ALLOWED).")
        from certify.applications.demo import STAGES, demo_applications_create
        from certify.portfolios.demo import REVIEWERS, demo_reviewers_create
        from certify.programs.models import Program

        with transaction.atomic():
            users = demo_accounts_create()
            program = Program.objects.filter(slug=settings.DEFAULT_PROGRAM).first()
            if program is not None:
                staff = next(u for u in users if u.email == "staff@example.org")
                demo_applications_create(program=program, staff=staff)
                demo_reviewers_create(program=program)
        self.stdout.write("Demo accounts (password for each: see below):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role_label:<22} {account.email:<32} {account.password}")
        if program is not None:
            self.stdout.write(f"A second reviewer (same password): {REVIEWERS[1][0]}")
            self.stdout.write("Candidates at each application stage (same password):")
            for email, _name, stage in STAGES:
                if email != "candidate@example.org":
                    self.stdout.write(f"  {stage:<22} {email}")
