"""A task left RUNNING by a worker that died runs again, once (certify/core/workers.py).

django-tasks-db alone never looks at a RUNNING task again: without the heartbeat and the reclaim,
every test below that expects READY or a sent e-mail fails (the task stays RUNNING).
`bench/drills.py --drill worker` does the same with a real worker process killed with SIGKILL in
the middle of a completion import, on PostgreSQL.
"""

import socket
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command, get_commands
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certify.core import workers
from certify.core.models import TaskWorker
from certify.notifications.api import email_queue
from certify.notifications.jobs import reclaim_tasks
from certify.notifications.models import OutgoingEmail

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def dead_pid() -> int:
    """The id of a process that has ended and been reaped."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def worker(worker_id: str, *, pid: int, host: str | None = None, seen_ago=timedelta()):
    now = timezone.now()
    return TaskWorker.objects.create(
        worker_id=worker_id,
        host=host or socket.gethostname(),
        pid=pid,
        started_at=now - timedelta(hours=1),
        seen_at=now - seen_ago,
    )


def running_task(*worker_ids: str, started_ago=timedelta(minutes=1)) -> DBTaskResult:
    """A task a worker claimed (what `db_worker` writes when it takes one)."""
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [0], "kwargs": {}},
        task_path="certify.notifications.tasks.deliver_email",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - started_ago,
        worker_ids=list(worker_ids),
    )


def status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_db_worker_is_certifys_command_with_the_heartbeat():
    assert get_commands()["db_worker"] == "certify.core"


def test_a_task_whose_worker_process_is_gone_is_queued_again_at_once(db):
    worker("killed", pid=dead_pid())  # its last beat is recent: only the process says it died
    task = running_task("killed")
    assert workers.tasks_reclaim() == 1
    assert status(task) == "READY"


def test_a_task_of_a_live_worker_is_left_alone(db):
    worker("alive", pid=workers.os.getpid())
    task = running_task("alive", started_ago=timedelta(hours=3))  # a long task, still running
    assert workers.tasks_reclaim() == 0
    assert status(task) == "RUNNING"


def test_a_worker_on_another_machine_is_gone_when_it_stops_beating(db):
    worker("quiet", pid=1, host="other-host", seen_ago=workers.GONE_AFTER + timedelta(seconds=1))
    worker("beating", pid=1, host="other-host", seen_ago=workers.GONE_AFTER - timedelta(seconds=5))
    lost, fine = running_task("quiet"), running_task("beating")
    assert workers.tasks_reclaim() == 1
    assert (status(lost), status(fine)) == ("READY", "RUNNING")


def test_a_worker_without_a_heartbeat_counts_as_gone_only_after_a_long_while(db):
    recent = running_task("old-style", started_ago=workers.UNKNOWN_AFTER - timedelta(minutes=1))
    old = running_task("old-style", started_ago=workers.UNKNOWN_AFTER + timedelta(minutes=1))
    assert workers.tasks_reclaim() == 1
    assert (status(recent), status(old)) == ("RUNNING", "READY")


def test_a_task_that_lost_its_worker_too_often_fails_instead_of_running_again(db):
    pid = dead_pid()
    worker("third", pid=pid)
    task = running_task(*[f"w{i}" for i in range(workers.MAX_RUNS - 1)], "third")
    assert workers.tasks_reclaim() == 0
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path == "certify.core.workers.WorkerLost"
    assert task.finished_at is not None


def test_the_scheduled_job_reclaims_too(db):
    worker("killed", pid=dead_pid())
    task = running_task("killed")
    assert reclaim_tasks(timezone.now()) == "1 task(s) left by a lost worker queued again"
    assert status(task) == "READY"


def test_gone_workers_rows_are_forgotten_after_a_day(db):
    worker("long-gone", pid=1, host="other-host", seen_ago=timedelta(days=2))
    workers.tasks_reclaim()
    assert not TaskWorker.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_new_worker_runs_the_killed_workers_task_once():
    """The worker killed after claiming an e-mail's task: the next worker to start sends it, and
    a second run sends nothing more."""
    with override_settings(TASKS=DB_TASKS):
        email = email_queue(to="a@example.org", subject="Hi", text="Hello")
        task = DBTaskResult.objects.get()
        worker("killed", pid=dead_pid())
        DBTaskResult.objects.filter(pk=task.pk).update(
            status="RUNNING", started_at=timezone.now(), worker_ids=["killed"]
        )
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2  # the killed worker, then the one that ran it
    # The workers that stopped cleanly left no row; the killed one's is still there.
    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["killed"]
