"""The staff home's card for memberships (ADR 0047): those waiting for confirmation."""

from django.urls import reverse

from certify.accounts.api import APPLICATIONS_AND_PEOPLE, WorkCard, work_part
from certify.accounts.models import User
from certify.memberships.models import Membership
from certify.memberships.selectors import memberships_to_confirm


@work_part(30)
def membership_cards(user: User) -> list[WorkCard]:
    waiting = memberships_to_confirm(user=user)
    return [
        WorkCard(
            key="memberships",
            heading=APPLICATIONS_AND_PEOPLE,
            title="Memberships to confirm",
            count=waiting.count,
            oldest=waiting.oldest,
            url=f"{reverse('memberships:queue')}?status={Membership.Status.PENDING}",
        )
    ]
