from django.core.management.base import BaseCommand

from certify.certificates.models import IssuerKey
from certify.certificates.services import did_document, issuer_did, issuer_key_rotate


class Command(BaseCommand):
    help = (
        "List the issuer's signing keys, or rotate them: `issuer_keys rotate --reason ...` "
        "retires the active key (it stays published, so what it signed keeps verifying) and "
        "makes a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "rotate"], nargs="?", default="list")
        parser.add_argument("--reason", default="", help="Why (kept in the audit trail).")

    def handle(self, *args, action: str, reason: str, **options):
        if action == "rotate":
            key = issuer_key_rotate(actor=None, reason=reason or "Rotated from the command line.")
            self.stdout.write(f"New active key: {key.fragment}")
        did_document()  # makes the first key when there is none
        self.stdout.write(f"Issuer: {issuer_did()}")
        for key in IssuerKey.objects.order_by("created_at"):
            self.stdout.write(f"  {key.get_status_display():<40} {key.fragment}")
