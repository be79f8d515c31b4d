"""The kinds of case: every concrete model that inherits `StaffCase`, by its `case_kind`."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db.models import Q

from certify.casework.models import StaffCase

# The queues' assignment filter: its values and their words.
MINE, UNASSIGNED = "me", "none"
ASSIGNED_CHOICES = [("", "Anyone or no one"), (MINE, "Assigned to me"), (UNASSIGNED, "Unassigned")]


@cache
def case_models() -> dict[str, type[StaffCase]]:
    found = {
        model.case_kind: model
        for model in apps.get_models()
        if issubclass(model, StaffCase) and model.case_kind
    }
    return dict(sorted(found.items()))


def case_model(kind: str) -> type[StaffCase] | None:
    return case_models().get(kind)


def assignment_q(value: str, *, user: object, prefix: str = "") -> Q:
    """The filter of a queue's "Assigned to" choice (`prefix` reaches the case from the queue's
    rows, e.g. "portfolio__"); an empty Q for anyone."""
    if value == MINE:
        return Q(**{f"{prefix}assigned_to": user})
    if value == UNASSIGNED:
        return Q(**{f"{prefix}assigned_to__isnull": True})
    return Q()
