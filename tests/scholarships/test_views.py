"""Pages: what candidates, the sponsor's people and staff see and do; who is refused. The tests
that read one sponsor's world built once are in test_views_one_world.py."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.scholarships.models import Draw, Fund, ScholarshipApplication, SponsorMember
from certify.scholarships.services import application_award, draw_run
from tests.conftest import count_queries
from tests.factories import FundFactory, UserFactory
from tests.scholarships.conftest import REFUSED, apply, closed, sign_in


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
    assert "Scholarships you can apply to" in page
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
    assert "#fund-errors" not in response.url  # a saved fund opens at its main content
    assert response.url == fund.get_absolute_url() + "#main"
    assert (fund.sponsor, fund.award_cents, fund.method) == (ssd, 17500, "draw")
    url = reverse("scholarships:members", args=["ssd"])
    # Adding someone is an invitation they accept (test_colleague_invitations.py).
    person = UserFactory(email="pat@example.org", roles=[Role.CANDIDATE])
    response = client.post(url, {"email": "PAT@example.org", "role": "committee"})
    assert response.status_code == 302
    assert not SponsorMember.objects.filter(user=person).exists()
    assert Role.SPONSOR not in type(person).objects.get(pk=person.pk).roles


def test_the_fund_form_names_the_default_program_and_explains_the_largest_number(
    client, ssd, ssd_admin, program
):
    """A volunteer setting up a fund reads the default program's name, not "the site's default
    program", and what the largest number of awards does."""
    client.force_login(ssd_admin)
    response = client.get(reverse("scholarships:fund_create", args=["ssd"]))
    assert f'<option value="" selected>{program.name} (the default)</option>' in response.text
    assert "site&#x27;s default program" not in response.text
    assert "Largest number of awards" in response.text
    assert "The fund makes no more awards than this, even with money left." in response.text


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
    on = f"<dd>Applications are taken on {day:%B} {day.day}, {day.year} only and close at the end"
    for url in (
        reverse("scholarships:index"),
        reverse("scholarships:apply", args=[enrollment_fund.slug]),
    ):
        page = client.get(url).text
        assert on in page
        assert " to " + f"{day:%B} {day.day}, {day.year}" not in page
