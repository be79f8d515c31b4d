"""The staff home's card for renewals (ADR 0047): the evidence of renewals chosen at random
for an evidence check, waiting for staff to check it."""

from django.urls import reverse

from certify.accounts.api import CERTIFICATES_AND_RENEWALS, WorkCard, work_part
from certify.accounts.models import User
from certify.renewals.models import Renewal
from certify.renewals.selectors import renewals_to_audit


@work_part(80)
def renewal_cards(user: User) -> list[WorkCard]:
    audit = renewals_to_audit()
    return [
        WorkCard(
            key="renewals-audit",
            heading=CERTIFICATES_AND_RENEWALS,
            title="Evidence to check: renewals chosen at random",
            count=audit.count,
            oldest=audit.oldest,
            zone=audit.zone,
            url=f"{reverse('renewals:staff_queue')}?status={Renewal.Status.IN_AUDIT}",
        )
    ]
