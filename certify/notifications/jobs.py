"""The scheduled jobs of this app and of core: e-mail retries, event redelivery, housekeeping."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certify.core.events import EVENTS_KEPT, deliveries_redeliver, events_prune
from certify.core.once import spent_tokens_prune
from certify.core.workers import tasks_reclaim
from certify.notifications.scheduler import daily_job, frequent_job
from certify.notifications.services import email_retry_due

TASK_RESULTS_KEPT = timedelta(days=30)


@frequent_job("email.retry_due")
def retry_due_emails(now: datetime) -> str:
    return f"{email_retry_due(now=now)} e-mail(s) tried"


@frequent_job("events.redeliver")
def redeliver_events(now: datetime) -> str:
    """Event deliveries due again after a failure, or whose task was lost, are run now."""
    return f"{deliveries_redeliver(now=now)} event delivery(ies) run"


@frequent_job("tasks.reclaim")
def reclaim_tasks(now: datetime) -> str:
    """Tasks left running by a task worker that died are queued again (certify/core/workers.py)."""
    return f"{tasks_reclaim(now=now)} task(s) left by a lost worker queued again"


@daily_job("tasks.prune_results")
def prune_task_results(today: date) -> str:
    cutoff = timezone.now() - TASK_RESULTS_KEPT
    deleted, _ = DBTaskResult.objects.filter(
        finished_at__lt=cutoff, status__in=["SUCCESSFUL", "FAILED"]
    ).delete()
    return f"{deleted} finished task result(s) older than 30 days removed"


@daily_job("events.prune")
def prune_events(today: date) -> str:
    removed = events_prune()
    return (
        f"{removed} event(s) handled by every subscriber over {EVENTS_KEPT.days} days ago removed"
    )


@daily_job("forms.spent_tokens_prune")
def prune_spent_form_tokens(today: date) -> str:
    """Spent one-time form tokens too old to be sent again (`certify/core/once.py`)."""
    return f"{spent_tokens_prune()} spent one-time form token(s) removed"
