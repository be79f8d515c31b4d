from django.core.management.base import BaseCommand, CommandError

from certify.certificates.models import IssuerKey
from certify.certificates.services import (
    did_document,
    issuer_did,
    issuer_key_compromise,
    issuer_key_rotate,
)
from certify.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "List the issuer's signing keys, rotate them, or withdraw a compromised one. "
        "`issuer_keys rotate --reason ...` retires the active key (it stays published, so what it "
        "signed keeps verifying) and makes a new one. `issuer_keys compromise <fragment> --reason "
        "... --yes` withdraws a key that may be in someone else's hands: it leaves the DID "
        "document (nothing it signed verifies any more), a new key is made if it was the active "
        "one, every status list is signed again, and every credential it signed is issued again "
        "and its holder told (docs/operations.md). Safe to run again if it stops half-way."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["list", "rotate", "compromise"], nargs="?", default="list"
        )
        parser.add_argument("fragment", nargs="?", help="compromise: the key (see `list`).")
        parser.add_argument("--reason", default="", help="Why (kept in the audit trail).")
        parser.add_argument(
            "--yes", action="store_true", help="compromise: confirm; nothing is done without it."
        )
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, action: str, reason: str, **options):
        if action == "rotate":
            key = issuer_key_rotate(actor=None, reason=reason or "Rotated from the command line.")
            self.stdout.write(f"New active key: {key.fragment}")
        elif action == "compromise":
            self._compromise(options["fragment"], reason, options["yes"], options["batch_size"])
        did_document()  # makes the first key when there is none
        self.stdout.write(f"Issuer: {issuer_did()}")
        for key in IssuerKey.objects.order_by("created_at"):
            self.stdout.write(f"  {key.get_status_display():<56} {key.fragment}")

    def _compromise(self, fragment: str | None, reason: str, yes: bool, batch_size: int) -> None:
        if not fragment:
            raise CommandError("Name the key: `issuer_keys compromise <fragment> --reason ...`.")
        if not reason.strip():
            raise CommandError('Say why the key is no longer trusted: --reason "...".')
        if not yes:
            raise CommandError(
                f"This withdraws the key {fragment}: everything it signed stops verifying until "
                "it is issued again (this command does that next, and tells the holders). "
                "Run it again with --yes to go ahead."
            )
        try:
            report = issuer_key_compromise(
                fragment=fragment,
                actor=None,
                reason=reason,
                batch_size=batch_size,
                progress=self.stdout.write,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Withdrawn: {fragment}")
        if report.new_key is not None:
            self.stdout.write(f"New active key: {report.new_key.fragment}")
        self.stdout.write(f"Status lists signed again: {report.lists_signed}")
        for line in report.reissue.lines():
            self.stdout.write(line)
