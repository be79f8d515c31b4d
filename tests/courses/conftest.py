import shutil
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.api import add_years
from certify.applications.models import Application
from certify.courses import services
from certify.courses.models import Course, CourseApproval, CourseCompetency, ProviderConsent
from certify.courses.numbers import candidate_number
from certify.progress.services import plan_ensure, route_choose
from tests import files
from tests.factories import ApplicationFactory, CourseFactory, ProviderFactory, UserFactory
from tests.workflow import force_status

PDF = files.PDF  # a real PDF: uploads are opened, not only typed


@pytest.fixture(autouse=True, scope="session")
def _clean_private_storage():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


def pdf_upload(name="certificate.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def csv_upload(text: str, name="completions.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def ct(lsscp):
    return lsscp.competency_sets.get(code="CT")


@pytest.fixture
def tec(lsscp):
    return lsscp.competency_sets.get(code="TEC")


@pytest.fixture
def provider_user(db):
    return UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])


@pytest.fixture
def provider(provider_user):
    return ProviderFactory(name="Northside Community College", staff=[provider_user])


@pytest.fixture
def other_provider_user(db):
    """Staff of another provider: must never see or act for `provider`."""
    user = UserFactory(roles=[Role.PROVIDER])
    ProviderFactory(name="Elsewhere Online School", staff=[user])
    return user


def approve(course: Course, *, on: date | None = None, years: int = 4) -> Course:
    """Approve a course directly (the approval services are tested on their own)."""
    on = on or timezone.localdate()
    expires = add_years(on, years) - timedelta(days=1)
    number = course.approvals.count() + 1
    CourseApproval.objects.create(course=course, number=number, starts_on=on, expires_on=expires)
    force_status(course, Course.Status.APPROVED)
    course.first_approved_on = course.first_approved_on or on
    course.approval_expires_on = expires
    course.save()
    return course


def full_map(course: Course) -> None:
    CourseCompetency.objects.bulk_create(
        CourseCompetency(course=course, competency=c, content=f"Unit {c.order}: {c.code}")
        for c in course.competency_set.competencies.all()
    )


def approved_course(*, provider, competency_set, on: date | None = None, **fields) -> Course:
    course = CourseFactory(provider=provider, competency_set=competency_set, **fields)
    full_map(course)
    return approve(course, on=on)


@pytest.fixture
def course(provider, ct):
    """An approved CT course of `provider`, approved today."""
    return approved_course(
        provider=provider, competency_set=ct, title="Communicating at the Library Desk"
    )


def enrol(program, *, email=None, name="Dana Okafor", sets=("CT",), route="course", names=None):
    """An accepted candidate whose plan has the core sets, with `route` chosen for `sets`; with
    `names`, their plan names that course for its set (consent to its provider, ADR 0021)."""
    kwargs = {"email": email} if email else {}
    candidate = UserFactory(full_name=name, roles=[Role.CANDIDATE], **kwargs)
    application = ApplicationFactory(
        candidate=candidate, program=program, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    for code in sets:
        row = application.planned_sets.get(competency_set__code=code)
        route_choose(planned=row, actor=candidate, route=route)
    if names is not None:
        name_in_plan(application, names)
    return application


def name_in_plan(application, course):
    """The candidate names `course` in their plan for its set."""
    from certify.courses.services import course_name_in_plan

    planned = application.planned_sets.get(competency_set=course.competency_set)
    return course_name_in_plan(planned=planned, actor=application.candidate, course=course)


@pytest.fixture
def enrolled(lsscp):
    return enrol(lsscp, email="dana@example.org")


@pytest.fixture
def planned(enrolled):
    return enrolled.planned_sets.get(competency_set__code="CT")


# --- Reporting completions through the API, and consent by invitation (ADR 0021) ---------------

NOT_MATCHED = "Not matched: kept for program staff."


@pytest.fixture
def key(provider, provider_user):
    return services.api_key_create(provider=provider, actor=provider_user, name="LMS")[1]


def report(client, provider, course, key, items):
    return client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
        {"completions": items},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def invite_and_accept(course, application, actor):
    services.consent_invite(
        provider=course.provider, course=course, actor=actor, who=candidate_number(application)
    )
    consent = ProviderConsent.objects.get(application=application, course=course)
    return services.consent_decide(consent=consent, actor=application.candidate, move="accept")
