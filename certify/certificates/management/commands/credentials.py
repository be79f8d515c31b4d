from django.core.management.base import BaseCommand, CommandError

from certify.certificates.services import Selection, credentials_reissue


class Command(BaseCommand):
    help = (
        "Issue signed credentials again: the same claims and numbers, a new proof from the "
        "active key in the current shape; each holder is told by e-mail. `credentials reissue "
        "--old-shape` takes those whose credentialStatus is a list or whose proof is an object; "
        "`--signed-by <fragment>` those signed by a key (see `issuer_keys list`). Batched, safe "
        "to stop and run again (what is done is not done twice); `--dry-run` only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reissue"])
        parser.add_argument("--old-shape", action="store_true")
        parser.add_argument("--signed-by", default="", metavar="FRAGMENT")
        parser.add_argument(
            "--kind", action="append", default=[], help="Only this kind (e.g. certificate)."
        )
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--dry-run", action="store_true", help="Count; change nothing.")

    def handle(self, *args, old_shape: bool, signed_by: str, **options):
        if not (old_shape or signed_by):
            raise CommandError("Say which credentials: --old-shape, --signed-by FRAGMENT, or both.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size is at least 1.")
        report = credentials_reissue(
            selection=Selection(old_shape=old_shape, signed_by=signed_by),
            kinds=options["kind"] or None,
            batch_size=options["batch_size"],
            dry_run=options["dry_run"],
            progress=self.stdout.write if options["verbosity"] > 1 else None,
        )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
        for line in report.lines():
            self.stdout.write(line)
