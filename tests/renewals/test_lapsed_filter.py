"""The staff certificate list's "Expired" filter lists certificates past their last day while
renewal is still open (the grace period, or a later day staff reopened it until), and its new
"Lapsed" filter those past their last day to renew, on each program's own grace period: the
same words the rows say. Both read the programs once, so they cost as many queries as before.
The API takes the same filter; its `status` values stay as they are ("expired" for both)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.certificates.selectors import certificate_staff_list
from certify.programs.api import program_today
from certify.renewals.services import certificate_reinstate_lapsed
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.programs.second_program import rmt_set_up
from tests.renewals.test_one_word_for_lapsed import in_grace, lapsed_one


@pytest.fixture
def today(program):
    return program_today(program)


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


@pytest.fixture
def rows(program, today, staff):
    """One certificate in its grace period, one lapsed, one lapsed and reopened for renewal."""
    grace = in_grace(program, today, name="Gail Grace")
    lapsed = lapsed_one(program, today, name="Lars Lapsed")
    reopened = lapsed_one(program, today, name="Rita Reopened")
    certificate_reinstate_lapsed(
        certificate=reopened, actor=staff, reason="Hospital stay.", renew_by=today + timedelta(30)
    )
    return grace, lapsed, reopened


def listed(status: str) -> set[int]:
    return set(certificate_staff_list(status=status).values_list("pk", flat=True))


def test_expired_is_the_grace_period_only_and_lapsed_is_past_the_last_day(rows):
    grace, lapsed, reopened = rows
    assert listed("expired") == {grace.pk, reopened.pk}
    assert listed("lapsed") == {lapsed.pk}
    assert listed("valid") == set()


def test_each_program_lapses_after_its_own_grace_period(program, today, staff):
    """RMT gives one month of grace, LSSCP two: expired on the same day, lapsed in RMT only."""
    rmt = rmt_set_up(staff)
    in_rmt = lapsed_one(rmt, program_today(rmt), email="robin@example.org")
    assert rmt.renewal_grace_months == 1 < program.renewal_grace_months
    # The same expiry day in LSSCP is still in its grace period.
    lsscp = in_grace(program, today, name="Lee Same-Day")
    type(lsscp).objects.filter(pk=lsscp.pk).update(expires_on=in_rmt.expires_on)
    assert listed("lapsed") == {in_rmt.pk}
    assert listed("expired") == {lsscp.pk}


def test_the_page_offers_both_filters_and_lists_each_in_as_many_queries(client, rows, staff):
    client.force_login(staff)
    url = reverse("certificates:staff_list")
    form = client.get(url).text
    assert '<option value="expired">Expired (renewal still open)</option>' in form
    assert '<option value="lapsed">Lapsed (past the last day to renew)</option>' in form
    expired_page = client.get(url + "?status=expired").text
    assert "Gail Grace" in expired_page
    assert "Rita Reopened" in expired_page
    assert "Lars Lapsed" not in expired_page
    assert '<span class="tag tag--warn">Lapsed</span>' not in expired_page
    lapsed_page = client.get(url + "?status=lapsed").text
    assert "Lars Lapsed" in lapsed_page
    assert "Gail Grace" not in lapsed_page
    assert "Rita Reopened" not in lapsed_page
    assert count_queries(lambda: client.get(url + "?status=lapsed")) == count_queries(
        lambda: client.get(url + "?status=expired")
    )


def test_the_api_takes_the_filter_and_keeps_its_status_values(client, rows, staff):
    grace, lapsed, reopened = rows
    client.force_login(staff)
    items = client.get("/api/v1/staff/certificates?status=lapsed").json()["items"]
    assert [(c["id"], c["status"]) for c in items] == [(lapsed.pk, "expired")]
    items = client.get("/api/v1/staff/certificates?status=expired").json()["items"]
    assert {c["id"] for c in items} == {grace.pk, reopened.pk}
    assert {c["status"] for c in items} == {"expired"}


@pytest.mark.database_free
def test_the_filter_is_documented_with_an_example():
    from certify.rest.api import api

    operation = api.get_openapi_schema()["paths"]["/api/v1/staff/certificates"]["get"]
    status = next(p for p in operation["parameters"] if p["name"] == "status")
    assert status["example"] == "lapsed"
    assert "lapsed (past the last day to renew)" in status["description"]
    assert "stays \u201cexpired\u201d" in status["description"]
