"""The sponsor's and committee's operations, as on their pages (ADR 0050): a class award's
payment, inviting and removing people, the rubric, scores and conflicts (a member with a
conflict does not score; nobody scores their own), and the chair confirming the awards."""

import json

import pytest

from certify.accounts.api import conflict_declare
from certify.accounts.models import ColleagueInvitation, Role
from certify.accounts.tokens import token_create
from certify.scholarships.models import (
    Award,
    AwardPayment,
    Fund,
    RubricCriterion,
    ScholarshipApplication,
    Scorecard,
    SponsorMember,
)
from certify.scholarships.services import application_award, rubric_save
from tests.factories import MembershipFactory, UserFactory
from tests.scholarships.conftest import (  # noqa: F401  (fixtures)
    apply,
    ce_fund,
    committee,
    enroll,
    enrollment_fund,
    make_member,
    member,
    program,
    ssd,
    ssd_admin,
    ssd_org,
)

SPONSOR = "/api/v1/sponsor/scholarships"
RUBRIC = [{"name": "Need", "max_points": 10}, {"name": "Commitment", "max_points": 5}]

pytestmark = pytest.mark.django_db


def _send(client, method, url, body=None, **headers):
    data = json.dumps(body or {})
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


# --- A class award's payment -------------------------------------------------------------------


def test_the_committee_records_a_class_awards_payment_once(
    client,
    program,  # noqa: F811
    ce_fund,  # noqa: F811
    member,  # noqa: F811
    committee,  # noqa: F811
):
    award = application_award(
        application=apply(ce_fund, member, purpose="class", class_details="Cataloging"),
        actor=committee,
    )
    url = f"/api/v1/scholarships/awards/{award.pk}/payment"
    client.force_login(member)
    assert _send(client, "POST", url, {"payee": "candidate", "reference": "C1"}).status_code == 403
    client.force_login(committee)
    missing = _send(client, "POST", url, {"payee": "provider", "reference": "C1"})
    assert (missing.status_code, missing.json()["field"]) == (400, "payee_name")
    assert missing.json()["detail"] == "Enter the name of the class provider who was paid."
    early = _send(client, "POST", url, {"payee": "candidate", "reference": "Check 2207"})
    assert early.status_code == 400
    assert early.json()["detail"] == (
        "This class award is not payable yet. Payable once Ravi Patel has enrolled in LSSCP "
        "(the program accepts their application); today they have no application to it. It "
        "cannot be recorded as paid before then."
    )
    enroll(ce_fund, member)
    done = _send(client, "POST", url, {"payee": "candidate", "reference": "Check 2207"})
    assert done.status_code == 201, done.text
    assert done.json()["payee_name"] == member.full_name
    assert Award.objects.get(pk=award.pk).status == "paid"
    replay = _send(client, "POST", url, {"payee": "candidate", "reference": "Check 2207"})
    assert replay.status_code == 400
    assert AwardPayment.objects.count() == 1


# --- The sponsor's people ----------------------------------------------------------------------


def test_the_administrator_invites_and_removes_and_a_committee_member_cannot(
    client,
    ssd,  # noqa: F811
    ssd_admin,  # noqa: F811
    committee,  # noqa: F811
):
    url = f"{SPONSOR}/sponsors/{ssd.slug}/members"
    body = {"email": "Jo.Reader@Example.org", "role": "committee"}
    client.force_login(committee)
    assert _send(client, "POST", url, body).status_code == 403
    secret = token_create(user=ssd_admin, name="t", scopes=["scholarships"]).secret
    bad = _send(client, "POST", url, {"email": "jo", "role": "committee"}, **_bearer(secret))
    assert (bad.status_code, bad.json()["field"]) == (400, "email")
    done = _send(client, "POST", url, body, **_bearer(secret))
    assert done.status_code == 201, done.text
    assert done.json()["email"] == "jo.reader@example.org"
    again = _send(client, "POST", url, body, **_bearer(secret))
    assert again.status_code == 201  # "send it again": the earlier link stops working
    pending = ColleagueInvitation.objects.filter(email="jo.reader@example.org", status="pending")
    assert pending.count() == 1

    seat = SponsorMember.objects.get(user=committee)
    remove = f"{SPONSOR}/members/{seat.pk}"
    client.force_login(committee)
    assert _send(client, "DELETE", remove).status_code == 403
    assert _send(client, "DELETE", remove, **_bearer(secret)).json()["removed"]
    assert not SponsorMember.objects.filter(user=committee).exists()
    assert _send(client, "DELETE", remove, **_bearer(secret)).status_code == 404


def test_the_last_administrator_stays(client, ssd, ssd_admin):  # noqa: F811
    client.force_login(ssd_admin)
    seat = SponsorMember.objects.get(user=ssd_admin)
    refused = _send(client, "DELETE", f"{SPONSOR}/members/{seat.pk}")
    assert refused.status_code == 400
    assert SponsorMember.objects.filter(pk=seat.pk).exists()


# --- The committee workspace -------------------------------------------------------------------


@pytest.fixture
def chair(ssd, enrollment_fund):  # noqa: F811
    user = UserFactory(full_name="Carla Chair", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=user, role=SponsorMember.Role.ADMIN)
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=user, max_awards=1)
    return user


def test_the_administrator_sets_the_rubric_with_the_pages_words_until_scoring_starts(
    client,
    chair,
    committee,  # noqa: F811
    enrollment_fund,  # noqa: F811
    member,  # noqa: F811
):
    url = f"{SPONSOR}/funds/{enrollment_fund.slug}/rubric"
    client.force_login(committee)
    assert _send(client, "PUT", url, {"criteria": RUBRIC}).status_code == 403
    client.force_login(chair)
    bad = _send(client, "PUT", url, {"criteria": [{"name": "Need"}, {"max_points": 3}]})
    assert bad.status_code == 400
    assert bad.json()["fields"] == {
        "0-max_points": "Give the most points, from 1 to 100.",
        "1-name": "Name the criterion.",
    }
    done = _send(client, "PUT", url, {"criteria": RUBRIC})
    assert done.status_code == 200, done.text
    assert [c["name"] for c in done.json()["criteria"]] == ["Need", "Commitment"]
    assert _send(client, "PUT", url, {"criteria": RUBRIC}).status_code == 200  # the same again
    assert RubricCriterion.objects.filter(fund=enrollment_fund).count() == 2
    _score(client, committee, apply(enrollment_fund, member), 5, 5)
    client.force_login(chair)
    late = _send(client, "PUT", url, {"criteria": RUBRIC[:1]})
    assert late.status_code == 400
    assert "started scoring" in late.json()["detail"]


def _score(client, who, application, need, commitment):
    need_c, commit_c = RubricCriterion.objects.filter(fund=application.fund).order_by("position")
    client.force_login(who)
    return _send(
        client,
        "PUT",
        f"{SPONSOR}/applications/{application.pk}/scorecard",
        {
            "scores": [
                {"criterion": need_c.pk, "points": need},
                {"criterion": commit_c.pk, "points": commitment},
            ]
        },
    )


@pytest.fixture
def rubric(chair, enrollment_fund):  # noqa: F811
    rubric_save(fund=enrollment_fund, actor=chair, criteria=RUBRIC)


def test_a_member_scores_and_scores_again_with_field_errors_in_the_pages_words(
    client,
    rubric,
    committee,  # noqa: F811
    enrollment_fund,  # noqa: F811
    member,  # noqa: F811
):
    application = apply(enrollment_fund, member)
    need, commitment = RubricCriterion.objects.filter(fund=enrollment_fund).order_by("position")
    client.force_login(committee)
    url = f"{SPONSOR}/applications/{application.pk}/scorecard"
    bad = _send(client, "PUT", url, {"scores": [{"criterion": need.pk, "points": 11}]})
    assert bad.status_code == 400
    assert bad.json()["fields"] == {
        f"points_{need.pk}": "“Need” is scored from 0 to 10.",
        f"points_{commitment.pk}": "Score “Commitment” from 0 to 5.",
    }
    assert _score(client, committee, application, 7, 4).json()["total_points"] == 11
    assert _score(client, committee, application, 6, 4).json()["total_points"] == 10
    assert Scorecard.objects.get().total_points == 10


def test_a_member_with_a_conflict_or_their_own_application_does_not_score(
    client,
    rubric,
    committee,  # noqa: F811
    enrollment_fund,  # noqa: F811
    member,  # noqa: F811
    ssd_org,  # noqa: F811
):
    application = apply(enrollment_fund, member)
    conflict_declare(actor=committee, person_email=member.email, reason="My cousin")
    refused = _score(client, committee, application, 5, 5)
    assert refused.status_code == 403
    assert "conflict" in refused.json()["detail"]
    MembershipFactory(user=committee, organisation=ssd_org)
    own = apply(enrollment_fund, committee)
    refused = _score(client, committee, own, 5, 5)
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "This is your own application: you are left out of it.",
    )
    outsider = UserFactory(roles=[Role.SPONSOR])
    assert (
        _score(client, outsider, application, 5, 5).status_code == 404
    )  # another sponsor: as an unknown id
    assert not Scorecard.objects.exists()


def test_a_member_left_out_of_an_application_is_not_shown_it_in_the_fund_list(
    client,
    committee,  # noqa: F811
    enrollment_fund,  # noqa: F811
    member,  # noqa: F811
    make_member,  # noqa: F811
    ssd_org,  # noqa: F811
):
    """As on the pages (`test_a_member_who_declares_a_conflict_is_left_out_of_the_application`),
    a member who declared a conflict with an applicant, or who applied themselves, does not read
    that application (its statement, details, e-mail) through the fund's list; while their own
    waits they read none of its rivals either; the others stay listed, and program staff still
    see every one."""
    private = apply(enrollment_fund, member, statement="My private circumstances are hard.")
    other = apply(enrollment_fund, make_member())
    MembershipFactory(user=committee, organisation=ssd_org)
    own = apply(enrollment_fund, committee)
    conflict_declare(actor=committee, person_email=member.email, reason="My cousin")
    client.force_login(committee)
    url = f"{SPONSOR}/funds/{enrollment_fund.slug}/applications"
    assert client.get(url).json()["items"] == []  # their own waits: it competes with them all
    ScholarshipApplication.objects.filter(pk=own.pk).update(status="withdrawn")
    response = client.get(url)
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["items"]] == [other.pk]
    assert "My private circumstances" not in response.text
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    listed = [a["id"] for a in client.get(url).json()["items"]]
    assert sorted(listed) == sorted([private.pk, other.pk, own.pk])


def test_a_member_declares_a_conflict_from_the_application_once(
    client,
    rubric,
    committee,  # noqa: F811
    enrollment_fund,  # noqa: F811
    member,  # noqa: F811
):
    application = apply(enrollment_fund, member)
    client.force_login(committee)
    url = f"{SPONSOR}/applications/{application.pk}/conflict"
    missing = _send(client, "POST", url, {"reason": ""})
    assert (missing.status_code, missing.json()["field"]) == (400, "reason")
    done = _send(client, "POST", url, {"reason": "I supervise them."})
    assert done.status_code == 201, done.text
    replay = _send(client, "POST", url, {"reason": "I supervise them."})
    assert replay.status_code == 403  # already left out of it
    assert _score(client, committee, application, 5, 5).status_code == 403


@pytest.fixture
def ranked(client, rubric, committee, enrollment_fund, make_member, program):  # noqa: F811
    """Two applications the committee scored, the first ahead; and the confirm operation."""
    first = apply(enrollment_fund, make_member(full_name="First Applicant"))
    second = apply(enrollment_fund, make_member(full_name="Second Applicant"))
    _score(client, committee, first, 9, 5)
    _score(client, committee, second, 3, 2)
    return first, second, f"{SPONSOR}/funds/{enrollment_fund.slug}/confirm"


def test_the_chair_confirms_the_ranking_once_and_members_cannot(
    client,
    ranked,
    chair,
    committee,  # noqa: F811
):
    first, second, url = ranked
    client.force_login(committee)
    assert _send(client, "POST", url).status_code == 403
    client.force_login(chair)
    done = _send(client, "POST", url)
    assert done.status_code == 200, done.text
    assert done.json() == {"awarded": [first.pk], "declined": [second.pk], "draw": None}
    statuses = dict(ScholarshipApplication.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk]) == ("awarded", "declined")
    replay = _send(client, "POST", url)
    assert replay.status_code == 400
    assert Award.objects.count() == 1


def test_the_chair_confirms_the_outline_read_and_not_one_changed_since(
    client,
    ranked,
    chair,
    committee,  # noqa: F811
):
    first, second, url = ranked
    client.force_login(committee)
    assert client.get(url).status_code == 403  # a member: the chair only
    client.force_login(chair)
    read = client.get(url).json()
    assert (read["awarded"], read["declined"], read["unscored"]) == ([first.pk], [second.pk], [])
    _score(client, committee, second, 10, 5)  # the member changes their mind meanwhile
    client.force_login(chair)
    stale = _send(client, "POST", url, {"outcome": read["outcome"]})
    assert stale.status_code == 400
    assert "The ranking changed since you opened the page" in stale.json()["detail"]
    assert not Award.objects.exists()
    read = client.get(url).json()
    assert read["awarded"] == [second.pk]
    done = _send(client, "POST", url, {"outcome": read["outcome"]})
    assert done.json() == {"awarded": [second.pk], "declined": [first.pk], "draw": None}


def test_a_draw_funds_applications_are_not_scored_through_the_api(
    client,
    rubric,
    committee,  # noqa: F811
    enrollment_fund,  # noqa: F811
    member,  # noqa: F811
):
    application = apply(enrollment_fund, member)
    Fund.objects.filter(pk=enrollment_fund.pk).update(method=Fund.Method.DRAW)
    refused = _score(client, committee, application, 7, 4)
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "The SSD LSSCP Enrollment Scholarship awards by a random draw among the eligible "
        "applicants, so its applications are not scored: scores would have no part in who is "
        "awarded."
    )
    assert not Scorecard.objects.exists()


def test_the_decisions_description_and_examples_name_its_refusals_in_the_services_words(
    client,
    committee,  # noqa: F811
    ssd_admin,  # noqa: F811
    enrollment_fund,  # noqa: F811
    make_member,  # noqa: F811
    ssd_org,  # noqa: F811
):
    operation = client.get("/api/v1/openapi.json").json()["paths"][
        f"{SPONSOR}/applications/{{pk}}/decision"
    ]["post"]
    assert "random draw" in operation["description"]
    assert "own application to the same fund is waiting" in operation["description"]
    documented = {
        name: example["value"]["detail"]
        for name, example in operation["responses"]["400"]["content"]["application/problem+json"][
            "examples"
        ].items()
    }
    rival = apply(enrollment_fund, make_member(full_name="Rita Rival"))

    def refused(who):
        client.force_login(who)
        answer = _send(
            client, "POST", f"{SPONSOR}/applications/{rival.pk}/decision", {"decision": "award"}
        )
        assert answer.status_code == 400
        return answer.json()["detail"]

    MembershipFactory(user=committee, organisation=ssd_org)
    own = apply(enrollment_fund, committee)
    assert refused(committee) == documented["competing"]
    ScholarshipApplication.objects.filter(pk=own.pk).delete()
    chair = UserFactory(full_name="Carla Chair", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=enrollment_fund.sponsor, user=chair, role="admin")
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=chair)
    assert refused(committee) == documented["chair"]
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=None, method=Fund.Method.DRAW)
    assert refused(ssd_admin) == documented["draw"]
    assert not Award.objects.exists()


def test_a_draw_fund_gets_no_rubric_through_the_api(client, chair, enrollment_fund):  # noqa: F811
    Fund.objects.filter(pk=enrollment_fund.pk).update(method=Fund.Method.DRAW)
    client.force_login(chair)
    url = f"{SPONSOR}/funds/{enrollment_fund.slug}/rubric"
    refused = _send(client, "PUT", url, {"criteria": RUBRIC})
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "The SSD LSSCP Enrollment Scholarship awards by a random draw among the eligible "
        "applicants, so it has no rubric: nobody scores its applications."
    )
    assert not RubricCriterion.objects.filter(fund=enrollment_fund).exists()
