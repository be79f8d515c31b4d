"""The renewal API covers every program: a holder's CE activity list says each activity's
program and keeps to one with `?program=<slug>` (as the status and submit endpoints do), and
staff list renewals with the staff page's filters, the program among them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from certify.renewals.services import ce_activity_create, renewal_submit
from tests.conftest import count_queries
from tests.programs.test_second_program import holder_of_both, rmt  # noqa: F401  (fixture)
from tests.renewals.conftest import in_window, log


def _rmt_activity(holder, rmt, today):  # noqa: F811
    return ce_activity_create(
        actor=holder,
        title="Retention schedules workshop",
        provider="State Archives",
        completed_on=today,
        format="hours",
        amount=Decimal("20"),
        set_ids=[rmt.competency_sets.get(code="RET").pk],
        today=today,
        program=rmt,
    )


def test_a_holders_activity_list_keeps_to_the_program_named(rmt, client):  # noqa: F811
    holder, _rmt_certificate, lsscp_certificate = holder_of_both(rmt)
    today = timezone.localdate()
    ours = _rmt_activity(holder, rmt, today)
    theirs = {a.pk for a in log(holder, program=lsscp_certificate.program, on=today)}
    client.force_login(holder)
    every = client.get("/api/v1/renewals/activities").json()
    assert {(a["id"], a["program"]) for a in every["items"]} == {
        (ours.pk, "rmt"),
        *((pk, "lsscp") for pk in theirs),
    }
    one = client.get("/api/v1/renewals/activities?program=rmt").json()
    assert [(a["id"], a["program"]) for a in one["items"]] == [(ours.pk, "rmt")]
    # Whether it counts is judged by the holder's certificate of the activity's own program.
    assert one["items"][0]["counts"] is True, one["items"][0]["not_counted_reason"]
    lsscp = client.get("/api/v1/renewals/activities?program=lsscp").json()
    assert {a["id"] for a in lsscp["items"]} == theirs
    assert client.get("/api/v1/renewals/activities?program=nope").status_code == 404


@pytest.fixture
def two_renewals(rmt, lsscp):  # noqa: F811
    today = timezone.localdate()
    rmt_certificate = in_window(rmt, today, name="Robin Archivist")
    _rmt_activity(rmt_certificate.holder, rmt, today)
    rmt_renewal = renewal_submit(certificate=rmt_certificate, actor=rmt_certificate.holder)
    lsscp_certificate = in_window(lsscp, today, name="Lee Library")
    log(lsscp_certificate.holder, program=lsscp, on=today - timedelta(days=1))
    return rmt_renewal, lsscp_certificate


def test_staff_list_one_programs_renewals_through_the_api(two_renewals, staff, client):
    rmt_renewal, _ = two_renewals
    client.force_login(staff)
    every = client.get("/api/v1/staff/renewals").json()
    assert rmt_renewal.pk in [r["id"] for r in every["items"]]
    ours = client.get("/api/v1/staff/renewals?program=rmt").json()["items"]
    assert [(r["id"], r["program"]) for r in ours] == [(rmt_renewal.pk, "rmt")]
    assert ours[0]["certificate"] == rmt_renewal.certificate.number
    assert ours[0]["holder_name"] == "Robin Archivist"
    theirs = client.get("/api/v1/staff/renewals?program=lsscp").json()["items"]
    assert rmt_renewal.pk not in [r["id"] for r in theirs]
    assert client.get("/api/v1/staff/renewals?program=nope").status_code == 404
    assert client.get("/api/v1/staff/renewals?status=nope").status_code == 422
    submitted = client.get("/api/v1/staff/renewals?status=submitted&q=Robin").json()["items"]
    assert [r["id"] for r in submitted] == [rmt_renewal.pk]


@pytest.mark.parametrize("role", ["anonymous", "candidate", "reviewer", "provider", "sponsor"])
def test_only_program_staff_list_renewals(client_as, two_renewals, role):
    expected = 401 if role == "anonymous" else 403
    assert client_as(role).get("/api/v1/staff/renewals").status_code == expected


def test_the_staff_renewals_list_takes_the_same_queries_for_one_or_many(
    two_renewals,
    rmt,  # noqa: F811
    staff,
    client,
):
    client.force_login(staff)
    url = "/api/v1/staff/renewals"
    client.get(url)  # the first request's one-off reads (session, caches)
    one = count_queries(lambda: client.get(url))
    today = timezone.localdate()
    for name in ("Sam Shelver", "Kim Keeper"):
        certificate = in_window(rmt, today, name=name)
        _rmt_activity(certificate.holder, rmt, today)
        renewal_submit(certificate=certificate, actor=certificate.holder)
    assert len(client.get(url).json()["items"]) == 3
    assert count_queries(lambda: client.get(url)) == one
