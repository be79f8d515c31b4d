from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certify.accounts.demo import DEMO_ACCOUNTS, demo_accounts_create


class Command(BaseCommand):
    help = "Create one demo account per role with a known password (local settings only)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is only for local settings (DEMO_DATA_ALLOWED).")
        with transaction.atomic():
            demo_accounts_create()
        self.stdout.write("Demo accounts (password for each: see below):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role_label:<22} {account.email:<32} {account.password}")
