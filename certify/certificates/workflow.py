"""The certificate workflow: which status may follow which, and who may make the move."""

from certify.certificates.models import Certificate

S = Certificate.Status
STAFF = "staff"
SYSTEM = "system"  # issuance without approval; a renewal (a later issue) replacing it

TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (S.PENDING, S.VALID): {STAFF, SYSTEM},  # staff approve when the program requires it
    (S.VALID, S.SUSPENDED): {STAFF},
    (S.SUSPENDED, S.VALID): {STAFF},  # reinstate
    (S.VALID, S.REVOKED): {STAFF},
    (S.SUSPENDED, S.REVOKED): {STAFF},
    (S.VALID, S.REPLACED): {SYSTEM},
}
# Every staff decision about an issued certificate is explained (the holder reads it).
REASON_REQUIRED = {
    (S.VALID, S.SUSPENDED),
    (S.SUSPENDED, S.VALID),
    (S.VALID, S.REVOKED),
    (S.SUSPENDED, S.REVOKED),
}
# The staff actions, by name (forms and the API), and the status each leads to.
ACTIONS: dict[str, str] = {
    "approve": S.VALID,
    "suspend": S.SUSPENDED,
    "reinstate": S.VALID,
    "revoke": S.REVOKED,
}


def actions_for(status: str) -> list[str]:
    """The staff actions offered for a certificate in `status`."""
    if status == S.PENDING:
        return ["approve"]
    return [
        name
        for name, to in ACTIONS.items()
        if name != "approve" and STAFF in TRANSITIONS.get((status, to), set())
    ]
