"""Background tasks: each takes ids and calls a service."""

from django.tasks import task

from certify.notifications import services


@task()
def deliver_email(email_id: int) -> str:
    return services.email_deliver(email_id=email_id).status
