"""Program staff move an open application to the program's current rules, as on the staff page:
what would change (a read), and the move itself. Personal access tokens need the "staff" scope;
both check the page's permission (403 otherwise). Mounted on the staff applications router.
"""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from certify.accounts.models import User
from certify.applications import api as applications
from certify.applications.models import Application
from certify.rest.applications import ApplicationDetailOut, staff_router
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema


class RuleChangeOut(Schema):
    name: str = Field(description="The program setting, e.g. experience_hours_required.")
    label: str
    old: int = Field(description="The value the application keeps (its first submission's).")
    new: int = Field(description="The program's value today.")


class RulesOut(Schema):
    model_config = example(
        {
            "changes": [
                {
                    "name": "experience_hours_required",
                    "label": "Hours of experience needed",
                    "old": 1820,
                    "new": 1040,
                }
            ],
            "can_move": True,
            "refusal": "",
        }
    )

    changes: list[RuleChangeOut] = Field(description="The kept rules the program has changed.")
    can_move: bool
    refusal: str = Field(description="Why it cannot be moved to the current rules, if so.")


class RulesMoveIn(InputSchema):
    reason: str = Field("", description="Required; the candidate reads it.")
    changes_seen: dict[str, int] | None = Field(
        None,
        description="Optional: the `changes` you read, as {rule name: new value}. When the "
        "program's rules changed again since, the move is refused (400) and nothing changes.",
    )

    model_config = example({"reason": "The board lowered the hours; the candidate asked."})


def _staff_application(request: HttpRequest, application_id: int) -> Application:
    if not request.user.has_perm("applications.decide_application"):
        raise PermissionDenied
    return get_object_or_404(
        Application.objects.select_related("program", "candidate"), pk=application_id
    )


@staff_router.get(
    "/{application_id}/rules", response=RulesOut, summary="What moving to the current rules changes"
)
def rules_show(request: HttpRequest, application_id: int):
    """The rules the application keeps that the program has changed since (old and new values),
    and whether it can be moved to the current ones (changes nothing)."""
    application = _staff_application(request, application_id)
    refusal = applications.rules_move_refusal(application)
    return {
        "changes": applications.rules_changes(application),
        "can_move": not refusal,
        "refusal": refusal,
    }


@staff_router.post(
    "/{application_id}/rules/move",
    response=ApplicationDetailOut,
    summary="Move an application to the current rules",
)
def rules_move(request: HttpRequest, application_id: int, payload: RulesMoveIn):
    """An application waiting for a decision is judged from now on by the program's current
    rules, with the reason (audited; the candidate is told). Program staff only, never for their
    own case; refused (400) when it is already on them, decided or withdrawn."""
    application = _staff_application(request, application_id)
    applications.application_rules_move(
        application=application,
        actor=cast(User, request.user),
        reason=payload.reason,
        changes_seen=payload.changes_seen,
    )
    return applications.application_find(pk=application_id)
