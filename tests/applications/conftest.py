import pytest

from certify.accounts.models import Role
from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory


@pytest.fixture
def applicant(db):
    return UserFactory(full_name="Dana Okafor", roles=[Role.CANDIDATE])


@pytest.fixture
def draft(lsscp, applicant):
    """A complete draft with exactly the eligible hours LSSCP requires."""
    application = ApplicationFactory(candidate=applicant, program=lsscp)
    ExperienceEntryFactory(application=application, library_name="Riverside Public Library")
    return application


@pytest.fixture
def submitted(draft, applicant):
    from certify.applications.services import application_submit

    return application_submit(application=draft, actor=applicant)
