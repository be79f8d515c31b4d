"""The application workflow: which status may follow which, and who may make the move."""

from certify.applications.models import Application

S = Application.Status
CANDIDATE = "candidate"
STAFF = "staff"
APPEAL = "appeal"  # an appeal reviewer sends a rejection back for a new decision

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): CANDIDATE,
    (S.MORE_INFO, S.SUBMITTED): CANDIDATE,
    (S.DRAFT, S.WITHDRAWN): CANDIDATE,
    (S.MORE_INFO, S.WITHDRAWN): CANDIDATE,
    (S.SUBMITTED, S.WITHDRAWN): CANDIDATE,
    (S.SUBMITTED, S.ACCEPTED): STAFF,
    (S.SUBMITTED, S.MORE_INFO): STAFF,
    (S.SUBMITTED, S.REJECTED): STAFF,
    (S.REJECTED, S.SUBMITTED): APPEAL,
}
REASON_REQUIRED = {S.MORE_INFO, S.REJECTED}


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
