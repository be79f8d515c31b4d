"""A set's credential's days on the pages are its program's (RULINGS: a case's dates are shown in
the program's time zone): RMT (Denver) completes its sets at 23:30 on 2 March, when it is already
3 March in Chicago (the site's `TIME_ZONE`). The holder's page, staff's certificate page (its
sets) and staff's page of one set's credential say "March 2, 2027", complete and issued; the
lists read each credential's program with its row, not a query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.certificates.models import SetCredential
from tests.certificates.conftest import finish, nearly_done
from tests.clock import clock_at
from tests.programs.second_program import rmt_set_up

pytestmark = clock_at("2027-03-02T23:30:00-07:00")  # 06:30 UTC, 00:30 on the 3rd in Chicago


@pytest.fixture
def done(staff):
    application, last = nearly_done(rmt_set_up(staff), name="Robin Vega")
    finish(last)
    return application


def _flat(text: str) -> str:
    return " ".join(text.split())


def _program_reads(queries) -> int:
    return sum('FROM "programs_program"' in q["sql"] for q in queries)


def test_the_holders_page_says_the_day_each_set_was_complete_there(done, client):
    client.force_login(done.candidate)
    with CaptureQueriesContext(connection) as queries:
        page = _flat(client.get(reverse("certificates:mine")).text)
    assert page.count("complete on March 2, 2027.") == SetCredential.objects.count() == 3
    assert "March 3, 2027" not in page
    # The sets' program comes with them, not a read per set.
    assert _program_reads(queries.captured_queries) < 3


def test_staffs_pages_say_the_days_complete_and_issued_there(done, staff, client):
    client.force_login(staff)
    certificate = done.certificate
    url = reverse("certificates:staff_detail", args=[certificate.pk])
    with CaptureQueriesContext(connection) as queries:
        page = _flat(client.get(url).text)
    assert page.count(", complete on March 2, 2027; valid") == 3
    assert "complete on March 3, 2027" not in page
    # The sets' program comes with them: no read of it per set.
    assert _program_reads(queries.captured_queries) < 3
    item = SetCredential.objects.filter(application=done).first()
    url = reverse("certificates:staff_set_credential", args=[item.pk])
    page = _flat(client.get(url).text)
    assert "complete on March 2, 2027</dd>" in page
    assert "<dt>Issued</dt><dd>March 2, 2027</dd>" in page
