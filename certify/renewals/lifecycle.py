"""A certificate's life cycle, computed in one place: valid → renewal window → grace → lapsed.

A certificate is valid through its expiry day E. Renewal opens `window_months` calendar months
before it (on the same day of the month, or the month's last day when it is shorter) and stays
open through E; the grace period runs from the day after E through `grace_months` months after
E; the next day the certificate has lapsed. With LSSCP's 12 and 2 months, a certificate expiring
on 10 March 2031 opens for renewal on 10 March 2030, expires after 10 March 2031, is in grace
from 11 March to 10 May 2031 and has lapsed from 11 May 2031 ("two months and a day past
expiry"). Staff who reinstate a lapsed certificate set a new last day to renew (`renew_by`),
which extends the grace period.

Statuses staff decide (pending, suspended, revoked, replaced) pass through unchanged: such a
certificate is not in the renewal cycle. Everything here is pure: no database, no clock.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from certify.certificates.api import expiry_date

# Reminders go out at the months before expiry that the program's schedule names
# (`Program.renewal_reminder_months`, staff change it in the program settings), and once more
# at lapse.


class Phase(StrEnum):
    PENDING = "pending"
    VALID = "valid"
    WINDOW = "window"  # renewal open, still valid
    GRACE = "grace"  # expired, renewal still open
    LAPSED = "lapsed"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    REPLACED = "replaced"


PHASE_LABELS = {
    Phase.PENDING: "Waiting for staff approval",
    Phase.VALID: "Valid",
    Phase.WINDOW: "Valid; renewal open",
    Phase.GRACE: "Expired; renewal still open (grace period)",
    Phase.LAPSED: "Lapsed",
    Phase.SUSPENDED: "Suspended",
    Phase.REVOKED: "Revoked",
    Phase.REPLACED: "Replaced by a renewal",
}
# The phases in which the holder may apply to renew.
RENEWABLE = frozenset({Phase.WINDOW, Phase.GRACE})
# The order in time of the phases a certificate goes through on its own.
TIME_ORDER = (Phase.VALID, Phase.WINDOW, Phase.GRACE, Phase.LAPSED)
PASS_THROUGH = {"pending", "suspended", "revoked", "replaced"}


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier when negative), or the last day of
    the target month when it is shorter (31 March minus 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Lifecycle:
    phase: Phase
    expires_on: date
    window_opens_on: date
    grace_ends_on: date  # the last day to renew (a reinstatement may move it later)
    lapses_on: date  # the first day the certificate has lapsed

    @property
    def label(self) -> str:
        return PHASE_LABELS[self.phase]

    @property
    def renewable(self) -> bool:
        return self.phase in RENEWABLE


def lifecycle(
    *,
    status: str,
    expires_on: date,
    today: date,
    window_months: int,
    grace_months: int,
    renew_by: date | None = None,
) -> Lifecycle:
    """The phase of a certificate with `status` and `expires_on` on `today`, with its dates."""
    window_opens_on = add_months(expires_on, -window_months)
    grace_ends_on = add_months(expires_on, grace_months)
    if renew_by is not None:  # a reinstatement only ever moves the last day later
        grace_ends_on = max(grace_ends_on, renew_by)
    lapses_on = grace_ends_on + timedelta(days=1)
    if status in PASS_THROUGH:
        phase = Phase(status)
    elif today < window_opens_on:
        phase = Phase.VALID
    elif today <= expires_on:
        phase = Phase.WINDOW
    elif today <= grace_ends_on:
        phase = Phase.GRACE
    else:
        phase = Phase.LAPSED
    return Lifecycle(phase, expires_on, window_opens_on, grace_ends_on, lapses_on)


def renewal_expiry(*, previous_expires_on: date, validity_years: int) -> date:
    """The new period follows on from the old one, whenever in the window or grace the holder
    renews: renewing early costs no time, renewing late gains none."""
    return expiry_date(issued_on=previous_expires_on, validity_years=validity_years)


def reminder_due(*, expires_on: date, today: date, schedule: tuple[int, ...]) -> int | None:
    """The reminder (months before expiry) due on `today`: the latest milestone reached and not
    yet overtaken by the next one, up to expiry day. One missed run still sends it; a milestone
    long passed (the next one reached) is never sent."""
    due = None
    for months in sorted(schedule, reverse=True):
        if today >= add_months(expires_on, -months):
            due = months
    if due is None or today > expires_on:
        return None
    return due


LAPSE_NOTICE_DAYS = 30  # the lapse notice goes out if the job runs within 30 days of the lapse


def lapse_notice_due(*, lapses_on: date, today: date) -> bool:
    return lapses_on <= today < lapses_on + timedelta(days=LAPSE_NOTICE_DAYS)
