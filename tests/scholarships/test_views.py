"""Pages: what candidates, the sponsor's people and staff see and do; who is refused."""

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.api import conflict_declare
from certify.accounts.models import Role
from certify.scholarships.models import Award, Draw, Fund, ScholarshipApplication, SponsorMember
from certify.scholarships.services import application_award, draw_run
from tests.conftest import count_queries
from tests.factories import FundFactory, SponsorMemberFactory, UserFactory
from tests.scholarships.conftest import apply, closed, fee_invoiced

REFUSED = ["candidate", "another_sponsor", "reviewer", "provider"]


def sign_in(client, role):
    if role == "anonymous":
        return client
    # "another_sponsor": the administrator of another sponsor's funds.
    user = SponsorMemberFactory().user if role == "another_sponsor" else UserFactory(roles=[role])
    client.force_login(user)
    return client


@pytest.fixture
def world(ssd, ssd_org, enrollment_fund, ce_fund, committee, ssd_admin, make_member, program):
    """An enrollment award on an invoice, a class award, an application waiting, and a draw."""
    credited_person = make_member()
    fee_invoiced(enrollment_fund, credited_person)
    credited = application_award(
        application=apply(enrollment_fund, credited_person), actor=committee
    )
    class_award = application_award(
        application=apply(ce_fund, make_member(), purpose="class", class_details="Cataloging"),
        actor=committee,
    )
    waiting = apply(enrollment_fund, make_member(full_name="Wanda Waiting"))
    draw_fund = FundFactory(
        sponsor=ssd, method="draw", max_awards=2, required_organisations=[ssd_org]
    )
    apply(draw_fund, make_member())
    draw = draw_run(fund=closed(draw_fund), actor=committee, places=1)
    return SimpleNamespace(
        fund=enrollment_fund,
        draw_fund=draw_fund,
        credited=credited,
        class_award=class_award,
        waiting=waiting,
        draw=draw,
        admin_member=SponsorMember.objects.get(user=ssd_admin),
    )


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


@pytest.mark.parametrize("role", ["anonymous", "program_staff", *REFUSED[1:]])
def test_the_candidates_pages_are_for_candidates(client, enrollment_fund, role):
    client = sign_in(client, role)
    for method, url in [
        ("get", reverse("scholarships:index")),
        ("get", reverse("scholarships:apply", args=[enrollment_fund.slug])),
        ("post", reverse("scholarships:apply", args=[enrollment_fund.slug])),
    ]:
        response = getattr(client, method)(url, {"statement": "Please"})
        assert response.status_code == (302 if role == "anonymous" else 403), url
    assert not ScholarshipApplication.objects.exists()


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider"])
def test_the_dashboard_is_for_sponsors_and_staff(client, ssd, role):
    assert sign_in(client, role).get(reverse("scholarships:dashboard")).status_code == 403


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


def test_a_non_member_sees_why_not_in_words_and_how_to_join(client, ssd, enrollment_fund):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    page = client.get(reverse("scholarships:index")).text
    assert "Only SSD members can apply; joining SSD is free." in page
    assert "Record your SSD membership" in page
    page = client.get(reverse("scholarships:apply", args=[enrollment_fund.slug])).text
    assert "You cannot apply at the moment" in page
    assert "Send my application" not in page
    response = client.post(
        reverse("scholarships:apply", args=[enrollment_fund.slug]), {"statement": "Please"}
    )
    assert response.status_code == 400
    assert "Only SSD members can apply; joining SSD is free." in response.text
    assert not ScholarshipApplication.objects.exists()


def test_a_member_applies_and_what_they_typed_is_kept_on_a_mistake(client, ce_fund, member):
    client.force_login(member)
    page = client.get(reverse("scholarships:index")).text
    assert "Funds you can apply to" in page
    url = reverse("scholarships:apply", args=[ce_fund.slug])
    assert 'for="id_statement"' in client.get(url).text
    response = client.post(url, {"purpose": "class", "statement": "I need the cataloging class."})
    assert response.status_code == 400
    assert "Name the class: its title, who teaches it and when." in response.text
    assert "I need the cataloging class." in response.text
    # The page opens at the form's error summary, each problem linked to its field.
    assert f'action="{url}#apply-errors"' in response.text
    assert 'href="#id_class_details"' in response.text
    response = client.post(
        url,
        {"purpose": "class", "statement": "I need it.", "class_details": "Cataloging, Lakeland"},
        follow=True,
    )
    assert "Your application to the SSD Continuing Education Scholarship is sent" in response.text
    application = ScholarshipApplication.objects.get(applicant=member)
    assert application.class_details == "Cataloging, Lakeland"
    page = client.get(reverse("scholarships:index")).text
    assert "Waiting for a decision" in page
    client.post(reverse("scholarships:application_withdraw", args=[application.pk]))
    assert ScholarshipApplication.objects.get(pk=application.pk).status == "withdrawn"


def test_the_committee_awards_from_the_page_and_the_sixth_is_refused(
    client, enrollment_fund, committee, make_member, program
):
    applications = [apply(enrollment_fund, make_member()) for _ in range(6)]
    client.force_login(committee)
    for application in applications[:5]:
        response = client.post(
            reverse("scholarships:decide", args=[application.pk]), {"decision": "award"}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("scholarships:decide", args=[applications[5].pk]),
        {"decision": "award", "reason": "Strong statement"},
    )
    assert response.status_code == 400
    # Said once, in the form's error summary that a screen reader meets first (ADR 0043).
    assert response.text.count("has made all 5 of its awards") == 1
    summary = response.text.split('id="decide-errors"')[1].split("</div>")[0]
    assert "has made all 5 of its awards" in summary
    decide = reverse("scholarships:decide", args=[applications[5].pk])
    assert f'action="{decide}#decide-errors"' in response.text
    assert "Strong statement" in response.text
    page = client.get(reverse("scholarships:fund", args=[enrollment_fund.slug])).text
    assert "$1,000" in page
    assert "5 of 5" in page


def test_declining_without_a_reason_is_explained(client, enrollment_fund, committee, member):
    application = apply(enrollment_fund, member)
    client.force_login(committee)
    page = client.get(application.get_absolute_url()).text
    assert "Record the decision" in page
    response = client.post(
        reverse("scholarships:decide", args=[application.pk]), {"decision": "decline"}
    )
    assert response.status_code == 400
    assert "Say why it is not awarded: the applicant reads this." in response.text
    client.post(
        reverse("scholarships:decide", args=[application.pk]),
        {"decision": "decline", "reason": "Your statement was too short."},
    )
    assert ScholarshipApplication.objects.get(pk=application.pk).status == "declined"


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


def test_a_draw_from_the_page_shows_its_seed_and_list(
    client, ssd, ssd_org, committee, make_member, program
):
    fund = FundFactory(sponsor=ssd, method="draw", max_awards=2, required_organisations=[ssd_org])
    for _ in range(3):
        apply(fund, make_member())
    client.force_login(committee)
    assert (
        "Draw awards at random" in client.get(reverse("scholarships:fund", args=[fund.slug])).text
    )
    url = reverse("scholarships:draw_create", args=[fund.slug])
    # While applications are open until further notice: refused, on the page and on posting.
    page = client.get(url, {"places": 2})
    assert "open until further notice" in page.text
    assert "Yes, draw" not in page.text
    response = client.post(url, {"places": 2})
    assert response.status_code == 400
    assert "open until further notice" in response.text
    closed(fund)
    # The confirmation page says what will happen and changes nothing.
    page = client.get(url, {"places": 2})
    assert page.status_code == 200
    assert (
        "3 applications are waiting for a decision, and 3 of them meet the fund's rules today: "
        "they go into the draw" in " ".join(page.text.split())
    )
    assert "2 awards of" in page.text
    assert "Yes, draw 2 awards" in page.text
    assert not Draw.objects.filter(fund=fund).exists()
    response = client.post(url, {"places": 5})
    assert response.status_code == 400
    assert "draw 2 or fewer" in response.text
    response = client.post(
        reverse("scholarships:draw_create", args=[fund.slug]), {"places": 2}, follow=True
    )
    draw = Draw.objects.get(fund=fund)
    assert draw.seed in response.text
    assert "Checked: repeating the draw" in response.text
    # In plain words, with the seed and the list in order for anyone to repeat it.
    listed = ", ".join(str(pk) for pk in draw.pool)
    assert (
        "We drew 2 of the 3 eligible applications at random. We shuffled them using a "
        "published method; anyone can repeat it with this seed"
    ) in " ".join(response.text.split())
    assert f"and the list in this order: {listed}." in " ".join(response.text.split())
    assert "random.Random(seed).sample(list" not in response.text
    assert all(f"Application {pk}" in response.text for pk in draw.pool)


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
    assert "The budget cannot be less than the $200 already committed or paid." in response.text
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


def test_an_admin_adds_a_fund_and_a_committee_member(client, ssd, ssd_admin):
    client.force_login(ssd_admin)
    response = client.post(
        reverse("scholarships:fund_create", args=["ssd"]),
        {
            "name": "SSD Class Draw",
            "purposes": ["class"],
            "budget": "700",
            "award": "175",
            "max_awards": "4",
            "opens_on": "2026-01-01",
            "method": "draw",
            "cooldown_months": "18",
            "min_years_experience": "0",
            "award_valid_months": "12",
            "is_active": "on",
        },
    )
    fund = Fund.objects.get(name="SSD Class Draw")
    assert "#fund-errors" not in response.url  # a saved fund's page opens at its top
    assert response.url == fund.get_absolute_url()
    assert (fund.sponsor, fund.award_cents, fund.method) == (ssd, 17500, "draw")
    url = reverse("scholarships:members", args=["ssd"])
    # Adding someone is an invitation they accept (test_colleague_invitations.py).
    person = UserFactory(email="pat@example.org", roles=[Role.CANDIDATE])
    response = client.post(url, {"email": "PAT@example.org", "role": "committee"})
    assert response.status_code == 302
    assert not SponsorMember.objects.filter(user=person).exists()
    assert Role.SPONSOR not in type(person).objects.get(pk=person.pk).roles


def test_the_last_administrator_stays(client, ssd, ssd_admin):
    client.force_login(ssd_admin)
    member = SponsorMember.objects.get(user=ssd_admin)
    response = client.post(reverse("scholarships:member_remove", args=[member.pk]), follow=True)
    assert "is the only administrator" in response.text
    assert SponsorMember.objects.filter(pk=member.pk).exists()


# --- Query counts: every list page costs the same however much it lists -------------------


def test_the_candidates_page_does_not_grow_with_funds_or_applications(
    client, ssd, ssd_org, member, committee, program
):
    client.force_login(member)
    url = reverse("scholarships:index")

    def grow():
        fund = FundFactory(
            sponsor=ssd,
            pays_enrollment=False,
            pays_class=True,
            cooldown_months=0,
            required_organisations=[ssd_org],
        )
        application = apply(fund, member, class_details="Cataloging basics")
        application_award(application=application, actor=committee)
        FundFactory(sponsor=ssd, required_organisations=[ssd_org])

    grow()
    few = count_queries(lambda: client.get(url))
    for _ in range(3):
        grow()
    assert count_queries(lambda: client.get(url)) == few


def test_the_sponsor_pages_do_not_grow_with_applications_awards_or_funds(
    client, ssd, ssd_org, committee, make_member, program
):
    fund = FundFactory(
        sponsor=ssd, max_awards=20, budget_cents=400_000, required_organisations=[ssd_org]
    )
    client.force_login(committee)
    urls = [
        reverse("scholarships:dashboard"),
        reverse("scholarships:fund", args=[fund.slug]) + "?status=",
        reverse("scholarships:report", args=[fund.slug]),
        reverse("scholarships:report", args=[fund.slug]) + "?format=csv",
    ]

    def grow():
        application_award(application=apply(fund, make_member()), actor=committee)
        apply(fund, make_member())
        FundFactory(sponsor=ssd)

    grow()
    few = [count_queries(lambda u=u: client.get(u)) for u in urls]
    for _ in range(3):
        grow()
    assert [count_queries(lambda u=u: client.get(u)) for u in urls] == few


def test_the_draw_page_does_not_grow_with_the_pool(
    client, ssd, ssd_org, committee, make_member, program
):
    def draw_of(n):
        fund = FundFactory(sponsor=ssd, method="draw", required_organisations=[ssd_org])
        for _ in range(n):
            apply(fund, make_member())
        return draw_run(fund=closed(fund), actor=committee, places=1)

    small, big = draw_of(1), draw_of(5)
    client.force_login(committee)
    assert count_queries(
        lambda: client.get(reverse("scholarships:draw", args=[small.pk]))
    ) == count_queries(lambda: client.get(reverse("scholarships:draw", args=[big.pk])))


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


def test_the_draw_page_says_who_is_eligible_before_confirming(
    client, ssd, ssd_org, committee, make_member, program
):
    """The confirmation counts who meets the fund's rules today: with fewer than the awards,
    each gets one; with nobody, there is no draw to confirm (it was said only after)."""
    from certify.memberships.models import Membership

    fund = FundFactory(sponsor=ssd, method="draw", max_awards=2, required_organisations=[ssd_org])
    people = [make_member() for _ in range(3)]
    for person in people:
        apply(fund, person)
    closed(fund)
    # Two memberships lapse after applying: those two no longer meet the fund's rules.
    Membership.objects.filter(user__in=people[:2]).update(status="rejected")
    client.force_login(committee)
    url = reverse("scholarships:draw_create", args=[fund.slug])
    page = " ".join(client.get(url, {"places": 2}).text.split())
    assert "3 applications are waiting for a decision, and 1 of them meets" in page
    assert "The other 2 are left out and told why." in page
    assert "so the eligible applicant receives an award of" in page
    Membership.objects.filter(user=people[2]).update(status="rejected")
    page = " ".join(client.get(url, {"places": 2}).text.split())
    assert "None of the 3 applicants waiting meets the fund&#x27;s rules today" in page
    assert "Yes, draw" not in page
    assert not Draw.objects.filter(fund=fund).exists()


def test_a_fund_open_for_one_day_says_applications_on_that_day(client, enrollment_fund, member):
    day = timezone.localdate()
    Fund.objects.filter(pk=enrollment_fund.pk).update(opens_on=day, closes_on=day)
    client.force_login(member)
    on = f"Applications</dt><dd>on {day:%B} {day.day}, {day.year}</dd>"
    for url in (
        reverse("scholarships:index"),
        reverse("scholarships:apply", args=[enrollment_fund.slug]),
    ):
        page = client.get(url).text
        assert on in page
        assert " to " + f"{day:%B} {day.day}, {day.year}" not in page
