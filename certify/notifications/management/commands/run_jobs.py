from django.core.management.base import BaseCommand

from certify.notifications.scheduler import jobs_run


class Command(BaseCommand):
    help = (
        "Run scheduled jobs: frequent ones (e-mail retries) every time, daily ones (reminders, "
        "lapses, pruning) once a day. Run from cron every 5-15 minutes; safe to run twice."
    )

    def handle(self, *args, **options):
        failed = False
        for outcome in jobs_run():
            state = "FAILED" if outcome.failed else ("skipped" if outcome.skipped else "ok")
            failed |= outcome.failed
            self.stdout.write(f"{outcome.job:<32} {state:<8} {outcome.result}")
        if failed:
            raise SystemExit(1)
