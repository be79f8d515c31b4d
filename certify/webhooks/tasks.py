"""The webhook task: takes a delivery's id and makes one attempt."""

from django.tasks import task

from certify.webhooks import delivery


@task()
def deliver_webhook(delivery_id: int) -> str:
    return delivery.delivery_send(delivery_id=delivery_id).status
