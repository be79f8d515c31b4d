"""A renewal in staff's hands (applied for and paid in time, its evidence being checked) does not
stop the lapse: the certificate lapses at the end of its last day to renew, in the program's
zone, as every other one does, and it does so with its event (`certificate.lapsed`), the
holder's lapse notice (saying that staff still decide the renewal, not to ask for a
reinstatement) and its PDF typeset again reading "Lapsed". Before, every surface said "Lapsed"
with no event, no notice and the stored PDF still reading "Expired" (ADR 0014). Staff still
approve the renewal afterwards. The daily job reads each due certificate's renewal by the index
on (certificate, status), not the whole renewals table (ADR 0060)."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certify.certificates import dates
from certify.certificates.models import Certificate
from certify.core.models import Event
from certify.loaddata.plans import tables_read_whole
from certify.notifications.models import Notification
from certify.renewals.lifecycle import Phase
from certify.renewals.models import Renewal
from certify.renewals.selectors import certificate_lifecycle
from certify.renewals.services import reminders_send, renewal_decide, renewal_sync
from tests.certificates.test_stored_pdf import _download, _text
from tests.conftest import stored_pdfs
from tests.renewals.conftest import certificate_per_module
from tests.renewals.steps import pay
from tests.renewals.test_lapsed_renewal_fee import SECOND
from tests.renewals.test_stopped_certificates import _submitted

program, today, certificate = certificate_per_module()
# A program ahead of the site (Chicago) and one behind it: the lapse turns at their midnights.
ZONES = ["Pacific/Auckland", "Pacific/Honolulu"]


@pytest.fixture(params=ZONES)
def with_staff(request, certificate, today, staff_user):
    """The certificate in the program's zone, its renewal applied for and paid today (in the
    window) and chosen for an evidence check; the last second of its last day to renew."""
    program = certificate.program
    program.time_zone = request.param
    program.save(update_fields=["time_zone"])
    renewal = _submitted(certificate, today, audited=True)
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=renewal)
    assert renewal.status == Renewal.Status.IN_AUDIT
    cycle = certificate_lifecycle(certificate=certificate)
    return renewal, dates.valid_until(cycle.grace_ends_on, program), cycle.lapses_on


def _daily_run() -> tuple[int, int]:
    """The scheduler's run of the renewal reminders now, on the site's day."""
    return reminders_send(today=timezone.localdate())


def _lapses(certificate) -> list:
    return list(Event.objects.filter(name="certificate.lapsed", payload__number=certificate.number))


def _notices(certificate) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=certificate.holder, event="certificate.lapsed")
    )


def _label(client, certificate) -> str:
    return client.get(f"/api/v1/certificates/{certificate.number}").json()["status_label"]


def test_on_its_last_day_to_renew_it_is_expired_and_nothing_lapses(client, certificate, with_staff):
    _, last_second, _ = with_staff
    with time_machine.travel(last_second, tick=False):
        assert _daily_run() == (0, 0)
        certificate.refresh_from_db()
        assert certificate_lifecycle(certificate=certificate).phase == Phase.GRACE
        assert _label(client, certificate) == "Expired"
    assert _lapses(certificate) == []
    assert _notices(certificate) == []


def test_the_next_second_it_lapses_with_its_event_its_notice_and_its_pdf(
    client,
    certificate,
    with_staff,
    stored_documents,
    django_capture_on_commit_callbacks,
    request,
):
    renewal, last_second, lapses_on = with_staff
    with time_machine.travel(last_second + SECOND, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert _daily_run() == (0, 1)
        assert _daily_run() == (0, 0)  # once
        certificate.refresh_from_db()
        assert certificate_lifecycle(certificate=certificate).phase == Phase.LAPSED
        assert _label(client, certificate) == "Lapsed"
        page = client.get(reverse("certificates:verify", args=[certificate.number])).text
        assert '<span class="tag tag--warn">Lapsed</span>' in page
        [event] = _lapses(certificate)
        assert event.payload["lapses_on"] == lapses_on.isoformat()
        [notice] = _notices(certificate)
        assert notice.dedupe_key == f"renewal:{certificate.pk}:lapsed:{lapses_on}"
        assert "Your renewal is still open: program staff decide it" in notice.body
        assert "reinstated" not in notice.body
        # The holder's renewal page says the same, not to ask staff to reopen renewal.
        client.force_login(certificate.holder)
        home = client.get(reverse("renewals:home")).text
        assert 'id="renewal-lapsed-with-staff"' in home
        assert "Program staff may reopen renewal for you" not in home
        # The stored PDF was typeset again by the event's handler, and reads "Lapsed".
        [stored] = stored_pdfs(stored_documents, "certificates", certificate.pk)
        request.getfixturevalue("no_typesetting")
        content = _download(client, certificate)
        assert content == stored.read_bytes()
        assert "Lapsed." in _text(content)
    assert renewal.status == Renewal.Status.IN_AUDIT  # the lapse changes nothing of it


def test_staff_still_approve_the_renewal_after_the_lapse(certificate, with_staff, staff_user):
    renewal, last_second, _ = with_staff
    with time_machine.travel(last_second + SECOND, tick=False):
        assert _daily_run() == (0, 1)
        renewal = renewal_decide(renewal=renewal, actor=staff_user, action="approve")
    assert renewal.status == Renewal.Status.APPROVED
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
    assert renewal.new_certificate.expires_on > certificate.expires_on


def test_a_renewal_sent_back_for_evidence_lapses_too_and_the_notice_says_what_to_send(
    client, certificate, with_staff, staff_user
):
    renewal, last_second, _ = with_staff
    renewal_decide(
        renewal=renewal, actor=staff_user, action="more_evidence", reason="Attach the agenda."
    )
    with time_machine.travel(last_second + SECOND, tick=False):
        assert _daily_run() == (0, 1)
        client.force_login(certificate.holder)
        home = client.get(reverse("renewals:home")).text
    [notice] = _notices(certificate)
    assert "once you send them the evidence they asked for" in notice.body
    assert "once you send them the evidence they asked for below" in home
    assert len(_lapses(certificate)) == 1


def test_without_a_renewal_the_lapse_notice_says_to_ask_for_a_reinstatement(
    certificate, program, today
):
    cycle = certificate_lifecycle(certificate=certificate)
    with time_machine.travel(dates.valid_until(cycle.grace_ends_on, program) + SECOND, tick=False):
        assert _daily_run() == (0, 1)
    [notice] = _notices(certificate)
    assert "It can no longer be renewed unless program staff reinstate it" in notice.body
    assert "still open" not in notice.body


# --- Read by index -------------------------------------------------------------------------


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}" if POSTGRES else f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


POSTGRES = connection.vendor == "postgresql"


def test_the_daily_run_reads_the_renewals_tables_by_index(certificate, with_staff):
    """Each due certificate's live renewal is found by the partial unique index on its
    certificate (a `NOT IN` over every renewal with staff read the whole table each day), and
    the reinstatements ending in the days covered by the index on their last day to renew: no
    renewals table and no certificate is read whole (`make bench-sweeps`' check, ADR 0060)."""
    _, last_second, _ = with_staff
    with (
        time_machine.travel(last_second + SECOND, tick=False),
        CaptureQueriesContext(connection) as run,
    ):
        assert _daily_run() == (0, 1)
    if POSTGRES:  # a handful of rows: without this the planner rightly reads them whole
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    queries = [q["sql"] for q in run.captured_queries]
    whole = set().union(*(tables_read_whole(sql) for sql in queries))
    assert not {t for t in whole if t.startswith(("renewals_", "certificates_"))}, whole
    # The first: each due certificate's renewal (the lapse notice then reads the one it names).
    due = next(sql for sql in queries if '"renewals_renewal"' in sql)
    assert '"certificate_id" = ("certificates_certificate"."id")' in due  # each certificate's own
    plan = _plan(due)
    assert "one_live_renewal_per_certificate" in plan, plan
    assert "reinstatement_renew_by" in plan, plan
