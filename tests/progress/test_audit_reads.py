"""The plan's audit entries name the candidate, the program and the set without reading those rows
again: the services load them with the row they lock (`AUDITED_WITH_SET`)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.models import AuditEvent
from certify.progress import services
from certify.progress.models import PlannedSet
from tests.factories import ApplicationFactory, UserFactory

# One row of these tables read by its key, as a foreign key not loaded with its row reads it.
NAMED_ROWS = re.compile(
    r'FROM "(accounts_user|programs_program|programs_competencyset)" WHERE "\1"."id" = '
)


@pytest.fixture
def enrolled(lsscp):
    candidate = UserFactory(full_name="Ana Planner", roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )
    services.plan_ensure(application=application)
    return application


def reads_of_named_rows(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return [q["sql"] for q in ctx.captured_queries if NAMED_ROWS.search(q["sql"])]


def fresh(application, code):
    """The planned set as a view has it: read by its key, nothing related loaded."""
    return PlannedSet.objects.get(application=application, competency_set__code=code)


def test_choosing_a_route_names_the_application_without_reading_it_again(enrolled):
    row = fresh(enrolled, "FLS")
    reads = reads_of_named_rows(
        lambda: services.route_choose(planned=row, actor=enrolled.candidate, route="portfolio")
    )
    assert reads == []
    event = AuditEvent.objects.get(verb="plan.route_chosen")
    assert event.target_repr == f"Ana Planner — {enrolled.program}"


def test_a_satisfied_set_names_its_candidate_and_set_without_reading_them_again(enrolled):
    row = fresh(enrolled, "FLS")
    reads = reads_of_named_rows(
        lambda: services.planned_set_satisfy(
            planned=row, actor=None, route="course", evidence="Course completed"
        )
    )
    assert reads == []
    event = AuditEvent.objects.get(verb="plan_set.satisfied")
    assert event.target_repr.startswith("Ana Planner: ")
    assert row.competency_set.name in event.target_repr
