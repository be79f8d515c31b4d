"""The plan's rule at its edges: every core set and the program's number of electives (three
for LSSCP) complete the plan, one short of either does not; a completed set is never redone."""

import pytest

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.progress import services
from tests.factories import ApplicationFactory, UserFactory

CORE, ELECTIVES = ["FLS", "CT", "TEC"], ["REF", "CAT", "YTH"]


@pytest.fixture
def enrolled(lsscp):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )
    services.electives_choose(application=application, actor=candidate, set_codes=ELECTIVES)
    return application


def _satisfy(application, codes):
    for code in codes:
        row = application.planned_sets.get(competency_set__code=code)
        services.planned_set_satisfy(planned=row, actor=None, route="course", evidence=code)


@pytest.mark.parametrize(
    ("done", "complete"),
    [
        (CORE + ELECTIVES, True),
        (CORE + ELECTIVES[:2], False),  # one elective short
        (CORE[:2] + ELECTIVES, False),  # one core set short
        (CORE[1:] + ELECTIVES, False),
        (ELECTIVES, False),
    ],
)
def test_all_core_sets_and_three_electives_complete_the_plan(enrolled, done, complete):
    assert enrolled.rule("electives_required") == len(ELECTIVES)
    _satisfy(enrolled, done)
    assert services.plan_is_complete(application=enrolled) is complete


def test_a_completed_set_is_never_redone(enrolled):
    _satisfy(enrolled, ["TEC", "REF"])
    tec = enrolled.planned_sets.get(competency_set__code="TEC")
    with pytest.raises(DomainError, match=r"This set is already complete\."):
        services.route_choose(planned=tec, actor=enrolled.candidate, route="portfolio")
    tec.refresh_from_db()
    assert (tec.route, tec.evidence, tec.is_satisfied) == ("course", "TEC", True)
    with pytest.raises(DomainError, match="already started or completed Reference"):
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["ACC", "CAT", "YTH"]
        )
    assert enrolled.planned_sets.filter(competency_set__code="REF").exists()
