"""Writes for scholarships. Every change to a fund's money happens under the fund's row lock.

- `funds`: sponsors' administrators and committee, fund settings.
- `applications`: applying, withdrawing, the committee declining.
- `awards`: awarding (an invoice credit or a class payment), withdrawing, expiry, payment.
- `draws`: random draws among eligible applicants, reproducible from the stored seed and list.
"""

from certify.scholarships.services.applications import (
    ApplicationRefusedError,
    application_decline,
    application_submit,
    application_withdraw,
)
from certify.scholarships.services.awards import (
    application_award,
    award_expire,
    award_obstacles,
    award_payment_record,
    award_sync,
    award_withdraw,
    capacity_problem,
)
from certify.scholarships.services.common import ProblemsError, is_sponsor_member
from certify.scholarships.services.draws import (
    draw_is_reproduced,
    draw_pick,
    draw_replay,
    draw_run,
)
from certify.scholarships.services.funds import (
    SPONSOR_KIND,
    fund_save,
    sponsor_member_add,
    sponsor_member_invite,
    sponsor_member_remove,
)

__all__ = [
    "SPONSOR_KIND",
    "ApplicationRefusedError",
    "ProblemsError",
    "application_award",
    "application_decline",
    "application_submit",
    "application_withdraw",
    "award_expire",
    "award_obstacles",
    "award_payment_record",
    "award_sync",
    "award_withdraw",
    "capacity_problem",
    "draw_is_reproduced",
    "draw_pick",
    "draw_replay",
    "draw_run",
    "fund_save",
    "is_sponsor_member",
    "sponsor_member_add",
    "sponsor_member_invite",
    "sponsor_member_remove",
]
