"""Work the task worker tries again with backoff: an event's delivery to a subscriber
(core.events), a card refund sent to Stripe (payments), a webhook message (webhooks).

Each such row has a pending status, `attempts`, `next_attempt_at` and `claimed_at`. One worker at a
time claims a due row (an UPDATE that matches only an unclaimed, due, pending row); a claim older
than the caller's `stuck_after` was left by a worker that died and may be taken again. The next try
is enqueued for its time where the task backend can defer; otherwise the caller's scheduled job
picks it up when it is due. Each caller keeps its own waits (its `BACKOFF`): what is worth waiting
for differs (Stripe keeps an idempotency key for a day).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Model, Q


def claimable(pending: str, now: datetime, *, stuck_after: timedelta) -> Q:
    """Rows in `pending` status that are due and not being tried elsewhere."""
    return Q(status=pending, next_attempt_at__lte=now) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - stuck_after)
    )


def claim(
    model: type[Model], pk: int, *, pending: str, now: datetime, stuck_after: timedelta
) -> bool:
    """Claim one row for a try (counting it); False when it is done, not due, or claimed."""
    claimed = model._default_manager.filter(
        claimable(pending, now, stuck_after=stuck_after), pk=pk
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def enqueue(task: Any, ids: Iterable[int], run_after: datetime | None = None) -> None:
    """Enqueue `task(id)` for each id, now or at `run_after`; a backend that cannot defer gets
    nothing for later (the scheduled job runs it when it is due)."""
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    for pk in ids:
        task.enqueue(pk)
