"""The events applications publishes (see `certify.core.events`). Other apps subscribe to them."""

from certify.core.events import declare

APPLICATION_ACCEPTED = declare(
    "application.accepted",
    description="Staff accepted an application: the candidate is enrolled and their plan opens.",
    payload=("application_id", "candidate_id", "program_id"),
).name
