"""The events applications publishes (see `certify.core.events`). Other apps subscribe to them.

- "application.deadline_extended": staff gave an accepted candidate a later completion deadline
  (`deadline_extend`). Not a move (the status stays "accepted"), so the service publishes it.
"""

from certify.core.events import declare

# Every move of the application workflow is published by the workflow engine as
# `application.<status>` (payload: `application_id`, `candidate_id`, `program_id`, `actor_id`,
# `move`); this one opens the candidate's plan.
APPLICATION_ACCEPTED = "application.accepted"

DEADLINE_EXTENDED = declare(
    "application.deadline_extended",
    description="Staff gave an accepted candidate a later completion deadline.",
    payload=("application_id", "candidate_id", "program_id", "actor_id", "completion_deadline"),
).name
