"""Who may open an appeal's staff page although their staff role lets them (ADR 0022).

Nobody decides their own case, and a conflict keeps staff out of the case's pages, not only its
decision: the appellant holding a staff role is refused the appeal's page and its decision (they
follow it from the page of the decision they appealed), and so is a staff member who declared a
conflict of interest with the appellant (or a library where the appellant works). The person who
made the decision under appeal may read it and is refused only the decision (`workflow.REVIEWER`).
"""

from typing import Any

from certify.accounts.api import conflict_pairs, conflicted_with

OWN_APPEAL = (
    "This is your own appeal: its review and its decision are for other program staff. The page "
    "of the decision you appealed shows where it stands."
)
CONFLICT_DECLARED = (
    "You declared a conflict of interest with the appellant (or with a library where they work or "
    "worked): their appeal is for other program staff. Your declarations are on your conflicts "
    "page."
)
# What the list shows instead of a link to a page the viewer would be refused.
OWN_LABEL = "Your own appeal"
CONFLICT_LABEL = "Conflict declared"


def appeal_refusal(user: Any, appeal: Any) -> str:
    """Why `user` may not open this appeal's staff page ('' when they may). One query when they
    declared no conflict."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return ""
    if appeal.appellant_id == pk:
        return OWN_APPEAL
    if conflicted_with(people={appeal.appellant_id}, candidates={pk}):
        return CONFLICT_DECLARED
    return ""


def refused_rows(user: Any, appeals: list[Any]) -> dict[Any, str]:
    """For a list's rows: the appeal's id -> the label shown instead of its link, for the
    viewer's own appeals and those they declared a conflict with (two queries at most, plus one
    per appellant when the viewer declared a library)."""
    pk = getattr(user, "pk", None)
    appellants = {a.appellant_id for a in appeals} - {pk}
    conflicted = (
        {person for _, person in conflict_pairs(people=appellants, candidates={pk})}
        if pk is not None and appellants
        else set()
    )
    labels = {}
    for appeal in appeals:
        if appeal.appellant_id == pk:
            labels[appeal.pk] = OWN_LABEL
        elif appeal.appellant_id in conflicted:
            labels[appeal.pk] = CONFLICT_LABEL
    return labels
