"""Staff move an open application to the program's current rules, on purpose.

An application keeps the program's case rules of its first submission (`Application.rules`,
`CASE_RULES`): a rule change applies to new cases, "unless staff move it" (RULINGS). Program
staff other than the candidate may move one still waiting for a decision (submitted, or sent
back for more information) with a reason: the rules that differ are shown first (`rules_changes`),
the move is audited with the old and new values, the candidate is told, and the eligibility
figures kept on the application are counted again under the new rules.
"""

from dataclasses import dataclass

from django.db import transaction

from certify.accounts.api import require_role
from certify.accounts.models import Role, User
from certify.applications.models import CASE_RULES, Application
from certify.applications.services import application_eligibility
from certify.applications.workflow import STAFF
from certify.core.errors import DomainError
from certify.core.locking import row_lock
from certify.core.services import audit_record
from certify.core.workflow import relation_check
from certify.notifications.api import notify
from certify.programs.api import setting_label

# Not yet decided: an accepted candidate's plan and deadline were set by its rules, and a
# rejected or withdrawn application is closed.
MOVABLE = (Application.Status.SUBMITTED, Application.Status.MORE_INFO)
REASON_MAX = 2000


@dataclass(frozen=True)
class RuleChange:
    """One rule the move would change: the value the application keeps and the program's now."""

    name: str
    label: str
    old: int
    new: int


def rules_changes(application: Application) -> list[RuleChange]:
    """The case rules whose kept value differs from the program's today, in `CASE_RULES` order
    (none for a draft or an application that keeps no rules: it follows the program already)."""
    if not application.rules:
        return []
    program = application.program
    return [
        RuleChange(name, setting_label(name), application.rule(name), int(getattr(program, name)))
        for name in CASE_RULES
        if application.rule(name) != int(getattr(program, name))
    ]


def rules_move_refusal(application: Application) -> str:
    """Why this application cannot be moved to the current rules ("" when it can), whoever asks."""
    if application.status not in MOVABLE:
        return (
            f"This application is “{application.get_status_display().lower()}”: only an "
            "application waiting for a decision can be moved to the current rules."
        )
    if not rules_changes(application):
        return "This application is already on the program's current rules."
    return ""


def changes_seen_text(changes: list[RuleChange]) -> str:
    """The changes a page showed, as the page sends them back ("name=new,name=new")."""
    return ",".join(f"{c.name}={c.new}" for c in changes)


def changes_seen_parse(text: str) -> dict[str, int] | None:
    """What `changes_seen_text` wrote (None: nothing, or not in that form)."""
    try:
        pairs = [part.split("=", 1) for part in text.split(",") if part]
        return {name: int(value) for name, value in pairs} or None
    except ValueError:
        return None


@transaction.atomic
def application_rules_move(
    *,
    application: Application,
    actor: User,
    reason: str,
    changes_seen: dict[str, int] | None = None,
) -> Application:
    """Move the application to the program's current case rules, for a reason the candidate
    reads; its eligibility is counted again on the same day, under the new rules. With
    `changes_seen` (rule name: new value, as the decider's page showed them), a program whose
    rules changed again since is refused: the case moves only to the rules its decider saw."""
    require_role(actor, Role.PROGRAM_STAFF, to="move an application to the current rules")
    application = row_lock(application, "program", "candidate")
    # A decision about the candidate's case: the same staff as accept (ADR 0022).
    relation_check(STAFF, application, actor=actor)
    refusal = rules_move_refusal(application)
    if refusal:
        raise DomainError(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "Give a reason: it is kept in the record and the candidate reads it.", field="reason"
        )
    if len(reason) > REASON_MAX:
        raise DomainError(f"Keep the reason under {REASON_MAX} characters.", field="reason")
    changes = rules_changes(application)
    if changes_seen is not None and changes_seen != {c.name: c.new for c in changes}:
        raise DomainError(
            "The program's rules changed again after you opened this page: check what changes "
            "now, then move it."
        )
    program = application.program
    application.rules = {name: getattr(program, name) for name in CASE_RULES}
    # The same day as before (the window the application was submitted with), the new rules.
    result = application_eligibility(application=application)
    application.eligible_hours = result.hours_display
    application.window_start, application.window_end = result.window_start, result.window_end
    application.save(
        update_fields=["rules", "eligible_hours", "window_start", "window_end", "updated_at"]
    )
    audit_record(
        actor=actor,
        verb="application.rules_moved",
        target=application,
        reason=reason,
        data={"from": {c.name: c.old for c in changes}, "to": {c.name: c.new for c in changes}},
    )
    notify(
        recipient=application.candidate,
        event="application.rules_moved",
        context={
            "program": program,
            "changes": [f"{c.label}: {c.new:,} (was {c.old:,})" for c in changes],
            "reason": reason,
            "meets": result.meets_hours,
            "summary": result.summary,
        },
        link=application.get_absolute_url(),
    )
    return application
