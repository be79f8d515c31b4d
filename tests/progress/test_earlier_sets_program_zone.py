"""The plan's sets from an earlier version of the framework say the day each was completed in the
program's time zone (RULINGS: a case's dates are shown there), as the current sets do: RMT
(Denver) completes VIT at 23:30 on 2 March, when it is already 3 March in Chicago (the site's
`TIME_ZONE`); a new version drops VIT, the candidate is moved, and VIT stays under "From an
earlier version of the framework", "completed March 2, 2027"."""

from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.programs import frameworks
from certify.programs.models import CompetencySet
from certify.progress import services
from certify.progress.framework_moves import plan_framework_move
from tests.clock import clock_at
from tests.factories import ApplicationFactory, UserFactory
from tests.programs.second_program import rmt_set_up


@clock_at("2027-03-02T23:30:00-07:00")  # 06:30 UTC, 00:30 on the 3rd in Chicago
def test_an_earlier_versions_set_was_completed_on_the_programs_day(staff, client):
    rmt = rmt_set_up(staff)
    candidate = UserFactory(roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=rmt, status=Application.Status.ACCEPTED
    )
    services.plan_ensure(application=application)
    services.electives_choose(application=application, actor=candidate, set_codes=["VIT"])
    vit = application.planned_sets.get(competency_set__code="VIT")
    services.planned_set_satisfy(planned=vit, actor=None, route="course", evidence="A course")
    draft = frameworks.framework_draft_start(program=rmt, actor=staff, label="2028 revision")
    frameworks.framework_set_delete(
        competency_set=CompetencySet.objects.get(framework_version=draft, code="VIT"), actor=staff
    )
    frameworks.framework_publish(version=draft, actor=staff)
    plan_framework_move(application=application, actor=staff)
    client.force_login(candidate)
    page = " ".join(client.get(reverse("progress:plan")).text.split())
    earlier = page.split('id="earlier"', 1)[1]
    assert "VIT: Vital Records Protection" in earlier
    assert "completed March 2, 2027." in earlier
    assert "March 3, 2027" not in earlier
