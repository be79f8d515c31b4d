"""Background tasks of core: each takes ids and calls a service."""

from django.tasks import task

from certify.core import events


@task()
def deliver_event(delivery_id: int) -> str:
    """Run one subscriber for one event (see `certify.core.events`)."""
    return events.delivery_run(delivery_id=delivery_id).status
