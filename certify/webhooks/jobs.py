"""This app's scheduled job: deliveries whose wait is over (or whose task was lost) are sent."""

from datetime import datetime

from certify.notifications.api import frequent_job
from certify.webhooks.delivery import deliveries_redeliver


@frequent_job("webhooks.redeliver")
def redeliver_webhooks(now: datetime) -> str:
    return f"{deliveries_redeliver(now=now)} webhook delivery(ies) tried"
