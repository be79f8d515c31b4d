"""Pages read and refused against one sponsor's world (an enrollment award on an invoice, a class
award, an application waiting, a draw), built once for the module (tests/shared.py): each test
runs in its own savepoint, so what it changes is undone before the next. The pages' tests that
build their own funds and awards are in test_views.py."""

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from certify.accounts.api import conflict_declare
from certify.accounts.models import Role
from certify.memberships.models import Organisation
from certify.scholarships.models import Award, Draw, Fund, ScholarshipApplication, SponsorMember
from certify.scholarships.services import application_award, draw_run
from tests.factories import FundFactory, SponsorMemberFactory, UserFactory
from tests.scholarships.conftest import (
    REFUSED,
    apply,
    closed,
    enroll,
    fee_invoiced,
    lsscp_like_program,
    sign_in,
    sponsor_member_make,
    ssd_ensure,
    ssd_member_make,
)
from tests.shared import copy_of, shared_in_module


def _world():
    """An enrollment award on an invoice, a class award, an application waiting, and a draw."""
    ssd = ssd_ensure()
    ssd_org = Organisation.objects.get(code="SSD")
    committee = sponsor_member_make(ssd, SponsorMember.Role.COMMITTEE, "Chris Committee")
    ssd_admin = sponsor_member_make(ssd, SponsorMember.Role.ADMIN, "Alex Admin")
    lsscp_like_program()
    enrollment_fund = Fund.objects.get(slug="ssd-lsscp-enrollment")
    credited_person = ssd_member_make(ssd_org)
    fee_invoiced(enrollment_fund, credited_person)
    credited = application_award(
        application=apply(enrollment_fund, credited_person), actor=committee
    )
    ce_fund = Fund.objects.get(slug="ssd-continuing-education")
    class_award = application_award(
        application=apply(
            ce_fund, ssd_member_make(ssd_org), purpose="class", class_details="Cataloging"
        ),
        actor=committee,
    )
    enroll(ce_fund, class_award.recipient, on=class_award.awarded_on)  # payable from then
    waiting = apply(enrollment_fund, ssd_member_make(ssd_org, full_name="Wanda Waiting"))
    draw_fund = FundFactory(
        sponsor=ssd, method="draw", max_awards=2, required_organisations=[ssd_org]
    )
    apply(draw_fund, ssd_member_make(ssd_org))
    draw = draw_run(fund=closed(draw_fund), actor=committee, places=1)
    return SimpleNamespace(
        fund=enrollment_fund,
        draw_fund=draw_fund,
        credited=credited,
        class_award=class_award,
        waiting=waiting,
        draw=draw,
        admin_member=SponsorMember.objects.get(user=ssd_admin),
        committee=committee,
        ssd_admin=ssd_admin,
    )


world_in_module = shared_in_module(_world)


@pytest.fixture
def world(db, world_in_module):
    return copy_of(world_in_module)


@pytest.fixture
def committee(world):
    return world.committee


@pytest.fixture
def ssd_admin(world):
    return world.ssd_admin


def sponsor_requests(w):
    fund = w.fund.slug
    return [
        ("get", reverse("scholarships:fund", args=[fund]), {}),
        ("get", reverse("scholarships:report", args=[fund]), {}),
        ("get", reverse("scholarships:report", args=[fund]) + "?format=csv", {}),
        ("get", reverse("scholarships:fund_edit", args=[fund]), {}),
        ("post", reverse("scholarships:fund_edit", args=[fund]), {"name": "Hijacked"}),
        ("get", reverse("scholarships:fund_create", args=["ssd"]), {}),
        ("post", reverse("scholarships:fund_create", args=["ssd"]), {"name": "Mine now"}),
        ("get", reverse("scholarships:members", args=["ssd"]), {}),
        ("post", reverse("scholarships:members", args=["ssd"]), {"email": "x@example.org"}),
        ("post", reverse("scholarships:member_remove", args=[w.admin_member.pk]), {}),
        ("post", reverse("scholarships:draw_create", args=[w.draw_fund.slug]), {"places": 1}),
        ("get", reverse("scholarships:draw_create", args=[w.draw_fund.slug]), {}),
        ("get", reverse("scholarships:draw", args=[w.draw.pk]), {}),
        ("get", reverse("scholarships:scoring", args=[fund]), {}),
        ("get", reverse("scholarships:rubric", args=[fund]), {}),
        ("post", reverse("scholarships:rubric", args=[fund]), {"form-TOTAL_FORMS": "0"}),
        ("get", reverse("scholarships:confirm", args=[fund]), {}),
        ("post", reverse("scholarships:confirm", args=[fund]), {}),
        ("get", reverse("scholarships:score", args=[w.waiting.pk]), {}),
        ("post", reverse("scholarships:score", args=[w.waiting.pk]), {}),
        ("get", reverse("scholarships:conflict", args=[w.waiting.pk]), {}),
        ("post", reverse("scholarships:conflict", args=[w.waiting.pk]), {"reason": "Cousin"}),
        ("get", reverse("scholarships:application", args=[w.waiting.pk]), {}),
        ("post", reverse("scholarships:decide", args=[w.waiting.pk]), {"decision": "award"}),
        (
            "post",
            reverse("scholarships:award_withdraw", args=[w.credited.pk]),
            {"reason": "Taken away"},
        ),
        (
            "post",
            reverse("scholarships:award_payment", args=[w.class_award.pk]),
            {"payee": "candidate", "reference": "X", "paid_on": str(w.class_award.awarded_on)},
        ),
    ]


@pytest.mark.parametrize("role", ["anonymous", *REFUSED])
def test_the_sponsors_pages_and_actions_are_refused_to_everyone_else(client, world, role):
    client = sign_in(client, role)
    for method, url, data in sponsor_requests(world):
        response = getattr(client, method)(url, data)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert "/accounts/login/" in response.url, url
        elif role == "another_sponsor":  # as if it did not exist (test below)
            assert response.status_code == 404, (url, response.status_code)
        else:  # 404 where the object decides, 403 where the role does
            assert response.status_code in (403, 404), (url, response.status_code)
    assert set(Award.objects.values_list("status", flat=True)) == {"committed"}
    assert ScholarshipApplication.objects.get(pk=world.waiting.pk).status == "submitted"
    assert Draw.objects.count() == 1
    assert Fund.objects.filter(name__in=["Hijacked", "Mine now"]).count() == 0
    assert SponsorMember.objects.filter(pk=world.admin_member.pk).exists()


def _unknown(url: str, w) -> str:
    """The same address with an id or slug that does not exist."""
    for known in (w.fund.slug, w.draw_fund.slug, "/ssd/"):
        url = url.replace(known, "nobody" if known != "/ssd/" else "/nobody/")
    for pk in (w.admin_member.pk, w.draw.pk, w.waiting.pk, w.credited.pk, w.class_award.pk):
        url = url.replace(f"/{pk}/", "/999999/")
    return url


def _body(response) -> str:
    return re.sub(r'nonce="[^"]*"|value="[^"]*"', "", response.text)


def test_another_sponsors_objects_answer_like_unknown_ones(client, world):
    """Another sponsor's people get the 404 of an unknown id, with the same page: a 403 would
    tell them the id exists."""
    client = sign_in(client, "another_sponsor")
    for method, url, data in sponsor_requests(world):
        known = getattr(client, method)(url, data)
        unknown = getattr(client, method)(_unknown(url, world), data)
        assert _unknown(url, world) != url
        assert (known.status_code, _body(known)) == (404, _body(unknown)), url


def test_the_sponsors_own_committee_is_still_told_no(client, world, committee):
    """Someone who knows of the object but may not do this still gets a 403."""
    client.force_login(committee)
    url = reverse("scholarships:fund_edit", args=[world.fund.slug])
    assert client.get(url).status_code == 403


def test_another_sponsors_admin_sees_only_their_own_funds(client, world):
    other = SponsorMemberFactory()
    FundFactory(sponsor=other.sponsor, name="Their Own Fund")
    client.force_login(other.user)
    page = client.get(reverse("scholarships:dashboard")).text
    assert "Their Own Fund" in page
    assert world.fund.name not in page


def test_staff_see_every_fund_and_report_but_do_not_decide(client, world, staff):
    client.force_login(staff)
    assert world.fund.name in client.get(reverse("scholarships:dashboard")).text
    for url in (
        reverse("scholarships:fund", args=[world.fund.slug]),
        reverse("scholarships:report", args=[world.fund.slug]),
        reverse("scholarships:draw", args=[world.draw.pk]),
        reverse("scholarships:application", args=[world.waiting.pk]),
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("scholarships:application", args=[world.waiting.pk])).text
    assert "Record the decision" not in page
    response = client.post(
        reverse("scholarships:decide", args=[world.waiting.pk]), {"decision": "award"}
    )
    assert response.status_code == 403


def test_an_applicant_sees_their_own_application_and_no_one_elses(client, world):
    mine = world.waiting
    client.force_login(mine.applicant)
    page = client.get(mine.get_absolute_url()).text
    assert "Your application to the SSD LSSCP Enrollment Scholarship" in page
    assert "Record the decision" not in page
    # someone else's application, and a draw that did not consider theirs: as if there were none
    assert client.get(world.credited.application.get_absolute_url()).status_code == 404
    assert client.get(reverse("scholarships:draw", args=[world.draw.pk])).status_code == 404
    response = client.post(reverse("scholarships:decide", args=[mine.pk]), {"decision": "award"})
    assert response.status_code == 403


def test_applicants_in_a_draw_may_check_it_and_see_only_their_own_name(client, world):
    drawn = ScholarshipApplication.objects.get(pk=world.draw.pool[0])
    client.force_login(drawn.applicant)
    page = client.get(reverse("scholarships:draw", args=[world.draw.pk])).text
    assert world.draw.seed in page
    assert f"{drawn.applicant.full_name} (you)" in page
    assert "repeating the draw with this seed on this list gives the same result" in page


def test_an_admin_withdraws_an_award_and_the_committee_records_a_class_payment(
    client, world, committee, ssd_admin
):
    page = world.credited.application.get_absolute_url()
    client.force_login(committee)
    assert "Withdraw the award" not in client.get(page).text
    response = client.post(
        reverse("scholarships:award_withdraw", args=[world.credited.pk]), {"reason": "Moved away"}
    )
    assert response.status_code == 403
    client.force_login(ssd_admin)
    assert "Withdraw the award" in client.get(page).text
    response = client.post(reverse("scholarships:award_withdraw", args=[world.credited.pk]), {})
    assert response.status_code == 400
    assert "Say why the award is withdrawn" in response.text
    client.post(
        reverse("scholarships:award_withdraw", args=[world.credited.pk]), {"reason": "Moved away"}
    )
    assert Award.objects.get(pk=world.credited.pk).status == "withdrawn"
    client.force_login(committee)
    response = client.post(
        reverse("scholarships:award_payment", args=[world.class_award.pk]),
        {"payee": "provider", "reference": "CHQ 77", "paid_on": str(world.class_award.awarded_on)},
    )
    assert response.status_code == 400
    assert "Enter the name of the class provider who was paid." in response.text
    assert 'value="CHQ 77"' in response.text
    client.post(
        reverse("scholarships:award_payment", args=[world.class_award.pk]),
        {
            "payee": "provider",
            "payee_name": "Lakeland",
            "reference": "CHQ 77",
            "paid_on": str(world.class_award.awarded_on),
        },
    )
    assert Award.objects.get(pk=world.class_award.pk).status == "paid"


def test_the_report_and_its_csv(client, world, committee):
    client.force_login(committee)
    page = client.get(reverse("scholarships:report", args=[world.fund.slug])).text
    assert "Returned to the fund" in page
    response = client.get(reverse("scholarships:report", args=[world.fund.slug]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["application", "submitted_on", "name", "email"]
    by_status = {row[5] for row in rows[1:]}
    assert by_status == {"Awarded", "Waiting for a decision"}
    awarded = next(row for row in rows[1:] if row[5] == "Awarded")
    assert (awarded[8], awarded[9], awarded[12][:5]) == ("200.00", "Awarded, not yet used", "LSSCP")


def test_an_admin_changes_a_fund_and_bad_input_is_explained(client, world, ssd_admin, committee):
    url = reverse("scholarships:fund_edit", args=[world.fund.slug])
    client.force_login(committee)
    assert client.get(url).status_code == 403  # the committee decides; administrators configure
    client.force_login(ssd_admin)
    form = client.get(url).text
    assert 'value="1000.00"' in form
    data = {
        "name": "SSD LSSCP Enrollment Scholarship",
        "purposes": ["enrollment"],
        "budget": "100",
        "award": "200",
        "max_awards": "5",
        "opens_on": "2025-01-01",
        "method": "committee",
        "required_organisations": [world.fund.required_organisations.get().pk],
        "cooldown_months": "18",
        "states": "OK, XX",
        "min_years_experience": "0",
        "award_valid_months": "12",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The budget cannot be less than the $200.00 already committed or paid." in response.text
    assert "Not a US state code: XX." in response.text
    assert 'value="OK, XX"' in response.text
    # The page opens at the form's error summary, each problem linked to its field (ADR 0043).
    assert f'action="{url}#fund-errors"' in response.text
    assert 'id="fund-errors"' in response.text
    assert 'href="#id_budget"' in response.text
    assert 'href="#id_states"' in response.text
    response = client.post(url, {**data, "budget": "$1,200", "states": "ok"})
    assert response.status_code == 302
    fund = Fund.objects.get(pk=world.fund.pk)
    assert (fund.budget_cents, fund.states) == (120_000, "OK")


def test_the_csv_shows_a_member_only_the_name_of_an_application_they_are_left_out_of(
    client, world, committee
):
    """As on the fund's pages: a member who declared a conflict with an applicant reads no e-mail
    or decision reason of that application in the export; program staff read both."""
    cousin = world.waiting.applicant
    ScholarshipApplication.objects.filter(pk=world.waiting.pk).update(reason="Private matters")
    conflict_declare(actor=committee, person_email=cousin.email, reason="My cousin")
    url = reverse("scholarships:report", args=[world.fund.slug])

    def row_of(reader) -> list[str]:
        client.force_login(reader)
        rows = csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode()))
        return next(row for row in rows if row[0] == str(world.waiting.pk))

    assert row_of(committee)[2:4] == ["Wanda Waiting", ""]
    assert row_of(committee)[7] == ""
    assert "left out of" in client.get(url).text
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    assert row_of(staff)[2:4] == ["Wanda Waiting", cousin.email]
    assert row_of(staff)[7] == "Private matters"
    assert "left out of" not in client.get(url).text
