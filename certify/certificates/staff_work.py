"""The staff home's card for certificates (ADR 0047): those waiting for staff approval."""

from django.urls import reverse

from certify.accounts.api import CERTIFICATES_AND_RENEWALS, WorkCard, work_part
from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.certificates.selectors import certificates_to_approve


@work_part(70)
def certificate_cards(user: User) -> list[WorkCard]:
    pending = certificates_to_approve()
    return [
        WorkCard(
            key="certificates-pending",
            heading=CERTIFICATES_AND_RENEWALS,
            title="Certificates to approve",
            count=pending.count,
            oldest=pending.oldest,
            zone=pending.zone,
            url=f"{reverse('certificates:staff_list')}?status={Certificate.Status.PENDING}",
        )
    ]
