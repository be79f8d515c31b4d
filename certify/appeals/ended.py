"""An open appeal ends when its appellant's account is closed or deactivated (ADR 0006).

Nobody can follow such an appeal (its appellant cannot sign in), and a portfolio's verdict can
no longer be sent back (ADR 0007: nobody would be assigned), so it used to wait in staff's list
until someone upheld it. Now Certify's `end` move takes it out, with its reason in the
appeal's outcome, the move's audit row (`appeal.ended`) and its event; nothing is sent to the
appellant (the closed account's address is a placeholder; a deactivated one is not written to).

- The closure (`accounts.privacy.account_close`): `appellant_appeals_lock` is registered with
  `accounts.api.person_lock` before any other app's (appeals is installed before portfolios), so
  the appellant's open appeals are locked first, as `services.appeal_decide` takes its appeal
  before the send-back takes the version; the privacy part's eraser ends them afterwards, in the
  closure's transaction.
- A deactivation (`account.deactivated`, delivered after it commits): `deactivated_appeals_end`
  locks the open appeals, reads the account, and ends them in its own transaction, as portfolios'
  handler does for reviews; nothing when the account is active again or nothing is open.

Opening the account again does not reopen an ended appeal: it stays as history, and the
decision it appealed stands; the administrator who opens it is told so (`ended_appeals_words`).
"""

from django.db import transaction
from django.utils import timezone

from certify.accounts.api import ACCOUNT_DEACTIVATED, person_lock, reopened_words
from certify.accounts.models import User
from certify.appeals.models import Appeal
from certify.core.events import subscriber
from certify.core.workflow import SYSTEM, transition

OPEN = (Appeal.Status.NOTICE_GIVEN, Appeal.Status.GROUNDS_SUBMITTED)
CLOSED = (
    "The appellant closed their account, so this appeal ended: nobody can follow it, and the "
    "decision stands as it was made."
)
DEACTIVATED = (
    "An administrator deactivated the appellant's account, so this appeal ended: nobody can "
    "follow it, and the decision stands as it was made."
)


def _open_appeals_lock(user_id: int) -> list[Appeal]:
    """The person's open appeals, read and locked by id."""
    return list(
        Appeal.objects.select_for_update()
        .filter(appellant_id=user_id, status__in=OPEN)
        .order_by("pk")
    )


@person_lock
def appellant_appeals_lock(user_id: int) -> None:
    """The person's open appeals, locked by id (first of a closure's locks)."""
    _open_appeals_lock(user_id)


@transaction.atomic
def appellant_appeals_end(*, appellant_id: int, reason: str) -> list[Appeal]:
    """End the appellant's open appeals with `reason` (Certify's move, audited, no e-mail).
    Called under the closure's locks, or by the deactivation's handler."""
    appeals = _open_appeals_lock(appellant_id)
    now = timezone.now()
    for appeal in appeals:
        appeal.outcome_reason = reason
        appeal.outcome_at = now
        transition(appeal, "end", actor=SYSTEM, reason=reason)
    return appeals


@transaction.atomic
def deactivated_appeals_end(*, appellant_id: int) -> list[Appeal]:
    """The deactivated person's open appeals end (after the appeals' locks, the account is read:
    nothing when it is active again by the time the event is delivered)."""
    appellant_appeals_lock(appellant_id)
    if User.objects.filter(pk=appellant_id, is_active=True).exists():
        return []
    return appellant_appeals_end(appellant_id=appellant_id, reason=DEACTIVATED)


@subscriber(ACCOUNT_DEACTIVATED)
def appeals_of_a_deactivated_account(*, user_id: int, **_: object) -> None:
    """An administrator deactivated the account: its open appeals end (`DEACTIVATED`)."""
    deactivated_appeals_end(appellant_id=user_id)


@reopened_words
def ended_appeals_words(user: User) -> list[str]:
    """For the administrator who opens the account again: its ended appeals stay ended."""
    count = Appeal.objects.filter(appellant=user, status=Appeal.Status.ENDED).count()
    if not count:
        return []
    which = "1 appeal by this person" if count == 1 else f"{count} appeals by this person"
    return [
        f"Not reopened: {which} ended when the account was closed or deactivated, and "
        f"{'it stays' if count == 1 else 'they stay'} ended. An ended appeal cannot be "
        "reopened, and the decision appealed stands: a decision is appealed once, so the person "
        "cannot appeal it again. A later decision (an application decided again) can be "
        "appealed within its own time to appeal."
    ]
