"""Writes for scholarships. Every change to a fund's money happens under the fund's row lock.

- `funds`: sponsors' administrators and committee, fund settings.
- `applications`: applying, withdrawing, the committee declining.
- `awards`: awarding (an invoice credit or a class payment), withdrawing, expiry;
  `award_rules`: whether the fund can award the applicant today; `award_payments`: class awards
  paid out by the sponsor.
- `committee`: the rubric, members' scores and conflicts, the chair confirming the ranking.
- `restore`: an enrollment award ended by a rejection, back when an appeal sends it back.
- `draws`: random draws among eligible applicants, reproducible from the stored seed and list.
"""

from certify.scholarships.services.applications import (
    ApplicationRefusedError,
    application_decline,
    application_submit,
    application_withdraw,
)
from certify.scholarships.services.award_payments import (
    Payable,
    award_payment_record,
    class_award_payable,
)
from certify.scholarships.services.award_rules import award_obstacles, capacity_problem
from certify.scholarships.services.awards import (
    application_award,
    award_expire,
    award_sync,
    award_withdraw,
)
from certify.scholarships.services.committee import (
    committee_confirm,
    committee_conflict_declare,
    committee_left_out,
    committee_outline,
    rubric_save,
    scorecard_save,
)
from certify.scholarships.services.common import (
    ProblemsError,
    confirms_awards,
    is_sponsor_member,
    rubric_refusal,
    scoring_refusal,
    window_closed_problem,
)
from certify.scholarships.services.draws import (
    draw_is_reproduced,
    draw_pick,
    draw_pool_count,
    draw_replay,
    draw_run,
)
from certify.scholarships.services.funds import (
    CHAIR_REFUSED,
    SPONSOR_KIND,
    fund_save,
    sponsor_cooldown_months,
    sponsor_member_add,
    sponsor_member_invite,
    sponsor_member_remove,
)
from certify.scholarships.services.restore import award_restore, awards_restore_after_appeal

__all__ = [
    "CHAIR_REFUSED",
    "SPONSOR_KIND",
    "ApplicationRefusedError",
    "Payable",
    "ProblemsError",
    "application_award",
    "application_decline",
    "application_submit",
    "application_withdraw",
    "award_expire",
    "award_obstacles",
    "award_payment_record",
    "award_restore",
    "award_sync",
    "award_withdraw",
    "awards_restore_after_appeal",
    "capacity_problem",
    "class_award_payable",
    "committee_confirm",
    "committee_conflict_declare",
    "committee_left_out",
    "committee_outline",
    "confirms_awards",
    "draw_is_reproduced",
    "draw_pick",
    "draw_pool_count",
    "draw_replay",
    "draw_run",
    "fund_save",
    "is_sponsor_member",
    "rubric_refusal",
    "rubric_save",
    "scorecard_save",
    "scoring_refusal",
    "sponsor_cooldown_months",
    "sponsor_member_add",
    "sponsor_member_invite",
    "sponsor_member_remove",
    "window_closed_problem",
]
