"""The plan kept by the versions of the data it shows (ADR 0071)."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core import kept
from certify.core.data_versions import tracked_tables
from certify.core.models import DataVersion
from certify.payments.models import Invoice
from certify.progress import kept_plan
from certify.progress.models import PlannedSet
from certify.progress.services import plan_ensure
from tests.factories import ApplicationFactory, UserFactory

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def enrolled_with_plan(program) -> Application:
    """A candidate's accepted application, its plan opened."""
    application = ApplicationFactory(
        candidate=UserFactory(roles=[Role.CANDIDATE]),
        program=program,
        status=Application.Status.ACCEPTED,
    )
    plan_ensure(application=application)
    return application


@pytest.fixture
def enrolled(lsscp):
    kept_plan.forget_all()
    return enrolled_with_plan(lsscp)


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # The session is every request's (its text holds the time), not the plan's.
    return [q["sql"] for q in captured.captured_queries if "django_session" not in q["sql"]]


def test_every_table_the_plan_reads_is_tracked(client, enrolled):
    """The queries a kept plan no longer runs read only tables with the triggers (read from the
    database): a row of any of them changed gives a new version, so a kept plan can never hide
    the change."""
    from certify.payments.api import enrollment_invoice_get_or_create

    enrollment_invoice_get_or_create(
        user=enrolled.candidate, program=enrolled.program, actor=enrolled.candidate
    )
    client.force_login(enrolled.candidate)
    url = reverse("progress:plan")
    read = queries(client, url)
    again = queries(client, url)
    tables = {t for sql in read if sql not in again for t in TABLE.findall(sql)}
    assert {"payments_invoice", "progress_plannedset", "applications_application"} <= tables
    assert tables <= tracked_tables(connection)


def test_a_write_behind_the_pages_back_shows_at_once(client, enrolled):
    from certify.payments.api import enrollment_invoice_get_or_create

    invoice = enrollment_invoice_get_or_create(
        user=enrolled.candidate, program=enrolled.program, actor=enrolled.candidate
    )
    client.force_login(enrolled.candidate)
    url = reverse("progress:plan")
    assert f"Pay invoice {invoice.code}" in client.get(url).text
    assert f"Pay invoice {invoice.code}" in client.get(url).text  # kept
    with connection.cursor() as cursor:  # raw SQL: no signal, no save()
        cursor.execute(
            "UPDATE payments_invoice SET status = %s, paid_cents = total_cents WHERE id = %s",
            [Invoice.Status.PAID, invoice.pk],
        )
    assert "the enrollment fee is unpaid" not in client.get(url).text


def test_each_person_is_given_only_her_own_plan(client, enrolled, lsscp):
    from certify.payments.api import enrollment_invoice_get_or_create

    other = ApplicationFactory(
        candidate=UserFactory(roles=[Role.CANDIDATE]),
        program=lsscp,
        status=Application.Status.ACCEPTED,
    )
    plan_ensure(application=other)
    codes = {}
    for application in (enrolled, other):
        codes[application.pk] = enrollment_invoice_get_or_create(
            user=application.candidate, program=lsscp, actor=application.candidate
        ).code
    # Data written before the triggers were installed has no version row (version 0): two such
    # people have the same versions.
    DataVersion.objects.filter(key__in=[enrolled.candidate_id, other.candidate_id]).delete()
    for _ in range(2):
        for application, not_hers in ((enrolled, other), (other, enrolled)):
            client.force_login(application.candidate)
            page = client.get(reverse("progress:plan")).text
            assert codes[application.pk] in page
            assert codes[not_hers.pk] not in page


def test_kept_only_for_a_plain_view_outside_a_transaction(client, enrolled):
    client.force_login(enrolled.candidate)
    url = reverse("progress:plan")
    with transaction.atomic():  # what is read here may still roll back
        client.get(url)
    assert len(kept_plan._kept) == 0
    refused = client.post(
        reverse("progress:electives"), {"electives": ["REF"]}
    )  # a refused choice: rendered, not kept
    assert refused.status_code == 400
    assert len(kept_plan._kept) == 0
    client.get(url)
    assert len(kept_plan._kept) == 1


def test_a_kept_plan_has_the_requests_own_csrf_field(client, enrolled):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(enrolled.candidate)
    url = reverse("progress:plan")
    client.get(url)
    page = client.get(url).text  # kept
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        reverse("progress:electives"),
        {"electives": ["REF", "CAT", "YTH"], "csrfmiddlewaretoken": token[1]},
    )
    assert response.status_code == 302
    assert PlannedSet.objects.filter(application=enrolled).count() == 6
    assert "Change your electives" in client.get(url).text


def test_nothing_is_kept_on_a_database_without_the_triggers(client, enrolled, monkeypatch):
    client.force_login(enrolled.candidate)
    # This database as one the migrations write no triggers for (neither PostgreSQL nor SQLite).
    monkeypatch.setattr(kept, "VENDORS", frozenset({"mysql"}))
    client.get(reverse("progress:plan"))
    assert len(kept_plan._kept) == 0
