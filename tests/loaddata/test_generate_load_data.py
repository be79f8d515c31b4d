"""generate_load_data: realistic shares at small N, on SQLite and PostgreSQL (COPY)."""

import pstats
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.models import Application
from certify.certificates.credentials import statuslist
from certify.certificates.models import Certificate, StatusList
from certify.core.codes import ALPHABET
from certify.courses.models import Course
from certify.courses.selectors import catalogue
from certify.loaddata.bench import WSGIClient, bench_pages, client_for, query_counts, time_pages
from certify.loaddata.generator import EMAIL_DOMAIN
from certify.payments.models import Invoice
from certify.portfolios.models import EvidenceItem, Portfolio, ReviewAssignment
from certify.progress.models import PlannedSet
from certify.renewals.models import Renewal

N = 50


def _generate(n: int = N) -> None:
    call_command("generate_load_data", candidates=n, no_progress=True, stdout=None)


@pytest.mark.django_db
def test_generates_the_promised_shares_of_realistic_data(lsscp):
    _generate()
    candidates = User.objects.filter(
        email__startswith="candidate", email__endswith=EMAIL_DOMAIN
    ).count()
    assert candidates == N
    assert Application.objects.count() == N
    statuses = set(Application.objects.values_list("status", flat=True))
    assert Application.Status.ACCEPTED in statuses
    accepted = Application.objects.filter(status=Application.Status.ACCEPTED).count()
    # Six sets per enrolled candidate: about 6N in all.
    assert PlannedSet.objects.count() == 6 * accepted
    assert 5 * N <= PlannedSet.objects.count() <= 6 * N
    # About ten evidence items per candidate, N/5 certificates, N/20 courses.
    assert 8 * N <= EvidenceItem.objects.count() <= 12 * N
    assert Certificate.objects.count() == N // 5
    assert Course.objects.count() == max(10, N // 20)
    assert {r for (r,) in PlannedSet.objects.values_list("route").distinct()} >= {
        PlannedSet.Route.COURSE,
        PlannedSet.Route.PORTFOLIO,
    }
    assert Portfolio.objects.exclude(status=Portfolio.Status.DRAFT).exists()
    assert ReviewAssignment.objects.filter(status="assigned").exists()


@pytest.mark.django_db
def test_certificates_have_unique_status_list_entries_that_match_their_status(lsscp):
    _generate()
    entries = list(Certificate.objects.values_list("status_list_series", "status_list_index"))
    assert len(set(entries)) == len(entries) == N // 5
    revocation = StatusList.objects.get(purpose=StatusList.Purpose.REVOCATION)
    for certificate in Certificate.objects.all():
        bit = statuslist.bit_get(bytes(revocation.bits), certificate.status_list_index)
        assert bit == (certificate.status in ("revoked", "suspended"))  # not in force


@pytest.mark.django_db
def test_generated_numbers_have_random_parts_like_the_sites_own(lsscp):
    """Load data is walked no more easily than real data (ADR 0030): certificate numbers end in
    a random part, and candidate numbers' parts are random and all different."""
    _generate()
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == N // 5
    for number in numbers:
        assert re.fullmatch(rf"LSSCP-\d{{4}}-[{ALPHABET}]{{8}}", number)
    keys = list(Application.objects.values_list("number_key", flat=True))
    assert len(keys) == len(set(keys)) == N
    assert all(re.fullmatch(rf"[{ALPHABET}]{{8}}", key) for key in keys)


@pytest.mark.django_db
def test_generated_data_is_what_the_pages_read(lsscp):
    _generate()
    assert catalogue().exists()
    pages = bench_pages(sample=5)
    counts = query_counts([p for p in pages if p.name != "staff dashboard"])
    assert {name: c["status"] for name, c in counts.items()} == dict.fromkeys(counts, 200)


@pytest.mark.django_db
def test_bench_profile_times_every_page_it_can_serve(lsscp):
    _generate(20)
    pages = [p for p in bench_pages(sample=3) if p.name in ("verification page", "reviewer queue")]
    timings = {t.page: t for t in time_pages(pages, repeat=3)}
    assert set(timings) == {"verification page", "reviewer queue"}
    for timing in timings.values():
        assert timing.cpu_ms > 0
        assert timing.wall_ms >= timing.sql_ms
    assert timings["reviewer queue"].queries >= 1  # a signed-in page reads the database
    # A session comes with the CSRF cookie a browser holds: a page with a form renews that
    # secret (Django sends it again) rather than making a new one.
    queue = next(p for p in pages if p.name == "reviewer queue")
    held = queue.cookies[0].split(f"{settings.CSRF_COOKIE_NAME}=")[1]
    response = client_for(queue.cookies[0]).get(queue.paths[0])
    assert b'name="csrfmiddlewaretoken"' in response.content
    assert response.cookies[settings.CSRF_COOKIE_NAME].value == held
    out = StringIO()
    call_command("bench_profile", repeat=1, pages="verification page", stdout=out)
    assert out.getvalue().splitlines()[1].startswith("verification page")


@pytest.mark.django_db
def test_bench_profile_can_serve_through_the_wsgi_entry_point(lsscp, tmp_path):
    """--wsgi: as gunicorn calls the app. (Inside a test's transaction the connection must not be
    closed at the end of each request, so the test leaves that one signal out, as Django's test
    client does.)"""
    import gc

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    _generate(20)
    pages = [p for p in bench_pages(sample=3) if p.name in ("verification page", "reviewer queue")]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        assert WSGIClient(pages[1].cookies[0]).get(pages[1].paths[0]) == 200
        assert WSGIClient("").get("/no-such-page/") == 404
        timings = {t.page: t for t in time_pages(pages, repeat=3, wsgi=True)}
        # --cprofile with --wsgi profiles what was timed: certify.wsgi's handler, no test client.
        call_command(
            "bench_profile",
            repeat=2,
            pages="reviewer queue",
            wsgi=True,
            cprofile=True,
            dump=str(tmp_path),
            stdout=StringIO(),
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        gc.unfreeze()
    assert timings["reviewer queue"].queries >= 1
    assert timings["verification page"].cpu_ms > 0
    profiled = {
        Path(f).as_posix() for f, _, _ in pstats.Stats(str(tmp_path / "reviewer queue.prof")).stats
    }  # type: ignore[attr-defined]
    assert any(f.endswith("certify/core/handler.py") for f in profiled)
    assert not any(f.endswith("django/test/client.py") for f in profiled)


@pytest.mark.django_db
def test_bench_profile_keeps_a_cpu_profile_of_each_page(lsscp, tmp_path):
    _generate(20)
    out = StringIO()
    call_command(
        "bench_profile",
        repeat=2,
        pages="reviewer queue",
        cprofile=True,
        sort="tottime",
        lines=5,
        dump=str(tmp_path),
        stdout=out,
    )
    assert "=== reviewer queue ===" in out.getvalue()
    assert "Ordered by: internal time" in out.getvalue()
    stats = pstats.Stats(str(tmp_path / "reviewer queue.prof"))
    assert stats.total_calls > 0  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_refuses_to_generate_twice_without_reset(lsscp):
    _generate(10)
    with pytest.raises(CommandError, match="already holds load data"):
        _generate(10)


# flush (TRUNCATE) cannot run inside the test's transaction on PostgreSQL, hence a transactional
# test (emptied afterwards, like every transactional test). Not serialized_rollback: reloading the
# saved rows at setup collides with the content types an earlier transactional test left.
@pytest.mark.django_db(transaction=True)
def test_reset_starts_from_an_empty_database(lsscp):
    _generate(10)
    call_command("generate_load_data", candidates=20, reset=True, no_progress=True)
    assert Application.objects.count() == 20
    # New rows carry on after the generated ids (sequences were reset).
    user = User.objects.create_user(email="new@example.org", full_name="New")
    assert user.pk > User.objects.exclude(pk=user.pk).order_by("-pk").first().pk


@pytest.mark.django_db
def test_certificates_only_makes_holders_with_a_certificate_each_and_the_work_under_way(lsscp):
    call_command("generate_load_data", certificates_only=400, no_progress=True, stdout=StringIO())
    certificates = Certificate.objects.filter(holder__email__endswith=EMAIL_DOMAIN)
    assert certificates.count() == 400
    assert certificates.values("holder").distinct().count() == 400
    # One candidate at work for every ten certificates, none certified yet, without evidence.
    assert Application.objects.count() == 40
    assert not Certificate.objects.filter(application__isnull=False).exists()
    assert Portfolio.objects.exists()
    assert not EvidenceItem.objects.exists()
    accepted = Application.objects.filter(status=Application.Status.ACCEPTED)
    assert accepted.exclude(completion_deadline__isnull=True).count() == accepted.count() > 0
    assert Invoice.objects.filter(kind=Invoice.Kind.ENROLLMENT).exists()
    # Renewals under way, only of valid certificates in their renewal window or grace period;
    # those waiting for the fee owe it on an open invoice.
    renewals = Renewal.objects.select_related("certificate", "invoice")
    assert renewals.exists()
    today = timezone.localdate()
    for renewal in renewals:
        assert renewal.certificate.status == "valid"
        assert -100 <= (renewal.certificate.expires_on - today).days <= 12 * 31
        owed = renewal.status == Renewal.Status.SUBMITTED
        assert renewal.invoice.status == ("open" if owed else "paid")
    assert Invoice.objects.values("code").distinct().count() == Invoice.objects.count()
    # Expiry days run from the past (lapsed) to years ahead, the statuses as promised.
    assert certificates.filter(expires_on__lt=today).exists()
    assert certificates.filter(expires_on__gt=today + timedelta(days=365)).exists()
    assert set(certificates.values_list("status", flat=True)) <= {"valid", "revoked", "suspended"}
    revocation = StatusList.objects.get(purpose=StatusList.Purpose.REVOCATION)
    for certificate in certificates:
        bit = statuslist.bit_get(bytes(revocation.bits), certificate.status_list_index)
        assert bit == (certificate.status != "valid")


@pytest.mark.django_db
def test_certificates_only_fills_as_many_status_lists_as_it_needs(lsscp):
    from certify.loaddata.generator.holders import CertificatesOnly
    from certify.loaddata.generator.scale import Scale

    CertificatesOnly(program=lsscp, scale=Scale.for_candidates(1)).run(25, per_list=10)
    entries = list(Certificate.objects.values_list("status_list_series", "status_list_index"))
    assert len(set(entries)) == 25
    series = sorted({s for s, _ in entries})
    assert len(series) == 3 == StatusList.objects.filter(series__in=series).count()
    assert max(i for _, i in entries) == 9


@pytest.mark.django_db
def test_open_reviews_carry_the_reminders_yesterdays_daily_run_sent(lsscp):
    # Load data looks like a site whose scheduler runs: today's review reminders are only those
    # falling due today, not every overdue review at once.
    _generate(200)
    yesterday = timezone.localdate() - timedelta(days=1)
    open_reviews = ReviewAssignment.objects.filter(status="assigned")
    assert open_reviews.exists()
    for review in open_reviews:
        expected = (
            "overdue"
            if review.due_on < yesterday
            else "due"
            if review.due_on <= yesterday + timedelta(days=3)
            else ""
        )
        assert review.reminded == expected
    assert not ReviewAssignment.objects.exclude(status="assigned").exclude(reminded="").exists()


@pytest.mark.django_db
def test_generated_people_get_data_versions_and_the_triggers_work_again(lsscp):
    """The bulk load keeps the data versions true (ADR 0071): on PostgreSQL its triggers are off
    for the COPY, so every person the tracked rows are about gets a version after it; after
    the load a tracked write changes the person's version again."""
    from certify.core.models import DataVersion

    _generate()
    candidates = set(Application.objects.values_list("candidate_id", flat=True))
    versions = dict(DataVersion.objects.values_list("key", "version"))
    assert candidates <= set(versions)
    application = Application.objects.order_by("pk").first()
    Application.objects.filter(pk=application.pk).update(flags=["changed"])
    after = DataVersion.objects.get(key=application.candidate_id).version
    assert after != versions[application.candidate_id]
