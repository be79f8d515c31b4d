"""The renewal pages, by subject:

- `ce_log`: the holder's renewal page and CE log (recording, previewing, changing and removing an
  activity, its evidence file); htmx partials sit beside their pages.
- `applying`: applying for the renewal, and sending it back with more evidence.
- `staff`: staff's queue, one renewal and its decision, the lapsed certificates, reinstatement.
- `common`: what they share (the person asking, the chosen program and certificate, the holder's
  own activity, the renewal page's address).

Removing an activity, with its confirmation and undo, is `renewals.removal_views`.
"""

from certify.renewals.views.applying import apply, resubmit
from certify.renewals.views.ce_log import (
    activity_add,
    activity_delete,
    activity_edit,
    activity_evidence,
    activity_preview,
    home,
)
from certify.renewals.views.common import _own_activity, _user, home_of
from certify.renewals.views.staff import (
    DECIDED,
    _decision_problems,
    decisions_allowed,
    staff_decide,
    staff_detail,
    staff_lapsed,
    staff_queue,
    staff_reinstate,
)

__all__ = [
    "DECIDED",
    "_decision_problems",
    "_own_activity",
    "_user",
    "activity_add",
    "activity_delete",
    "activity_edit",
    "activity_evidence",
    "activity_preview",
    "apply",
    "decisions_allowed",
    "home",
    "home_of",
    "resubmit",
    "staff_decide",
    "staff_detail",
    "staff_lapsed",
    "staff_queue",
    "staff_reinstate",
]
