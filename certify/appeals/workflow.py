"""The appeal workflow, whole: notice given → grounds given → upheld or sent back; an open
appeal ends (Certify's move) when the appellant's account is closed or deactivated.

The appeal knows who made the decision under appeal: `decided_by`, recorded with the notice from
the decision itself (an application's `decided_by`), and the people the subject's app names for
a decision without a single decider (`on_deciders`: a portfolio's verdict is its reviewers').
Neither they nor the appellant review it, whether to uphold it or to send it back.
`Appeal` inherits this; services move it only through `certify.core.workflow.transition`.
"""

from collections.abc import Callable
from typing import Any

from django.db import models

from certify.accounts.models import Role
from certify.core.workflow import (
    FSMField,
    Relation,
    WorkflowModel,
    WorkflowSpec,
    move,
    role,
    system,
    themselves,
)

Deciders = Callable[[Any], set[Any]]
_DECIDERS: dict[str, Deciders] = {}


def on_deciders(model_label: str) -> Callable[[Deciders], Deciders]:
    """Register `deciders(subject) -> set of user ids`: who made a decision of that model when
    no single person did (portfolios register their reviewers in their `handlers`)."""

    def register(deciders: Deciders) -> Deciders:
        _DECIDERS[model_label] = deciders
        return deciders

    return register


def deciders_of(appeal: Any) -> set[Any]:
    """The people who made the decision under appeal: `decided_by`, and whoever the subject's
    app names."""
    people = {appeal.decided_by_id} - {None}
    kind = appeal.subject_type
    deciders = _DECIDERS.get(f"{kind.app_label}.{kind.model}")
    if deciders is not None:
        people |= deciders(appeal.subject)
    return people


APPELLANT = themselves("appellant", "the appellant themselves")
_STAFF = role(Role.PROGRAM_STAFF, "", not_subject=("appellant",))


def _decided_it(actor: Any, appeal: Any) -> bool:
    return getattr(actor, "pk", None) in deciders_of(appeal)


REVIEWER = Relation(
    "program staff other than the appellant and the person who decided",
    lambda actor, appeal: _STAFF.holds(actor, appeal) and not _decided_it(actor, appeal),
    own_case=lambda actor, appeal: (
        _STAFF.is_own_case(actor, appeal)
        or (_STAFF.holds(actor, appeal) and _decided_it(actor, appeal))
    ),
    parties=lambda appeal: {appeal.appellant_id} | deciders_of(appeal),
)
REASON_FOR_APPELLANT = "Give a reason: the appellant will read it."
GROUNDS_MISSING = "Explain the grounds of your appeal in a few sentences."
# Certify ends an open appeal when its appellant's account closes (`ended.py`): nobody could
# follow it, and a verdict sent back could be given to nobody (ADR 0006, ADR 0007).
ACCOUNT_CLOSED = system("Certify, when the appellant's account is closed or deactivated")

__all__ = ["APPELLANT", "REVIEWER", "AppealWorkflow", "deciders_of", "on_deciders"]


class AppealWorkflow(WorkflowModel):
    class Status(models.TextChoices):
        NOTICE_GIVEN = "notice", "Notice of appeal given"
        GROUNDS_SUBMITTED = "grounds", "Grounds submitted, waiting for review"
        UPHELD = "upheld", "Decision upheld"
        SENT_BACK = "sent_back", "Sent back for a new decision"
        ENDED = "ended", "Ended: the appellant's account is closed"

    S = Status
    status = FSMField(
        max_length=10, choices=Status.choices, default=Status.NOTICE_GIVEN, protected=True
    )
    workflow = WorkflowSpec(name="appeal", noun="appeal")

    class Meta:
        abstract = True

    @move(
        "status",
        source=S.NOTICE_GIVEN,
        target=S.GROUNDS_SUBMITTED,
        by=[APPELLANT],
        label="Give the grounds",
    )
    def give_grounds(self) -> None:
        pass

    @move(
        "status",
        source=S.GROUNDS_SUBMITTED,
        target=S.UPHELD,
        by=[REVIEWER],
        label="Uphold the decision",
        reason=REASON_FOR_APPELLANT,
    )
    def uphold(self) -> None:
        pass

    @move(
        "status",
        source=S.GROUNDS_SUBMITTED,
        target=S.SENT_BACK,
        by=[REVIEWER],
        label="Send the decision back",
        reason=REASON_FOR_APPELLANT,
    )
    def send_back(self) -> None:
        pass

    @move(
        "status",
        source=[S.NOTICE_GIVEN, S.GROUNDS_SUBMITTED],
        target=S.ENDED,
        by=[ACCOUNT_CLOSED],
        label="End the appeal (the appellant's account is closed)",
        reason="Say why the appeal ended.",
    )
    def end(self) -> None:
        pass
