"""The API's award says since when a class award is payable (`payable_since`: the day its
recipient enrolled in the fund's program; null before, and for awards of other purposes),
the same day the award's page gives, read for a whole list at once (a flat query count)."""

from datetime import date

import pytest

from certify.scholarships.models import Purpose
from certify.scholarships.services import application_award
from tests.conftest import count_queries
from tests.scholarships.conftest import apply, enroll

AWARDED = date(2026, 12, 1)
pytestmark = pytest.mark.django_db


def _class_award(fund, person, committee):
    application = apply(
        fund, person, on=AWARDED, purpose=Purpose.CLASS, class_details="Cataloging basics"
    )
    return application_award(application=application, actor=committee, today=AWARDED)


def _list(client, fund):
    url = f"/api/v1/sponsor/scholarships/funds/{fund.slug}/applications"
    answer = client.get(url)
    assert answer.status_code == 200
    return {row["award"]["id"]: row["award"]["payable_since"] for row in answer.json()["items"]}


def test_payable_since_is_the_enrollment_day_and_the_list_reads_it_at_once(
    client, program, ce_fund, member, make_member, committee
):
    first = _class_award(ce_fund, member, committee)
    enroll(ce_fund, member, on=date(2026, 12, 3))
    client.force_login(committee)
    assert _list(client, ce_fund) == {first.pk: "2026-12-03"}
    few = count_queries(lambda: _list(client, ce_fund))

    waiting = make_member(full_name="Wen Li")
    second = _class_award(ce_fund, waiting, committee)  # not enrolled: null
    later = make_member(full_name="Ada Obi")
    third = _class_award(ce_fund, later, committee)
    enroll(ce_fund, later, on=date(2026, 12, 4))
    assert _list(client, ce_fund) == {
        first.pk: "2026-12-03",
        second.pk: None,
        third.pk: "2026-12-04",
    }
    assert count_queries(lambda: _list(client, ce_fund)) == few

    client.force_login(member)  # the recipient's own list says the same
    mine = client.get("/api/v1/scholarships/applications").json()["items"]
    assert [row["award"]["payable_since"] for row in mine] == ["2026-12-03"]


def test_an_enrollment_award_has_no_payable_day(
    client, program, enrollment_fund, member, committee
):
    application = apply(enrollment_fund, member, on=AWARDED)
    application_award(application=application, actor=committee, today=AWARDED)
    enroll(enrollment_fund, member, on=date(2026, 12, 3))
    client.force_login(member)
    [row] = client.get("/api/v1/scholarships/applications").json()["items"]
    assert (row["award"]["purpose"], row["award"]["payable_since"]) == ("enrollment", None)
