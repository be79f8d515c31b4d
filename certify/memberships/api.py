"""What other apps use from memberships (the Python interface, not HTTP).

- `membership_is_confirmed(*, user, organisation_code, on) -> bool`: the person holds a confirmed
  membership of the organisation (e.g. "ALA", "SSD") that is valid on `on` (the expiry day counts).
- `membership_current(*, user, organisation_code, on) -> Membership | None`: that membership.
- `memberships_confirmed_until(*, user) -> dict[str, date]`: the last day the person's
  confirmed memberships of each organisation (code upper-cased) run to, in one query: a page
  that asks about several organisations and days reads it once.
- `memberships_waiting(*, user, organisation_code) -> list[Membership]`: that person's
  memberships of the organisation still waiting for confirmation (payments holds the enrollment
  invoice while one of the program's member organization waits, ADR 0042).
- `membership_find(*, pk) -> Membership | None`, `organisation_find(*, code) -> Organisation |
  None` (active organisations only), `membership_list(*, user)`.
- `membership_record(*, user, organisation, member_number, expires_on, actor, today=None)`:
  record or change a membership (a change waits for confirmation again); the application's
  membership section writes through it with its program's day, so a membership named in an
  application is the same record. Without `today`, an end date still current in some program's
  time zone is accepted.
- `MEMBERSHIP_CONFIRMED`, `MEMBERSHIP_REJECTED`: the workflow engine's events for those moves
  (payload `membership_id`, `user_id`, `actor_id`, `move`).
- `membership_confirm(*, membership, actor, number_seen=None, expires_seen=None)`,
  `membership_reject(*, membership, actor, reason, number_seen=None, expires_seen=None)`: the
  confirmation decisions (the REST package calls them as the queue does); given what the decider
  saw, a membership changed since is refused.
- `can_decide(*, user, organisation) -> bool`: whether `user` confirms that organisation's
  memberships (program staff for ALA; for SSD, the people who run the sponsor linked to it).
- `invoice_outcome_reader(func)`: register `func(memberships) -> {membership id: InvoiceOutcome}`,
  what a decision did to each member's invoice (payments registers it); `invoice_outcomes(
  memberships)` reads them for a page at once, `invoice_outcomes_attach` sets them on it (the
  confirmation queue, page and API); `membership_queue(*, user, status, checked_by)`: that
  queue (`checked_by`: only staff-checked or only sponsor-checked organizations, `SPONSOR_CHECKED`).
- `organisations_ensure() -> list[Organisation]`: ALA and SSD exist (safe to repeat).
- `sponsor_check(func)`: register who runs a sponsor-checked organisation (`func(user,
  organisation) -> bool`); the scholarships app registers its sponsors' administrators and
  committee.
"""

from datetime import date

from certify.accounts.models import User
from certify.memberships.consequences import (
    InvoiceOutcome,
    invoice_outcome_reader,
    invoice_outcomes,
    invoice_outcomes_attach,
)
from certify.memberships.selectors import (
    membership_current,
    membership_find,
    membership_list,
    membership_queue,
    memberships_confirmed_until,
    memberships_waiting,
    organisation_find,
)
from certify.memberships.services import (
    can_decide,
    membership_confirm,
    membership_record,
    membership_reject,
    organisations_ensure,
    sponsor_check,
)
from certify.memberships.workflow import SPONSOR_CHECKED

MEMBERSHIP_CONFIRMED = "membership.confirmed"
MEMBERSHIP_REJECTED = "membership.rejected"


def membership_is_confirmed(*, user: User, organisation_code: str, on: date) -> bool:
    return membership_current(user=user, organisation_code=organisation_code, on=on) is not None


__all__ = [
    "MEMBERSHIP_CONFIRMED",
    "MEMBERSHIP_REJECTED",
    "SPONSOR_CHECKED",
    "InvoiceOutcome",
    "can_decide",
    "invoice_outcome_reader",
    "invoice_outcomes",
    "invoice_outcomes_attach",
    "membership_confirm",
    "membership_current",
    "membership_find",
    "membership_is_confirmed",
    "membership_list",
    "membership_queue",
    "membership_record",
    "membership_reject",
    "memberships_confirmed_until",
    "memberships_waiting",
    "organisation_find",
    "organisations_ensure",
    "sponsor_check",
]
