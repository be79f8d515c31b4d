"""What a sponsor's administrator's pages refuse, beyond the roles tests/security and
test_views_one_world.py refuse: a committee member at an administrator's page or action, an
administrator removed while still signed in, a form sent again (a double tap, a reload after
saving) and a plain GET that would change something. Each refused; nothing changes. And the
members page, an administrator's lists, at a fixed number of queries."""

import pytest
from django.urls import reverse

from certify.accounts.models import ColleagueInvitation
from certify.scholarships import services
from certify.scholarships.models import Draw, Fund, RubricCriterion, SponsorMember
from tests.conftest import count_queries
from tests.factories import FundFactory
from tests.scholarships.conftest import sponsor_member_make
from tests.scholarships.test_views_one_world import _world, sponsor_requests
from tests.shared import copy_of, shared_in_module

NEW_FUND = {
    "name": "Spring Workshop Fund",
    "purposes": ["enrollment"],
    "budget": "600",
    "award": "200",
    "max_awards": "3",
    "opens_on": "2026-01-01",
    "method": "committee",
    "cooldown_months": "18",
    "min_years_experience": "0",
    "award_valid_months": "12",
    "is_active": "on",
}

world_in_module = shared_in_module(_world)  # the same sponsor's world as the pages' tests


@pytest.fixture
def world(db, world_in_module):
    return copy_of(world_in_module)


def _admins_work(w) -> list[tuple[str, str, dict]]:
    fund = w.fund.slug
    rubric = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    return [
        ("get", reverse("scholarships:fund_edit", args=[fund]), {}),
        ("post", reverse("scholarships:fund_edit", args=[fund]), {**NEW_FUND, "name": "Mine"}),
        ("get", reverse("scholarships:fund_create", args=["ssd"]), {}),
        ("post", reverse("scholarships:fund_create", args=["ssd"]), NEW_FUND),
        ("post", reverse("scholarships:members", args=["ssd"]), {"email": "x@example.org"}),
        ("post", reverse("scholarships:member_remove", args=[w.admin_member.pk]), {}),
        ("get", reverse("scholarships:rubric", args=[fund]), {}),
        (
            "post",
            reverse("scholarships:rubric", args=[fund]),
            {**rubric, "form-0-name": "Need", "form-0-max_points": "10"},
        ),
    ]


def _nothing_changed(w) -> None:
    assert Fund.objects.get(pk=w.fund.pk).name == w.fund.name
    assert not Fund.objects.filter(name__in=["Mine", NEW_FUND["name"]]).exists()
    assert not ColleagueInvitation.objects.filter(email="x@example.org").exists()
    assert SponsorMember.objects.filter(pk=w.admin_member.pk).exists()
    assert not RubricCriterion.objects.filter(fund=w.fund, name="Need").exists()


def test_a_committee_member_is_refused_an_administrators_pages_and_actions(client, world):
    """She reads the fund and its people, but changing them is the administrators' (403: she
    knows the fund exists)."""
    client.force_login(world.committee)
    for method, url, data in _admins_work(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url, response.status_code)
    assert client.get(reverse("scholarships:members", args=["ssd"])).status_code == 200
    _nothing_changed(world)


def test_an_administrator_removed_while_signed_in_loses_every_page_and_action(client, world):
    former = sponsor_member_make(world.fund.sponsor, SponsorMember.Role.ADMIN, "Sam Former")
    client.force_login(former)  # signed in before, and still
    services.sponsor_member_remove(
        member=SponsorMember.objects.get(user=former), actor=world.ssd_admin
    )
    for method, url, data in [*_admins_work(world), *sponsor_requests(world)]:
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    assert client.get(reverse("scholarships:dashboard")).status_code == 403  # no funds to run
    _nothing_changed(world)
    assert Draw.objects.count() == 1


def test_a_new_fund_sent_twice_is_made_once_and_the_second_says_why(client, world):
    client.force_login(world.ssd_admin)
    url = reverse("scholarships:fund_create", args=["ssd"])
    assert client.post(url, NEW_FUND).status_code == 302
    again = client.post(url, {**NEW_FUND, "name": "spring workshop fund "})
    assert again.status_code == 400
    assert "already has a fund named “spring workshop fund”" in again.text
    assert Fund.objects.filter(name__iexact="Spring Workshop Fund").count() == 1
    # Changing the fund keeps its own name: it is not another fund of that name.
    fund = Fund.objects.get(name="Spring Workshop Fund")
    changed = client.post(reverse("scholarships:fund_edit", args=[fund.slug]), NEW_FUND)
    assert changed.status_code == 302


def test_a_removal_sent_twice_removes_one_person_and_the_second_finds_nobody(client, world):
    client.force_login(world.ssd_admin)
    member = SponsorMember.objects.get(user=world.committee)
    url = reverse("scholarships:member_remove", args=[member.pk])
    before = SponsorMember.objects.count()
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 404
    assert SponsorMember.objects.count() == before - 1


def test_an_invitation_sent_twice_waits_once(client, world):
    client.force_login(world.ssd_admin)
    url = reverse("scholarships:members", args=["ssd"])
    for _ in range(2):
        assert client.post(url, {"email": "pat@example.org", "role": "admin"}).status_code == 302
    assert (
        ColleagueInvitation.objects.filter(
            email="pat@example.org", status=ColleagueInvitation.Status.PENDING
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    "path",
    [
        "scholarships:member_remove",
        "scholarships:fund_create",
        "scholarships:members",
        "scholarships:draw_create",
        "scholarships:rubric",
    ],
)
def test_a_plain_get_changes_nothing(client, world, path):
    """A link followed, an address typed or a page prefetched: never a removal, a fund, an
    invitation, a draw or a rubric."""
    client.force_login(world.ssd_admin)
    args = {
        "scholarships:member_remove": [world.admin_member.pk],
        "scholarships:fund_create": ["ssd"],
        "scholarships:members": ["ssd"],
        "scholarships:draw_create": [world.draw_fund.slug],
        "scholarships:rubric": [world.fund.slug],
    }[path]
    query = {
        **NEW_FUND,
        "email": "x@example.org",
        "places": "1",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Need",
        "form-0-max_points": "10",
    }
    response = client.get(reverse(path, args=args), query)
    assert response.status_code in (200, 405), response.status_code
    if path == "scholarships:member_remove":
        assert response.status_code == 405
    _nothing_changed(world)
    assert Draw.objects.count() == 1


def test_the_members_page_does_not_grow_with_members(client, world):
    client.force_login(world.ssd_admin)
    url = reverse("scholarships:members", args=["ssd"])
    sponsor = world.fund.sponsor
    sponsor_member_make(sponsor, SponsorMember.Role.COMMITTEE, "First Reader")
    few = count_queries(lambda: client.get(url))
    for n in range(4):
        sponsor_member_make(sponsor, SponsorMember.Role.COMMITTEE, f"Reader {n}")
    page = client.get(url)
    assert "Reader 3" in page.text
    assert count_queries(lambda: client.get(url)) == few


def test_an_administrators_fund_pages_do_not_grow_with_awards_or_funds(client, world):
    """The administrator's view: her links to the settings and the rubric."""
    client.force_login(world.ssd_admin)
    urls = [
        reverse("scholarships:dashboard"),
        reverse("scholarships:fund", args=[world.fund.slug]) + "?status=",
        reverse("scholarships:report", args=[world.fund.slug]),
    ]
    few = [count_queries(lambda u=u: client.get(u)) for u in urls]
    for _ in range(3):
        FundFactory(sponsor=world.fund.sponsor)
    assert [count_queries(lambda u=u: client.get(u)) for u in urls] == few


def test_the_api_refuses_a_second_fund_of_the_same_name_in_the_forms_words(client, world):
    client.force_login(world.ssd_admin)
    url = f"/api/v1/sponsor/scholarships/sponsors/{world.fund.sponsor.slug}/funds"
    body = {
        "name": world.fund.name.upper(),
        "purposes": ["enrollment"],
        "budget_cents": 60000,
        "award_cents": 20000,
        "max_awards": 3,
        "opens_on": "2026-01-05",
    }
    api = client.post(url, body, content_type="application/json")
    page = client.post(
        reverse("scholarships:fund_create", args=["ssd"]), {**NEW_FUND, "name": body["name"]}
    )
    assert api.status_code == 400, api.text
    assert api.json()["fields"]["name"] == page.context["form"].errors["name"][0]
    assert "already has a fund named" in api.json()["fields"]["name"]
    assert Fund.objects.filter(name__iexact=world.fund.name).count() == 1
