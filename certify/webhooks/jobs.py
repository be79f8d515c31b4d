"""This app's scheduled jobs: deliveries whose wait is over (or whose task was lost) are sent;
the endpoints' logs forget what ended long ago."""

from datetime import date, datetime

from certify.notifications.api import daily_job, frequent_job
from certify.webhooks.delivery import LOG_KEPT, deliveries_prune, deliveries_redeliver


@frequent_job("webhooks.redeliver")
def redeliver_webhooks(now: datetime) -> str:
    return f"{deliveries_redeliver(now=now)} webhook delivery(ies) tried"


@daily_job("webhooks.prune")
def prune_webhook_log(today: date) -> str:
    removed = deliveries_prune()
    return f"{removed} webhook message(s) delivered or failed over {LOG_KEPT.days} days ago removed"
