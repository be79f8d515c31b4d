"""What other apps use from progress (the Python interface, not HTTP)."""

from certify.progress.selectors import plan_get, planned_set_for, planned_sets_satisfied
from certify.progress.services import (
    on_plan_complete,
    plan_is_complete,
    planned_set_satisfy,
    planned_set_start,
)

__all__ = [
    "on_plan_complete",
    "plan_get",
    "plan_is_complete",
    "planned_set_for",
    "planned_set_satisfy",
    "planned_set_start",
    "planned_sets_satisfied",
]
