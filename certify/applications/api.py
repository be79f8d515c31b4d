"""What other apps use from applications (the Python interface, not HTTP).

- `application_current_for(*, candidate, program=None) -> Application | None`: the
  candidate's current (not withdrawn) application, in `program` when given, else the newest.
- `application_current_list_for(*, candidate) -> list[Application]`: the current application
  in each program the candidate is in, newest first (one query).
- `applications_current_of(*, candidate_ids, program_ids) -> dict`: the same rule for a list
  read at once, by (candidate id, program id) (one query; scholarships' class award lists).
- `add_years(day, years) -> date`: a date some years on (29 February becomes 28 February).
- `framework_version_of(*, candidate, program_id) -> int | None`: the framework version the
  candidate enrolled under (ADR 0056): their plan, courses and renewal use its sets.

For the REST package: reads `application_find`, `application_list_for`,
`application_queue`; writes `application_start`, `application_update`, `experience_save`,
`experience_delete`, `application_submit`, `application_eligibility`, `application_accept`,
`application_reject`, `application_request_info`, `application_withdraw`, `deadline_extend`,
`application_appeal`, `supervisor_request`; staff moving an open application to the program's
current rules: `rules_changes`, `rules_move_refusal`, `application_rules_move`.

Events (published after commit; subscribe with `certify.core.events.subscriber`)
- `APPLICATION_ACCEPTED` ("application.accepted"): carries `application_id`, `candidate_id`,
  `program_id`.
- `DEADLINE_EXTENDED` ("application.deadline_extended"): carries `application_id`,
  `candidate_id`, `program_id`, `actor_id`, `completion_deadline` (the new one, ISO).
"""

from certify.applications.appeals import application_appeal
from certify.applications.confirmations import supervisor_request
from certify.applications.decisions import (
    application_accept,
    application_reject,
    application_request_info,
    deadline_extend,
)
from certify.applications.events import APPLICATION_ACCEPTED, DEADLINE_EXTENDED
from certify.applications.rules_move import (
    application_rules_move,
    rules_changes,
    rules_move_refusal,
)
from certify.applications.selectors import (
    application_current_for,
    application_current_list_for,
    application_find,
    application_list_for,
    application_queue,
    applications_current_of,
    framework_version_of,
)
from certify.applications.services import (
    add_years,
    application_eligibility,
    application_start,
    application_submit,
    application_update,
    application_withdraw,
    experience_delete,
    experience_restore,
    experience_save,
)

__all__ = [
    "APPLICATION_ACCEPTED",
    "DEADLINE_EXTENDED",
    "add_years",
    "application_accept",
    "application_appeal",
    "application_current_for",
    "application_current_list_for",
    "application_eligibility",
    "application_find",
    "application_list_for",
    "application_queue",
    "application_reject",
    "application_request_info",
    "application_rules_move",
    "application_start",
    "application_submit",
    "application_update",
    "application_withdraw",
    "applications_current_of",
    "deadline_extend",
    "experience_delete",
    "experience_restore",
    "experience_save",
    "framework_version_of",
    "rules_changes",
    "rules_move_refusal",
    "supervisor_request",
]
