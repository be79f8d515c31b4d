from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certify.loaddata.demo.accounts import DEMO_ACCOUNTS, demo_accounts_create


class Command(BaseCommand):
    help = "Create one demo account per role with a known password (local settings only)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is only for local settings (DEMO_DATA_ALLOWED).")
        from certify.loaddata.demo.applications import STAGES, demo_applications_create
        from certify.loaddata.demo.certificates import CERTIFIED, demo_certified_create
        from certify.loaddata.demo.courses import PROVIDER_NAME, demo_courses_create
        from certify.loaddata.demo.portfolios import REVIEWERS, demo_reviewers_create
        from certify.loaddata.demo.renewals import LAPSED, RENEWING, demo_renewals_create
        from certify.loaddata.demo.scholarships import DEMO_AWARDEE, demo_scholarships_create
        from certify.programs.models import Program

        with transaction.atomic():
            users = demo_accounts_create()
            program = Program.objects.filter(slug=settings.DEFAULT_PROGRAM).first()
            if program is not None:
                staff = next(u for u in users if u.email == "staff@example.org")
                demo_applications_create(program=program, staff=staff)
                demo_reviewers_create(program=program)
                sponsor = next(u for u in users if u.email == "sponsor@example.org")
                demo_scholarships_create(program=program, sponsor_user=sponsor)
                demo_courses_create(program=program, staff=staff)
                certified = demo_certified_create(program=program, staff=staff)
                renewing, lapsed = demo_renewals_create(program=program, staff=staff)
        self.stdout.write("Demo accounts (password for each: see below):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role_label:<22} {account.email:<32} {account.password}")
        if program is not None:
            self.stdout.write(f"A second reviewer (same password): {REVIEWERS[1][0]}")
            self.stdout.write(
                f"sponsor@example.org runs SSD's scholarships; {DEMO_AWARDEE} holds an SSD award"
            )
            self.stdout.write(
                "sponsor@example.org chairs the enrollment fund's committee; its members "
                "(same password): committee1@example.org, committee2@example.org"
            )
            self.stdout.write(
                f"provider@example.org acts for {PROVIDER_NAME} (two approved courses)"
            )
            self.stdout.write("Candidates at each application stage (same password):")
            for email, _name, stage in STAGES:
                if email != "candidate@example.org":
                    self.stdout.write(f"  {stage:<22} {email}")
            if certified is not None and certified.number:
                self.stdout.write(
                    f"  {'certified':<22} {CERTIFIED[0]}  (certificate {certified.number}: "
                    f"{certified.verification_url})"
                )
            self.stdout.write(
                f"  {'renewal open':<22} {RENEWING[0]}  (certificate {renewing.number} expires "
                f"{renewing.expires_on:%B %-d, %Y}; 23 of 32 CE hours logged)"
            )
            self.stdout.write(
                f"  {'lapsed':<22} {LAPSED[0]}  (certificate {lapsed.number} expired "
                f"{lapsed.expires_on:%B %-d, %Y})"
            )
