"""What other apps use from renewals (the Python interface, not HTTP).

- `certificate_phase(*, certificate, today=None) -> Lifecycle | None`: the certificate's phase
  (valid, window, grace, lapsed; pending, suspended, revoked or replaced pass through) and its
  dates (`window_opens_on`, `expires_on`, `grace_ends_on`, `lapses_on`). None when not issued.
- `certificates_lapsed(*, program=None, today=None) -> QuerySet[Certificate]`: past their
  grace period, not renewed, not reinstated to a later day (on `today`, or on each program's
  own today).
- `renewals_approved(*, program=None, since=None, until=None) -> QuerySet[Renewal]`: approved
  renewals by the day they were decided (each has `certificate` and `new_certificate`).
- `Phase`, `lifecycle(...)`: the pure rule itself (`renewals.lifecycle`).
- `CERTIFICATE_LAPSED`: the event published when a certificate lapses (`renewals.events`).

For the REST package: reads `holder_sets` (the sets of the holder's framework version),
`certificate_current_for`, `renewal_live_for`, `renewal_fee` (whether its fee can be paid
now, and why not: `Fee`), `lapsed_renewal_next_step` (what happens next to a renewal in staff's
hands once its certificate lapsed), `ce_progress`, `ce_period` and
`ce_activity_why_not` (why an activity's hours do not count; `CePeriod.counted_before`: the
activities an earlier renewal counted, with that renewal), `ce_activity_list`,
`ce_activity_find`, `activity_hours`; writes `ce_activity_create`,
`ce_activity_update`, `ce_activity_delete`, `renewal_submit`, `renewal_resubmit`; staff:
`renewal_staff_list` (the staff list's filters), `renewal_find`, `renewal_decide`,
`approval_refused_words` (why staff cannot approve it now, as the decision page says),
`refusal_fee_words_listed` (what refusing it does to its paid fee, as that page says),
`certificate_reinstate_lapsed` (`ACTION_LABELS`).
"""

from datetime import date

from certify.certificates.models import Certificate
from certify.renewals.ce import activity_hours
from certify.renewals.events import CERTIFICATE_LAPSED
from certify.renewals.fee import (
    Fee,
    approval_refused_words,
    lapsed_renewal_words,
    refusal_fee_words_listed,
    renewal_fee,
)
from certify.renewals.lifecycle import Lifecycle, Phase, lifecycle
from certify.renewals.models import Renewal
from certify.renewals.selectors import (
    CePeriod,
    ce_activity_find,
    ce_activity_list,
    ce_activity_why_not,
    ce_period,
    ce_progress,
    certificate_current_for,
    certificate_lifecycle,
    certificates_lapsed,
    holder_sets,
    renewal_find,
    renewal_live_for,
    renewal_staff_list,
    renewals_approved,
)
from certify.renewals.services import (
    ce_activity_create,
    ce_activity_delete,
    ce_activity_restore,
    ce_activity_update,
    certificate_reinstate_lapsed,
    renewal_decide,
    renewal_resubmit,
    renewal_submit,
)
from certify.renewals.workflow import ACTION_LABELS


def lapsed_renewal_next_step(*, renewal: Renewal) -> str:
    """What happens next to `renewal`, in staff's hands, once its certificate has lapsed, in the
    holder's words (`fee.lapsed_renewal_words`, the renewal page's); "" otherwise."""
    if renewal.status not in (Renewal.Status.IN_AUDIT, Renewal.Status.MORE_EVIDENCE):
        return ""
    cycle = certificate_lifecycle(certificate=renewal.certificate)
    if cycle is None or cycle.phase != Phase.LAPSED:
        return ""
    return lapsed_renewal_words(renewal=renewal, last_day=cycle.grace_ends_on)


def certificate_phase(*, certificate: Certificate, today: date | None = None) -> Lifecycle | None:
    return certificate_lifecycle(certificate=certificate, today=today)


__all__ = [
    "ACTION_LABELS",
    "CERTIFICATE_LAPSED",
    "CePeriod",
    "Fee",
    "Lifecycle",
    "Phase",
    "activity_hours",
    "approval_refused_words",
    "ce_activity_create",
    "ce_activity_delete",
    "ce_activity_find",
    "ce_activity_list",
    "ce_activity_restore",
    "ce_activity_update",
    "ce_activity_why_not",
    "ce_period",
    "ce_progress",
    "certificate_current_for",
    "certificate_phase",
    "certificate_reinstate_lapsed",
    "certificates_lapsed",
    "holder_sets",
    "lapsed_renewal_next_step",
    "lifecycle",
    "refusal_fee_words_listed",
    "renewal_decide",
    "renewal_fee",
    "renewal_find",
    "renewal_live_for",
    "renewal_resubmit",
    "renewal_staff_list",
    "renewal_submit",
    "renewals_approved",
]
