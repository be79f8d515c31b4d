"""Task workers that say they are alive, and tasks handed back when their worker is gone.

django-tasks-db's `db_worker` marks a task RUNNING when it claims it and nothing ever looks at
it again: a worker killed in the middle of a task (SIGKILL, out of memory, a machine lost)
leaves the task RUNNING for ever, and what it was doing (a completion import, say) never ends.

Certify's `db_worker` (`certify/core/management/commands/db_worker.py`, the library's command
with this added) registers each worker in `core.TaskWorker` and beats every HEARTBEAT_SECONDS
from a thread. `tasks_reclaim` then finds RUNNING tasks whose last worker is gone:

- on the same machine, its process no longer exists (checked at once: a restarted worker hands
  back what the killed one held without waiting);
- on any machine, it has not beaten for GONE_AFTER;
- a worker with no heartbeat row at all (one started before this existed) counts as gone
  UNKNOWN_AFTER after the task started, like the e-mail and event outboxes' STUCK_AFTER.

Such a task goes back to READY and runs again, so **tasks must be safe to run twice** (each of
Certify's tasks claims its work in the database or checks its state first). A task that lost its
worker MAX_RUNS times is marked FAILED instead: it is probably what kills the worker.

Each worker reclaims when it starts and every RECLAIM_EVERY beats; `run_jobs` does too.
"""

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import DatabaseError, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certify.core.models import TaskWorker

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
# Four missed beats: longer than a database restart (the beats fail while it is down).
GONE_AFTER = timedelta(minutes=2)
UNKNOWN_AFTER = timedelta(minutes=15)
MAX_RUNS = 3
RECLAIM_EVERY = 4
FORGET_AFTER = timedelta(days=1)
RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"


def _process_exists(pid: int) -> bool:
    """Whether `pid` is a live process on this machine (a zombie, killed but not yet reaped,
    is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True  # no /proc: trust kill()


def worker_register(*, worker_id: str, now: datetime | None = None) -> TaskWorker:
    now = now or timezone.now()
    worker, _ = TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )
    return worker


def worker_beat(*, worker_id: str, now: datetime | None = None) -> None:
    TaskWorker.objects.filter(worker_id=worker_id).update(seen_at=now or timezone.now())


def worker_forget(*, worker_id: str) -> None:
    """A worker that stops cleanly leaves no row behind."""
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def worker_gone(worker: TaskWorker | None, *, started_at: datetime | None, now: datetime) -> bool:
    """Whether the worker that claimed a task (started at `started_at`) is gone."""
    if worker is None:
        return started_at is None or started_at < now - UNKNOWN_AFTER
    if worker.host == socket.gethostname()[:255] and not _process_exists(worker.pid):
        return True
    return worker.seen_at < now - GONE_AFTER


def tasks_reclaim(*, now: datetime | None = None) -> int:
    """Hand back to the queue every RUNNING task whose worker is gone; returns how many."""
    now = now or timezone.now()
    running = list(
        DBTaskResult.objects.filter(status=RUNNING).only("id", "started_at", "worker_ids")
    )
    ids = {task.worker_ids[-1] for task in running if task.worker_ids}
    workers = {w.worker_id: w for w in TaskWorker.objects.filter(worker_id__in=ids)}
    reclaimed = 0
    for task in running:
        last = task.worker_ids[-1] if task.worker_ids else None
        if not worker_gone(workers.get(last or ""), started_at=task.started_at, now=now):
            continue
        # Only if nobody has claimed it since we looked (a claim sets started_at).
        same = DBTaskResult.objects.filter(pk=task.pk, status=RUNNING, started_at=task.started_at)
        if len(task.worker_ids) >= MAX_RUNS:
            same.update(
                status=FAILED,
                finished_at=now,
                exception_class_path="certify.core.workers.WorkerLost",
                traceback=f"Its worker was lost {len(task.worker_ids)} times while running it "
                "(killed, or the machine lost): not tried again.",
            )
            logger.error("Task %s lost its worker %s times: failed", task.pk, MAX_RUNS)
            continue
        if same.update(status=READY):
            reclaimed += 1
            logger.warning(
                "Task %s was left running by worker %s, which is gone: queued", task.pk, last
            )
    TaskWorker.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
    return reclaimed


class _Beats(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat {worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self) -> None:
        beats = 0
        try:
            while not self.stopping.wait(HEARTBEAT_SECONDS):
                beats += 1
                try:
                    worker_beat(worker_id=self.worker_id)
                    if beats % RECLAIM_EVERY == 0:
                        tasks_reclaim()
                except DatabaseError as error:  # the database restarting: beat again later
                    logger.warning("Worker heartbeat failed: %s", error)
                    connections.close_all()
        finally:
            connections.close_all()


@contextlib.contextmanager
def heartbeat(*, worker_id: str) -> Iterator[None]:
    """Register the worker, reclaim what gone workers left, beat while the block runs."""
    worker_register(worker_id=worker_id)
    reclaimed = tasks_reclaim()
    if reclaimed:
        logger.warning("%s task(s) left running by gone workers queued again", reclaimed)
    beats = _Beats(worker_id)
    beats.start()
    try:
        yield
    finally:
        beats.stopping.set()
        beats.join(timeout=5)
        with contextlib.suppress(DatabaseError):
            worker_forget(worker_id=worker_id)
