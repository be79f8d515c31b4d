"""What other apps use from progress (the Python interface, not HTTP).

- `plan_framework_move(*, application, actor) -> MoveReport` and
  `plan_framework_move_all(*, version, actor) -> int`: staff move enrolled candidates to the
  published framework version along the mapping of old sets to new ones (ADR 0056).

- `AUDITED_WITH_SET`, `LOCKED_WITH_SET`: the `select_related` paths that load what a planned
  set's audit entries name, and the rows a service locks with it (`select_for_update(of=…)`).

- `deadline_require_open(*, application, today=None)`: refuses new work toward a set once the
  completion deadline has passed in the program's time zone (ADR 0073), in the candidate's
  words (`deadline_text(deadline)`, or "" before: `deadline_closed(*, application)`);
  `deadline_has_passed(...)`; `deadline_covers(*,
  application, day)`: whether work done on `day` is within the deadline as it stands.

- `ways_left(*, competency_set, program=None, programmes=None) -> str`: the ways a set can
  still be shown once its portfolio was not met for good ("an approved course or a recognized
  college program", either alone, or "").

- `PLAN_SET_SATISFIED` ("plan_set.satisfied"): a set of a plan is complete; published by the
  workflow engine with `plan_set_id`, `application_id`, `competency_set_id`, `route`,
  `actor_id`, `move` (certificates issue the set's own credential).
"""

from certify.progress.deadline import (
    deadline_closed,
    deadline_covers,
    deadline_has_passed,
    deadline_require_open,
    deadline_text,
)
from certify.progress.framework_moves import (
    MoveReport,
    plan_framework_move,
    plan_framework_move_all,
)
from certify.progress.selectors import Plan, plan_get, planned_set_for, planned_sets_satisfied
from certify.progress.services import (
    AUDITED_WITH_SET,
    LOCKED_WITH_SET,
    electives_choose,
    on_plan_complete,
    plan_is_complete,
    planned_set_satisfy,
    planned_set_start,
    route_choose,
)
from certify.progress.ways_left import ways_left

# Every move of the plan-set workflow is published by the workflow engine as `plan_set.<status>`.
PLAN_SET_SATISFIED = "plan_set.satisfied"

__all__ = [
    "AUDITED_WITH_SET",
    "LOCKED_WITH_SET",
    "PLAN_SET_SATISFIED",
    "MoveReport",
    "Plan",
    "deadline_closed",
    "deadline_covers",
    "deadline_has_passed",
    "deadline_require_open",
    "deadline_text",
    "electives_choose",
    "on_plan_complete",
    "plan_framework_move",
    "plan_framework_move_all",
    "plan_get",
    "plan_is_complete",
    "planned_set_for",
    "planned_set_satisfy",
    "planned_set_start",
    "planned_sets_satisfied",
    "route_choose",
    "ways_left",
]
