"""The staff home's card for e-mail (ADR 0047): e-mails that failed for good."""

from django.urls import reverse

from certify.accounts.api import PROGRAM, WorkCard, work_part
from certify.accounts.models import User
from certify.notifications.models import OutgoingEmail
from certify.notifications.selectors import emails_failed


@work_part(90)
def email_cards(user: User) -> list[WorkCard]:
    failed = emails_failed()
    return [
        WorkCard(
            key="emails-failed",
            heading=PROGRAM,
            title="E-mails that could not be delivered",
            count=failed.count,
            oldest=failed.oldest,
            age_label="The oldest was written {days} ago.",
            url=f"{reverse('notifications:outbox')}?status={OutgoingEmail.Status.FAILED}",
        )
    ]
