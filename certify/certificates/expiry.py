"""The daily job that keeps stored PDFs current at expiry (ADR 0058).

A certificate expires without any event: from the day after `expires_on` (in its program's
zone) its PDF reads "Expired". Each day this job finds the valid certificates that expired since
its last completed run and has their PDFs typeset again in the background, as each move of a
certificate does (`handlers.certificate_pdf_render`), so the first download after an expiry is
served from storage. It reads only the day's expiries, by the index on status and expiry day
(ADR 0060), and does nothing when documents are not stored. (A lapse, the end of the grace
period, is the renewals' `certificate.lapsed` event, and renders the same way.)
"""

from datetime import date, timedelta

from django.db.models import Q

from certify.certificates.documents import certificate_pdf_render_later
from certify.certificates.models import Certificate
from certify.core.documents import stored
from certify.notifications.api import daily_job, last_completed_day
from certify.programs.api import program_day_shift, program_zone
from certify.programs.models import Program

JOB = "certificates.expired_documents"
# A scheduler away for longer renders only the last month's expiries again (the others are
# typeset at their next download, as before). A first run renders only the day's.
CATCH_UP_DAYS = 31


def expired_since(*, today: date, since: date | None = None) -> list[int]:
    """The ids of the valid certificates that expired on a day from `since` to `today` (the
    site's days), each program's judged on its own day now (ADR 0036): those whose `expires_on`
    is the day before. `since` defaults to the day after the job's last completed run."""
    if since is None:
        last = last_completed_day(job=JOB, before=today)
        since = last + timedelta(days=1) if last else today
    since = max(min(since, today), today - timedelta(days=CATCH_UP_DAYS))
    expired = Q()
    for program in Program.objects.only("pk", "time_zone"):
        shift = program_day_shift(program)
        # In another zone the distance depends on the hour the job runs: a day earlier, so none
        # is left out between two runs (one typeset twice keeps one file).
        other_zone = bool(shift) or program_zone(program) != program_zone("")
        p_since = since + shift - timedelta(days=1 if other_zone else 0)
        p_today = today + shift
        expired |= Q(
            program=program,
            expires_on__range=(p_since - timedelta(days=1), p_today - timedelta(days=1)),
        )
    if not expired:
        return []
    return list(
        Certificate.objects.filter(expired, status=Certificate.Status.VALID)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def expired_documents_render(*, today: date) -> int:
    """Have the PDF of each certificate that expired since the last run typeset again, after
    commit (a task each). The number queued; none when documents are not stored."""
    if not stored():
        return 0
    ids = expired_since(today=today)
    for pk in ids:
        certificate_pdf_render_later(pk)
    return len(ids)


@daily_job(JOB)
def expired_documents(today: date) -> str:
    return f"{expired_documents_render(today=today)} expired certificate PDF(s) to typeset again"
