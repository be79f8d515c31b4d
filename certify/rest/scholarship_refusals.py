"""The documented refusals of the sponsor's decision on a scholarship application (OpenAPI
examples, in the words the services answer with; a test compares them with the services')."""

from certify.rest.openapi import problem_examples

EXAMPLE_FUND = "SSD LSSCP Enrollment Scholarship"
DECISION_REFUSALS = problem_examples(
    400,
    draw=(
        "A fund that awards by a random draw",
        f"The {EXAMPLE_FUND} awards by a random draw among the eligible applicants, not one "
        "application at a time: the draw decides every waiting application once applications "
        "close.",
    ),
    competing=(
        "A member whose own application to the fund waits",
        f"You applied to the {EXAMPLE_FUND} yourself and your application is waiting for a "
        "decision, so you are left out of the other applications to it until yours is decided: "
        "another member of the committee scores and decides them.",
    ),
    chair=(
        "A member when the fund's chair confirms",
        f"The chair of the {EXAMPLE_FUND} committee, Carla Chair, confirms its awards: score the "
        "application instead.",
    ),
)
