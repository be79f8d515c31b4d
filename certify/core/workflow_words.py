"""What the workflow engine says when a move cannot start from a subject's status (ADR 0018).

A person meets this refusal when they send a form from a page that was out of date: a second tab
left open, the back button, a colleague who decided first. "An application that is “Withdrawn”
cannot become “Withdrawn”" told them nothing they could act on; these words say where the
subject is now, in its status's label, and that the page was behind. Pages show `message`; the
API's problem document carries `detail` (the same words without the page) and the machine code
(`code`, `current_status`, `move`), so a client can tell this refusal from any other.
"""

from typing import Any

from certify.core.errors import DomainError

CODE = "status_changed"
OUT_OF_DATE = "the page you used was out of date"


class StatusMovedOnError(DomainError):
    """A move refused because the subject's status no longer allows it (or never did)."""

    def __init__(self, detail: str, *, current_status: str, move: str) -> None:
        super().__init__(f"{detail[:-1]}: {OUT_OF_DATE}.")
        self.detail = detail
        self.code = CODE
        self.status_now = current_status
        self.move = move

    @property
    def problem_extra(self) -> dict[str, Any]:
        """What the API's problem document adds to `detail`: the machine's words."""
        return {"code": self.code, "current_status": self.status_now, "move": self.move}


def moved_on(
    *, noun: str, now: str, targets: list[str], current_status: str, move: str
) -> StatusMovedOnError:
    """The refusal for a `noun` whose status is labelled `now`, for a move leading to one of
    `targets` (labels): "already" when the move leads where the subject is."""
    if targets == [now]:
        detail = f"This {noun} is already “{now}”."
    elif len(targets) == 1:
        detail = f"This {noun} is “{now}” now, so it cannot become “{targets[0]}”."
    else:
        detail = f"This {noun} is “{now}” now, so it cannot be changed this way."
    return StatusMovedOnError(detail, current_status=current_status, move=move)
