"""What staff call an appeal on its page: "Appeal by <appellant>", and for an appeal that ended
with its appellant's account (`ended.py`) words a staff member understands, not the closed
account's placeholder name: "Appeal (ended: account closed), candidate LSSCP-C-7K3Q9M2X".

The candidate's number belongs to the app of the decided object: each registers how to read it
with `on_reference(model_label)` (applications and portfolios, in their `handlers`)."""

from collections.abc import Callable
from typing import Any

from certify.appeals.ended import CLOSED
from certify.appeals.models import Appeal

Reference = Callable[[Any], str]
_REFERENCES: dict[str, Reference] = {}


def on_reference(model_label: str) -> Callable[[Reference], Reference]:
    """Register `reference(subject) -> str`: the candidate number of a decision of that model,
    which staff use to find the candidate once the name is gone."""

    def register(reference: Reference) -> Reference:
        _REFERENCES[model_label] = reference
        return reference

    return register


def appeal_reference(appeal: Appeal) -> str:
    """The appellant's candidate number for this appeal's decision ("" when none is known)."""
    kind = appeal.subject_type
    reference = _REFERENCES.get(f"{kind.app_label}.{kind.model}")
    subject = appeal.subject
    return reference(subject) if reference and subject is not None else ""


def appeal_title(appeal: Appeal) -> str:
    """The appeal's page title and heading, in staff's words."""
    if appeal.status != Appeal.Status.ENDED:
        return f"Appeal by {appeal.appellant}"
    why = "account closed" if appeal.outcome_reason == CLOSED else "account deactivated"
    reference = appeal_reference(appeal)
    return f"Appeal (ended: {why})" + (f", candidate {reference}" if reference else "")
