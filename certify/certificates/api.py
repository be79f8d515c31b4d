"""What other apps use from certificates (the Python interface, not HTTP).

- `certificate_for_application(*, application) -> Certificate | None`
- `certificate_list_for_holder(*, holder) -> QuerySet[Certificate]`
- `certificate_replace(*, certificate, replacement, actor)`: a renewal replaced it.
- `certificate_issue_renewal(*, previous, expires_on, actor, on=None) -> Certificate`: a
  renewal's new certificate (new number, issued today, valid through `expires_on`).
- `credential_verify(*, document, now=None) -> VerificationResult`: check any credential file
  against this site's keys and status lists.
"""

from certify.certificates.selectors import (
    certificate_for_application,
    certificate_list_for_holder,
)
from certify.certificates.services import (
    certificate_issue_renewal,
    certificate_replace,
    credential_verify,
)

__all__ = [
    "certificate_for_application",
    "certificate_issue_renewal",
    "certificate_list_for_holder",
    "certificate_replace",
    "credential_verify",
]
