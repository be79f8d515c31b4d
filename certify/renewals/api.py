"""What other apps use from renewals (the Python interface, not HTTP).

- `certificate_phase(*, certificate, today=None) -> Lifecycle | None`: the certificate's phase
  (valid, window, grace, lapsed; pending, suspended, revoked or replaced pass through) and its
  dates (`window_opens_on`, `expires_on`, `grace_ends_on`, `lapses_on`). None when not issued.
- `certificates_lapsed(*, program=None, today=None) -> QuerySet[Certificate]`: past their
  grace period, not renewed, not reinstated to a later day.
- `renewals_approved(*, program=None, since=None, until=None) -> QuerySet[Renewal]`: approved
  renewals by the day they were decided (each has `certificate` and `new_certificate`).
- `Phase`, `lifecycle(...)`: the pure rule itself (`renewals.lifecycle`).
"""

from datetime import date

from certify.certificates.models import Certificate
from certify.renewals.lifecycle import Lifecycle, Phase, lifecycle
from certify.renewals.selectors import certificate_lifecycle, certificates_lapsed, renewals_approved


def certificate_phase(*, certificate: Certificate, today: date | None = None) -> Lifecycle | None:
    return certificate_lifecycle(certificate=certificate, today=today)


__all__ = [
    "Lifecycle",
    "Phase",
    "certificate_phase",
    "certificates_lapsed",
    "lifecycle",
    "renewals_approved",
]
