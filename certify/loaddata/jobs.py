"""The bulk jobs the benchmark times on a database of load data (`manage.py bench_jobs`).

Each job runs through the same service the application uses. Preparing a job's input (e.g.
completing 1,000 plans, writing a CSV) is not timed. The jobs change the database, so each run
takes fresh candidates: a load-data database serves many runs.
"""

import csv
import io
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Exists, OuterRef
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certify.applications.models import Application
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.services import certificate_create_for_plan, status_lists_regenerate
from certify.core.models import EventDelivery
from certify.courses.models import Course, CourseCompletion, ProviderMembership
from certify.courses.services.imports import (
    completion_import_apply,
    completion_import_check,
    completion_import_confirm,
    completion_import_start,
)
from certify.loaddata.generator import EMAIL_DOMAIN
from certify.notifications.models import JobRun, OutgoingEmail
from certify.notifications.scheduler import DAILY_JOBS, jobs_run
from certify.progress.models import PlannedSet

# Issuing and signing, per core (ADR 0057): the issuing row's target is this rate, for every
# credential signed (a certificate's own and its sets').
CREDENTIALS_PER_SECOND = 100.0


@dataclass
class Timing:
    name: str
    seconds: float
    detail: str
    target_seconds: float | None = None


def _timed(name: str, func: Callable[[], str], target: float | None = None) -> Timing:
    started = time.perf_counter()
    detail = func()
    return Timing(name, time.perf_counter() - started, detail, target)


def daily_sweep() -> str:
    # The bench runs the daily jobs again on the same day: forget that they ran. And it times an
    # ordinary day: each daily job ran to the end yesterday (a job covers the days since).
    today = timezone.localdate()
    JobRun.objects.filter(day=today).delete()
    for job in DAILY_JOBS:
        JobRun.objects.get_or_create(
            job=job, day=today - timedelta(days=1), defaults={"finished_at": timezone.now()}
        )
    outcomes = jobs_run()
    return "; ".join(f"{o.job}: {'FAILED ' if o.failed else ''}{o.result}"[:120] for o in outcomes)


def _without_certificate(count: int) -> list[Application]:
    has_certificate = Certificate.objects.filter(application=OuterRef("pk"))
    return list(
        Application.objects.filter(
            status=Application.Status.ACCEPTED,
            candidate__email__endswith="@" + EMAIL_DOMAIN,
        )
        .exclude(Exists(has_certificate))
        .order_by("?")[:count]
    )


def _database_cpu_seconds() -> float | None:
    """CPU seconds the PostgreSQL server process of this connection has used, when the server
    runs on this machine (as in `make bench`); else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def issue_credentials(count: int, *, signed_out: list[int] | None = None) -> Callable[[], str]:
    """Issue `count` certificates with their set credentials, through the service; the number
    of credentials signed goes to `signed_out` too, when given."""
    applications = _without_certificate(count)
    # Complete their plans (not timed): what the last confirmed set does for real.
    PlannedSet.objects.filter(application__in=applications).update(
        status=PlannedSet.Status.SATISFIED, satisfied_at=timezone.now()
    )

    def run() -> str:
        issued = 0
        sets_before = SetCredential.objects.count()
        queries = [0]

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries[0] += 1
            return execute(sql, params, many, context)

        database_before = _database_cpu_seconds()
        started, cpu_started = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(count):
            for application in applications:
                certificate = certificate_create_for_plan(application=application)
                issued += certificate.credential is not None
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        database_after = _database_cpu_seconds()
        sets = SetCredential.objects.count() - sets_before
        signed = issued + sets
        if signed_out is not None:
            signed_out.append(signed)
        per = 1000 / max(len(applications), 1)
        # CPU time moves less than the wall clock on a shared machine: the per-core figure.
        if database_before is not None and database_after is not None:
            database = database_after - database_before
            cpu_detail = (
                f"CPU {cpu * per:.1f} ms app + {database * per:.1f} ms PostgreSQL per "
                f"certificate: {signed / (cpu + database):.0f} signed per CPU second"
            )
        else:
            cpu_detail = f"CPU {cpu * per:.1f} ms app per certificate"
        return (
            f"{issued} certificates, {sets} set credentials: {issued / seconds:.1f} "
            f"certificates/s, {signed / seconds:.1f} signed credentials/s (target "
            f"{CREDENTIALS_PER_SECOND:.0f}/s per core); {queries[0] * per / 1000:.1f} queries per "
            f"certificate; {cpu_detail}"
        )

    return run


def completion_import(rows: int) -> Callable[[], str]:
    course = (
        Course.objects.filter(
            status=Course.Status.APPROVED, approval_expires_on__gte=timezone.localdate()
        )
        .select_related("provider", "competency_set")
        .order_by("?")
        .first()
    )
    if course is None:
        raise RuntimeError("No approved course: generate load data first.")
    member = ProviderMembership.objects.filter(provider=course.provider).first()
    if member is None:
        raise RuntimeError(f"{course.provider} has no staff to upload the CSV.")
    actor = member.user
    completed = CourseCompletion.objects.filter(course=course, application=OuterRef("pk"))
    applications = (
        Application.objects.filter(
            status=Application.Status.ACCEPTED,
            planned_sets__competency_set=course.competency_set,
            candidate__email__endswith="@" + EMAIL_DOMAIN,
        )
        .exclude(Exists(completed))
        .select_related("candidate")
        .order_by("?")[:rows]
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "full_name", "completed_on", "reference"])
    on = timezone.localdate() - timedelta(days=7)
    for n, application in enumerate(applications):
        candidate = application.candidate
        writer.writerow([candidate.email, candidate.full_name, on.isoformat(), f"R{n}"])
    data = buffer.getvalue().encode()

    def run() -> str:
        upload = SimpleUploadedFile("completions.csv", data, content_type="text/csv")
        imp = completion_import_start(
            provider=course.provider, course=course, actor=actor, upload=upload
        )
        imp = completion_import_check(import_id=imp.pk)
        completion_import_confirm(imp=imp, actor=actor, keep_unmatched=True)
        imp = completion_import_apply(import_id=imp.pk)
        return (
            f"{imp.total_rows} rows: {imp.created_count} recorded, {imp.duplicate_count} "
            f"duplicate, {imp.unmatched_count} unmatched, {imp.error_count} refused"
        )

    return run


# The jobs by the key `--only` names them with (`manage.py bench_jobs`, `bench/run.py`).
JOBS = ("sweep", "status-lists", "issuing", "import")


def undelivered_drop(since: datetime) -> str:
    """Drop the undelivered work queued since `since`: background tasks not started, e-mails
    waiting to be sent, event deliveries pending.

    The bench runs no task worker, so what its jobs queue (an issued certificate's e-mail, its
    events' deliveries, its PDF) would wait for the next run's daily sweep, which then timed a
    day of retrying them (13.7 s for 3,064 deliveries one run left for the next) instead of an
    ordinary day. In production the worker sends them within seconds of the commit."""
    tasks = DBTaskResult.objects.filter(status=TaskResultStatus.READY, enqueued_at__gte=since)
    emails = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, created_at__gte=since)
    deliveries = EventDelivery.objects.filter(
        status=EventDelivery.Status.PENDING, event__created_at__gte=since
    )
    counts = [query.delete()[0] for query in (tasks, emails, deliveries)]
    return "{} tasks, {} e-mails, {} event deliveries left by the jobs dropped".format(*counts)


def bench_jobs(
    *, credentials: int = 1000, csv_rows: int = 1000, only: tuple[str, ...] = JOBS
) -> list[Timing]:
    """Time the jobs named in `only` (keys of `JOBS`), in that table's order; then drop what
    they queued for a worker (`undelivered_drop`)."""
    started = timezone.now()
    timings = []
    if "sweep" in only:
        timings.append(_timed("daily sweep (run_jobs)", daily_sweep, target=60.0))
    if "status-lists" in only:
        timings.append(
            _timed("status-list regeneration", lambda: f"{status_lists_regenerate()} lists signed")
        )
    if "issuing" in only:
        # Each certificate signs its own credential and its sets' (seven for LSSCP): the target
        # is for every credential signed.
        signed: list[int] = []
        issuing = _timed(
            f"{credentials:,} certificates issued, their credentials signed",
            issue_credentials(credentials, signed_out=signed),
        )
        issuing.target_seconds = sum(signed) / CREDENTIALS_PER_SECOND
        timings.append(issuing)
    if "import" in only:
        timings.append(
            _timed(f"completion CSV import ({csv_rows:,} rows)", completion_import(csv_rows))
        )
    undelivered_drop(started)
    return timings
