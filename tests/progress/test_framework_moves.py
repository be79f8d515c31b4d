"""A new version of the framework (ADR 0056): enrolled candidates keep theirs with what they
completed; new candidates get the new one; staff move candidates along the mapping, and a
completed set is never lost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.programs import frameworks
from certify.programs.models import CompetencySet, FrameworkVersion
from certify.progress import selectors, services
from certify.progress.framework_moves import plan_framework_move, plan_framework_move_all
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory


def _enrolled(program):
    application = ApplicationFactory(
        candidate=UserFactory(roles=[Role.CANDIDATE]),
        program=program,
        status=Application.Status.ACCEPTED,
    )
    services.plan_ensure(application=application)
    services.electives_choose(
        application=application, actor=application.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    return application


def _complete(application, code):
    row = application.planned_sets.get(competency_set__code=code)
    return services.planned_set_satisfy(planned=row, actor=None, route="course", evidence="x")


@pytest.fixture
def revision(lsscp, staff):
    """Version 2 of LSSCP: TEC renamed DIG (same set), YTH removed, a new core set NEW."""
    draft = frameworks.framework_draft_start(program=lsscp, actor=staff, label="2012 revision")
    tec = CompetencySet.objects.get(framework_version=draft, code="TEC")
    frameworks.framework_set_save(
        version=draft,
        actor=staff,
        competency_set=tec,
        code="DIG",
        name="Digital Literacy",
        kind="core",
        order=tec.order,
        summary=tec.summary,
    )
    frameworks.framework_set_delete(
        competency_set=CompetencySet.objects.get(framework_version=draft, code="YTH"), actor=staff
    )
    new = frameworks.framework_set_save(
        version=draft, actor=staff, code="NEW", name="A new core set", kind="core"
    )
    frameworks.framework_competency_save(
        competency_set=new, actor=staff, code="NEW-01", statement="Does the new thing."
    )
    return draft


def test_publishing_leaves_enrolled_candidates_on_theirs_and_new_ones_get_it(
    lsscp, staff, revision, django_capture_on_commit_callbacks, client
):
    from certify.applications.decisions import application_accept
    from certify.applications.services import application_submit

    enrolled = _enrolled(lsscp)
    _complete(enrolled, "TEC")
    _complete(enrolled, "YTH")
    v1 = enrolled.framework_version
    assert v1.number == 1

    frameworks.framework_publish(version=revision, actor=staff)

    enrolled.refresh_from_db()
    assert enrolled.framework_version == v1
    v1.refresh_from_db()
    assert v1.status == FrameworkVersion.Status.RETIRED
    plan = selectors.plan_get(application=enrolled)
    assert [p.competency_set.code for p in plan.core] == ["FLS", "CT", "TEC"]
    done = {p.competency_set.code for p in plan.core + plan.electives if p.is_satisfied}
    assert done == {"TEC", "YTH"}
    # Her plan says so in her words: the sets are those in force when she was accepted.
    client.force_login(enrolled.candidate)
    page = " ".join(client.get(reverse("progress:plan")).text.split())
    assert (
        "when the program updates it, the update is a new version. Your sets are those of the "
        "LSSCP framework's version 1, in force when you were accepted: they stay yours even if "
        "the program changes them later."
    ) in page

    newcomer = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(application=newcomer)
    application_submit(application=newcomer, actor=newcomer.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        application_accept(application=newcomer, actor=staff)
    newcomer.refresh_from_db()
    assert newcomer.framework_version == revision
    codes = sorted(newcomer.planned_sets.values_list("competency_set__code", flat=True))
    assert codes == ["CT", "DIG", "FLS", "NEW"]
    # Public pages show the published version.
    from certify.programs.api import competency_set_list

    assert "DIG" in {s.code for s in competency_set_list(program=lsscp)}
    assert "YTH" not in {s.code for s in competency_set_list(program=lsscp)}


def test_moving_a_candidate_carries_completed_sets_along_the_mapping(lsscp, staff, revision):
    enrolled = _enrolled(lsscp)
    _complete(enrolled, "TEC")
    _complete(enrolled, "YTH")
    _complete(enrolled, "REF")
    # Staff decide REF counts as no set of version 2 (default: matched by identifier).
    ref = CompetencySet.objects.get(framework_version__number=1, program=lsscp, code="REF")
    frameworks.framework_mapping_save(draft=revision, actor=staff, mapping={ref.pk: None})
    frameworks.framework_publish(version=revision, actor=staff)

    report = plan_framework_move(application=enrolled, actor=staff)

    enrolled.refresh_from_db()
    assert enrolled.framework_version == revision
    assert "TEC → DIG" in report.carried
    assert sorted(report.kept) == ["REF", "YTH"]
    plan = selectors.plan_get(application=enrolled)
    dig = next(p for p in plan.core if p.competency_set.code == "DIG")
    assert dig.is_satisfied
    assert dig.carried_from.code == "TEC"
    assert [p.competency_set.code for p in plan.core] == ["FLS", "CT", "DIG", "NEW"]
    # Completed sets that count as none of version 2 stay recorded and visible.
    assert sorted(p.competency_set.code for p in plan.earlier) == ["REF", "YTH"]
    assert all(p.is_satisfied for p in plan.earlier)
    assert [p.competency_set.code for p in plan.electives] == ["CAT"]
    # The earlier sets come in one more query, however many there are (with their versions).
    with CaptureQueriesContext(connection) as ctx:
        again = selectors.plan_get(application=enrolled)
        [(p.competency_set.code, p.competency_set.framework_version.name) for p in again.earlier]
    assert len(ctx.captured_queries) == 3
    event = AuditEvent.objects.get(verb="plan.framework_moved")
    assert event.data["carried"] == ["TEC → DIG"]


def test_moving_every_candidate_of_an_old_version(lsscp, staff, revision, client):
    first, _second = _enrolled(lsscp), _enrolled(lsscp)
    _complete(first, "TEC")
    frameworks.framework_publish(version=revision, actor=staff)
    v1 = FrameworkVersion.objects.get(program=lsscp, number=1)
    client.force_login(staff)
    url = reverse("progress:framework_move_all", kwargs={"slug": lsscp.slug, "number": 1})
    retired_page = client.get(
        reverse("programs:framework_version", kwargs={"slug": lsscp.slug, "number": 1})
    )
    assert url in retired_page.text
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert Application.objects.filter(framework_version=v1).count() == 2  # GET moved nobody
    client.post(url)
    assert Application.objects.filter(framework_version=revision).count() == 2
    assert first.planned_sets.get(competency_set__code="DIG").is_satisfied
    assert plan_framework_move_all(version=v1, actor=staff) == 0


def test_only_program_staff_move_candidates_and_never_their_own_case(lsscp, staff, revision):
    enrolled = _enrolled(lsscp)
    frameworks.framework_publish(version=revision, actor=staff)
    with pytest.raises(DomainError, match="Only program staff"):
        plan_framework_move(application=enrolled, actor=enrolled.candidate)
    enrolled.candidate.roles = [Role.CANDIDATE, Role.PROGRAM_STAFF]
    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    Application.objects.filter(pk=enrolled.pk).update(candidate=own)
    enrolled.refresh_from_db()
    with pytest.raises(DomainError, match="own case"):
        plan_framework_move(application=enrolled, actor=own)


def test_a_route_the_set_does_not_allow_is_refused(lsscp, staff):
    enrolled = _enrolled(lsscp)
    tec = CompetencySet.objects.get(program=lsscp, code="TEC")
    CompetencySet.objects.filter(pk=tec.pk).update(routes="portfolio")
    row = enrolled.planned_sets.get(competency_set=tec)
    with pytest.raises(DomainError, match="shown by portfolio only"):
        services.route_choose(planned=row, actor=enrolled.candidate, route="course")
    services.route_choose(planned=row, actor=enrolled.candidate, route="portfolio")
