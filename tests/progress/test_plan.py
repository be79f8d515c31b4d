import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.progress import services
from certify.progress.models import PlannedSet
from tests.conftest import count_queries
from tests.factories import ApplicationFactory, UserFactory


@pytest.fixture
def enrolled(lsscp):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    return ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )


def test_the_plan_holds_every_core_set(enrolled):
    rows = services.plan_ensure(application=enrolled)
    assert sorted(r.competency_set.code for r in rows) == ["CT", "FLS", "TEC"]
    assert len(services.plan_ensure(application=enrolled)) == 3  # idempotent


def test_the_plan_opens_only_after_acceptance(lsscp):
    draft = ApplicationFactory(program=lsscp)
    with pytest.raises(DomainError, match="once your application is accepted"):
        services.plan_ensure(application=draft)


def test_exactly_three_electives(enrolled):
    with pytest.raises(DomainError, match="Choose exactly 3 electives \\(you chose 2\\)"):
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT"]
        )
    with pytest.raises(DomainError, match="Not an elective"):
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "FLS"]
        )
    rows = services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["ref", "CAT", "YTH"]
    )
    assert len(rows) == 6


def test_electives_change_until_a_set_is_started(enrolled):
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    ref = enrolled.planned_sets.get(competency_set__code="REF")
    services.planned_set_start(planned=ref)
    with pytest.raises(DomainError, match="already started or completed Reference"):
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["ACC", "CAT", "YTH"]
        )
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "ACC", "YTH"]
    )
    codes = set(enrolled.planned_sets.values_list("competency_set__code", flat=True))
    assert codes == {"FLS", "CT", "TEC", "REF", "ACC", "YTH"}


def test_completing_every_set_completes_the_plan_once(enrolled):
    calls = []
    services._ON_COMPLETE.append(lambda **kw: calls.append(kw["application"]))
    try:
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
        )
        rows = list(enrolled.planned_sets.all())
        for row in rows:
            services.planned_set_satisfy(planned=row, actor=None, route="course", evidence="x")
        services.planned_set_satisfy(planned=rows[0], actor=None, route="course", evidence="again")
    finally:
        services._ON_COMPLETE.pop()
    assert calls == [enrolled]
    assert services.plan_is_complete(application=enrolled)
    assert enrolled.planned_sets.get(pk=rows[0].pk).evidence == "x"  # never redone


def test_the_plan_page_and_route_choice(client, enrolled):
    client.force_login(enrolled.candidate)
    page = client.get(reverse("progress:plan")).text
    assert "0 of 6 competency sets complete" in page
    assert "the enrollment fee is unpaid" in page
    client.post(reverse("progress:electives"), {"electives": ["REF", "CAT", "YTH"]})
    row = enrolled.planned_sets.get(competency_set__code="CT")
    client.post(reverse("progress:route", args=[row.pk]), {"route": "portfolio"})
    row.refresh_from_db()
    assert row.route == PlannedSet.Route.PORTFOLIO
    assert "Start the portfolio" in client.get(reverse("progress:plan")).text


def test_another_candidate_cannot_change_a_route(client, enrolled):
    services.plan_ensure(application=enrolled)
    row = enrolled.planned_sets.first()
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert (
        client.post(reverse("progress:route", args=[row.pk]), {"route": "course"}).status_code
        == 404
    )
    row.refresh_from_db()
    assert row.route == ""


@pytest.mark.parametrize("role", ["reviewer", "provider", "sponsor", "candidate"])
def test_staff_plan_view_is_refused_to_others(db, enrolled, client_as, role):
    assert (
        client_as(role).get(reverse("progress:staff_plan", args=[enrolled.pk])).status_code == 403
    )


def test_staff_plan_view_query_count_is_fixed(client, enrolled, staff):
    client.force_login(staff)
    services.plan_ensure(application=enrolled)
    few = count_queries(lambda: client.get(reverse("progress:staff_plan", args=[enrolled.pk])))
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    assert (
        count_queries(lambda: client.get(reverse("progress:staff_plan", args=[enrolled.pk]))) == few
    )
