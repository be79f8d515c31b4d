"""The events applications publishes (see `certify.core.events`). Other apps subscribe to them."""

# Every move of the application workflow is published by the workflow engine as
# `application.<status>` (payload: `application_id`, `candidate_id`, `program_id`, `actor_id`,
# `move`); this one opens the candidate's plan.
APPLICATION_ACCEPTED = "application.accepted"
