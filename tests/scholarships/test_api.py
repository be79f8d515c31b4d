"""The REST API: funds (public), the candidate's own applications, the sponsor's decisions."""

import pytest

from certify.scholarships.models import Award, Draw, Fund, ScholarshipApplication
from certify.scholarships.services import application_award, draw_run
from tests.conftest import count_queries
from tests.factories import FundFactory, SponsorMemberFactory, UserFactory
from tests.scholarships.conftest import apply, closed
from tests.scholarships.test_funds_api import FUND

API = "/api/v1/scholarships"
SPONSOR = "/api/v1/sponsor/scholarships"


def test_the_endpoints_are_in_the_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        f"{API}/funds",
        f"{API}/funds/{{slug}}",
        f"{API}/applications",
        f"{API}/applications/{{pk}}",
        f"{API}/applications/{{pk}}/withdraw",
        f"{SPONSOR}/funds",
        f"{SPONSOR}/funds/{{slug}}/applications",
        f"{SPONSOR}/applications/{{pk}}/decision",
        f"{SPONSOR}/funds/{{slug}}/draws",
        f"{SPONSOR}/draws/{{pk}}",
    ):
        assert path in paths, path


def test_anyone_lists_the_funds_without_signing_in(client, enrollment_fund):
    body = client.get(f"{API}/funds").json()
    fund = next(f for f in body["items"] if f["slug"] == enrollment_fund.slug)
    assert (fund["award_cents"], fund["max_awards"], fund["awards_left"]) == (20000, 5, 5)
    assert (fund["required_memberships"], fund["cooldown_months"]) == (["SSD"], 18)
    assert fund["purposes"] == ["enrollment"]
    assert "budget_cents" not in fund
    assert client.get(f"{API}/funds/{enrollment_fund.slug}").json()["sponsor"] == (
        "OLA Support Staff Division"
    )
    assert client.get(f"{API}/funds/nope").status_code == 404


def test_a_candidate_applies_and_reads_their_applications(client, enrollment_fund, member):
    client.force_login(member)
    response = client.post(
        f"{API}/applications",
        {"fund": enrollment_fund.slug, "statement": "I want to enroll."},
        content_type="application/json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["status"] == "submitted"
    assert client.get(f"{API}/applications").json()["items"][0]["id"] == pk
    assert client.get(f"{API}/applications/{pk}").json()["award"] is None
    response = client.post(f"{API}/applications/{pk}/withdraw")
    assert response.json()["status"] == "withdrawn"


def test_a_refusal_lists_every_reason(client, enrollment_fund, candidate):
    client.force_login(candidate)
    response = client.post(
        f"{API}/applications",
        {"fund": enrollment_fund.slug, "statement": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["problems"] == ["Only SSD members can apply; joining SSD is free."]
    assert body["fields"]["statement"].startswith("Write a short statement")
    assert not ScholarshipApplication.objects.exists()


def test_anonymous_callers_get_401_except_on_the_public_list(client, enrollment_fund):
    for url in (f"{API}/applications", f"{SPONSOR}/funds"):
        assert client.get(url).status_code == 401
    response = client.post(
        f"{API}/applications", {"fund": "x", "statement": "y"}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize("role", ["candidate", "another_sponsor", "reviewer", "provider"])
def test_others_cannot_decide_draw_or_read_the_sponsors_lists(
    client, enrollment_fund, ssd, ssd_org, member, committee, role
):
    waiting = apply(enrollment_fund, member)
    draw_fund = FundFactory(sponsor=ssd, method="draw", required_organisations=[ssd_org])
    if role == "another_sponsor":
        client.force_login(SponsorMemberFactory().user)
    else:
        client.force_login(UserFactory(roles=[role]))
    calls = [
        ("get", f"{SPONSOR}/funds/{enrollment_fund.slug}/applications", None),
        ("post", f"{SPONSOR}/applications/{waiting.pk}/decision", {"decision": "award"}),
        ("post", f"{SPONSOR}/funds/{draw_fund.slug}/draws", {}),
        ("get", f"{API}/applications/{waiting.pk}", None),
        ("post", f"{API}/applications/{waiting.pk}/withdraw", None),
    ]
    if role != "another_sponsor":
        calls.append(("get", f"{SPONSOR}/funds", None))
    for method, url, body in calls:
        kwargs = {"content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(url, body or {}, **kwargs)
        if role == "another_sponsor":  # as if it did not exist (test below)
            assert response.status_code == 404, url
        else:  # 404 where the object decides, 403 where the role does
            assert response.status_code in (403, 404), url
    waiting.refresh_from_db()
    assert (waiting.status, Award.objects.count(), Draw.objects.count()) == ("submitted", 0, 0)


def test_another_sponsors_objects_answer_exactly_like_unknown_ones(
    client,
    program,
    enrollment_fund,
    ce_fund,
    ssd,
    ssd_org,
    member,
    make_member,
    committee,
    ssd_admin,
):
    """An administrator of another sponsor gets, for this sponsor's fund, application, draw,
    award and member, the very answer an unknown id gets: a 403 would say the id exists."""
    waiting = apply(enrollment_fund, member)
    award = application_award(application=apply(enrollment_fund, make_member()), actor=committee)
    class_award = application_award(
        application=apply(ce_fund, make_member(), purpose="class", class_details="Cataloging"),
        actor=committee,
    )
    draw_fund = FundFactory(sponsor=ssd, method="draw", required_organisations=[ssd_org])
    apply(draw_fund, make_member())
    draw = draw_run(fund=closed(draw_fund), actor=committee, places=1)
    ssd_member = ssd.members.get(user=ssd_admin)
    client.force_login(SponsorMemberFactory(role="admin").user)
    slug, fund = enrollment_fund.slug, {**FUND, "name": "Mine now"}
    calls = [
        ("get", f"{SPONSOR}/funds/{slug}/applications", {}, slug, "nobody"),
        ("post", f"{SPONSOR}/applications/{waiting.pk}/decision", {"decision": "award"}),
        ("post", f"{SPONSOR}/funds/{draw_fund.slug}/draws", {}, draw_fund.slug, "nobody"),
        ("get", f"{SPONSOR}/draws/{draw.pk}", {}),
        ("put", f"{SPONSOR}/funds/{slug}", fund, slug, "nobody"),
        ("post", f"{SPONSOR}/sponsors/ssd/funds", fund, "/ssd/", "/nobody/"),
        ("post", f"{SPONSOR}/sponsors/ssd/members", {"email": "a@example.org"}, "/ssd/", "/x/"),
        ("delete", f"{SPONSOR}/members/{ssd_member.pk}", {}),
        ("get", f"{API}/applications/{waiting.pk}", {}),
        ("post", f"{API}/awards/{award.pk}/withdraw", {"reason": "Taken"}),
        ("post", f"{API}/awards/{class_award.pk}/payment", {"payee": "candidate"}),
    ]
    for method, url, body, *known in calls:
        old, new = known or (f"/{url.split('/')[-1 if url[-1].isdigit() else -2]}", "/999999")
        unknown = url.replace(old, new, 1)
        assert unknown != url
        answers = [
            getattr(client, method)(each, body, content_type="application/json")
            for each in (url, unknown)
        ]
        said = [(a.status_code, {**a.json(), "instance": ""}) for a in answers]
        assert said[0] == said[1], url
        assert said[0][0] == 404, url
    assert (Award.objects.filter(status="withdrawn").count(), Draw.objects.count()) == (0, 1)


def test_another_sponsors_admin_lists_only_their_own_funds(client, enrollment_fund):
    other = SponsorMemberFactory()
    FundFactory(sponsor=other.sponsor, slug="theirs")
    client.force_login(other.user)
    assert [f["slug"] for f in client.get(f"{SPONSOR}/funds").json()["items"]] == ["theirs"]


def test_the_committee_decides_and_the_sixth_award_is_refused(
    client, enrollment_fund, committee, make_member, program
):
    applications = [apply(enrollment_fund, make_member()) for _ in range(6)]
    client.force_login(committee)
    waiting = client.get(
        f"{SPONSOR}/funds/{enrollment_fund.slug}/applications", {"status": "submitted"}
    ).json()
    assert waiting["count"] == 6
    for application in applications[:5]:
        response = client.post(
            f"{SPONSOR}/applications/{application.pk}/decision",
            {"decision": "award"},
            content_type="application/json",
        )
        assert response.json()["award"]["amount_cents"] == 20000
    response = client.post(
        f"{SPONSOR}/applications/{applications[5].pk}/decision",
        {"decision": "award"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "has made all 5 of its awards" in response.json()["detail"]
    response = client.post(
        f"{SPONSOR}/applications/{applications[5].pk}/decision",
        {"decision": "decline"},
        content_type="application/json",
    )
    assert response.json()["field"] == "reason"
    fund = client.get(f"{SPONSOR}/funds").json()["items"]
    mine = next(f for f in fund if f["slug"] == enrollment_fund.slug)
    assert (mine["committed_cents"], mine["remaining_cents"], mine["waiting"]) == (100000, 0, 1)


def test_the_committee_runs_a_draw_through_the_api(
    client, ssd, ssd_org, committee, make_member, program
):
    fund = FundFactory(sponsor=ssd, method="draw", max_awards=2, required_organisations=[ssd_org])
    for _ in range(4):
        apply(fund, make_member())
    client.force_login(committee)
    response = client.post(
        f"{SPONSOR}/funds/{fund.slug}/draws", {"places": 2}, content_type="application/json"
    )
    assert response.status_code == 400  # applications are open until further notice
    assert "open until further notice" in response.text
    closed(fund)
    response = client.post(
        f"{SPONSOR}/funds/{fund.slug}/draws", {"places": 2}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (len(body["pool"]), len(body["winners"]), body["reproduced"]) == (4, 2, True)
    assert client.get(f"{SPONSOR}/draws/{body['id']}").json()["seed"] == body["seed"]


@pytest.mark.parametrize("which", ["funds", "mine", "sponsor_funds", "sponsor_applications"])
def test_api_lists_do_not_grow(client, ssd, ssd_org, committee, make_member, program, which):
    fund = FundFactory(
        sponsor=ssd, max_awards=20, budget_cents=400_000, required_organisations=[ssd_org]
    )
    person = make_member()
    urls = {
        "funds": f"{API}/funds",
        "mine": f"{API}/applications",
        "sponsor_funds": f"{SPONSOR}/funds",
        "sponsor_applications": f"{SPONSOR}/funds/{fund.slug}/applications",
    }
    client.force_login(person if which == "mine" else committee)

    def grow():
        other = FundFactory(
            sponsor=ssd,
            pays_enrollment=False,
            pays_class=True,
            cooldown_months=0,
            required_organisations=[ssd_org],
        )
        application_award(
            application=apply(other, person, class_details="A class"), actor=committee
        )
        application_award(application=apply(fund, make_member()), actor=committee)

    grow()
    few = count_queries(lambda: client.get(urls[which]))
    for _ in range(3):
        grow()
    assert count_queries(lambda: client.get(urls[which])) == few


def _draw_fund(ssd, ssd_org):
    return FundFactory(
        sponsor=ssd,
        method="draw",
        max_awards=10,
        budget_cents=1_000_000,
        required_organisations=[ssd_org],
    )


def _left_out(fund, make_member, name="Lapsed Member"):
    """An application the fund's next draw leaves out: its applicant's membership lapsed."""
    person = make_member(full_name=name)
    application = apply(fund, person)
    person.memberships.update(status="rejected")
    return person, application


def test_each_reader_of_a_left_out_application_reads_its_reason_in_their_own_words(
    client, ssd, ssd_org, committee, make_member, program
):
    fund = _draw_fund(ssd, ssd_org)
    apply(fund, make_member())
    person, application = _left_out(fund, make_member)
    draw_run(fund=closed(fund), actor=committee)
    client.force_login(committee)
    rows = client.get(f"{SPONSOR}/funds/{fund.slug}/applications").json()["items"]
    row = next(r for r in rows if r["id"] == application.pk)
    assert row["reason"] == (
        "Left out of draw 1: Lapsed Member is not a confirmed SSD member, and only SSD members "
        "can receive it."
    )
    client.force_login(person)  # the applicant reads the words addressed to them
    for url in (f"{API}/applications/{application.pk}", f"{API}/applications"):
        body = client.get(url).json()
        reason = (body["items"][0] if "items" in body else body)["reason"]
        assert reason.endswith(
            "(draw 1): Only SSD members can receive it and you are not a confirmed SSD member, "
            "so you were not in this draw."
        )


def test_the_sponsors_list_of_left_out_applications_does_not_grow(
    client, ssd, ssd_org, committee, make_member, program
):
    fund = _draw_fund(ssd, ssd_org)
    apply(fund, make_member())
    _left_out(fund, make_member)
    draw_run(fund=closed(fund), actor=committee, places=1)
    client.force_login(committee)
    url = f"{SPONSOR}/funds/{fund.slug}/applications"
    few = count_queries(lambda: client.get(url))
    Fund.objects.filter(pk=fund.pk).update(closes_on=None)  # open again for a second draw
    fund.refresh_from_db()
    apply(fund, make_member())
    for n in range(3):
        _left_out(fund, make_member, name=f"Lapsed {n}")
    draw_run(fund=closed(fund), actor=committee, places=1)
    assert Draw.objects.filter(fund=fund).count() == 2
    assert count_queries(lambda: client.get(url)) == few
    rows = client.get(url).json()["items"]
    assert sum(r["reason"].startswith("Left out of draw") for r in rows) == 4


def test_a_personal_access_token_needs_the_scholarships_scope(client, member, enrollment_fund):
    from certify.accounts.tokens import token_create

    apply(enrollment_fund, member)
    good = token_create(user=member, name="t", scopes=["scholarships"]).secret
    other = token_create(user=member, name="u", scopes=["payments"]).secret
    response = client.get(f"{API}/applications", headers={"Authorization": f"Bearer {good}"})
    assert response.json()["count"] == 1
    response = client.get(f"{API}/applications", headers={"Authorization": f"Bearer {other}"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
