"""The renewal workflow: which status may follow which, and who may make the move."""

from certify.renewals.models import Renewal

S = Renewal.Status
HOLDER = "holder"
STAFF = "staff"
SYSTEM = "system"  # the fee was settled: on to the evidence check, or approved

TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (S.SUBMITTED, S.IN_AUDIT): {SYSTEM},
    (S.SUBMITTED, S.APPROVED): {SYSTEM},
    (S.IN_AUDIT, S.APPROVED): {STAFF},
    (S.IN_AUDIT, S.MORE_EVIDENCE): {STAFF},
    (S.IN_AUDIT, S.REFUSED): {STAFF},
    (S.MORE_EVIDENCE, S.IN_AUDIT): {HOLDER},
    (S.MORE_EVIDENCE, S.REFUSED): {STAFF},
}
# Staff explain these to the holder.
REASON_REQUIRED = {
    (S.IN_AUDIT, S.MORE_EVIDENCE),
    (S.IN_AUDIT, S.REFUSED),
    (S.MORE_EVIDENCE, S.REFUSED),
}
# Staff decisions by name (forms and the API) and the status each leads to.
ACTIONS: dict[str, str] = {
    "approve": S.APPROVED,
    "more_evidence": S.MORE_EVIDENCE,
    "refuse": S.REFUSED,
}
ACTION_LABELS = {
    "approve": "Approve: the evidence supports the hours",
    "more_evidence": "Ask for more evidence",
    "refuse": "Refuse the renewal",
}


def actions_for(status: str) -> list[str]:
    """The staff decisions offered for a renewal in `status`."""
    return [name for name, to in ACTIONS.items() if STAFF in TRANSITIONS.get((status, to), set())]
