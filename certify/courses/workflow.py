"""The course workflow: which status may follow which, and who may make the move."""

from certify.courses.models import Course

S = Course.Status
PROVIDER = "provider"
STAFF = "staff"

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): PROVIDER,
    (S.RETURNED, S.SUBMITTED): PROVIDER,
    (S.APPROVED, S.SUBMITTED): PROVIDER,  # a renewal: the next approval period
    (S.DRAFT, S.WITHDRAWN): PROVIDER,
    (S.RETURNED, S.WITHDRAWN): PROVIDER,
    (S.SUBMITTED, S.APPROVED): STAFF,
    (S.SUBMITTED, S.RETURNED): STAFF,
}
REASON_REQUIRED = {S.RETURNED}


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
