"""Where people work is said in the program's words (its workplace noun, ADR 0055), not
"library or organization" to everyone: the supervisor's and the attester's workplace on a
portfolio, and the conflict-of-interest page in the published programs' nouns
(tests/programs/second_program.py sets RMT up as its staff would)."""

import pytest
from django.core import mail
from django.urls import reverse

from certify.accounts.conflicts import conflict_declare
from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.portfolios.services import evidence_request_attestation, portfolio_open
from certify.programs.models import Program
from certify.progress.services import plan_ensure, route_choose
from tests.factories import UserFactory
from tests.portfolios.conftest import settle_enrollment
from tests.programs.second_program import rmt_set_up
from tests.programs.test_second_program import rmt_candidate


@pytest.fixture
def rmt_portfolio(rmt, staff):
    candidate, application = rmt_candidate(rmt, staff)
    settle_enrollment(application)
    plan_ensure(application=application)
    row = application.planned_sets.get(competency_set__code="RET")
    route_choose(planned=row, actor=candidate, route="portfolio")
    return portfolio_open(planned=row, actor=candidate)


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


def test_the_supervisors_workplace_is_the_programs(rmt_portfolio, client):
    candidate = rmt_portfolio.planned_set.application.candidate
    client.force_login(candidate)
    code = rmt_portfolio.responses.first().competency.code
    url = reverse("portfolios:competency", args=[rmt_portfolio.planned_set_id, code])
    page = client.get(url).text
    assert "Supervisor&#x27;s organization (for an attestation)" in page
    assert "library" not in page.lower()


def test_the_attester_is_asked_for_the_programs_workplace(
    rmt_portfolio, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evidence_request_attestation(
            response=rmt_portfolio.responses.first(),
            actor=rmt_portfolio.planned_set.application.candidate,
            attester_name="Pat Lee",
            attester_email="pat@records.example",
            title="Retention schedule",
            description="What you saw.",
        )
    token = mail.outbox[-1].body.split("/attest/")[1].split("/")[0]
    page = client.get(f"/attest/{token}/").text
    assert "Your organization" in page
    assert "library" not in page.lower()


def test_lsscp_keeps_its_library(lsscp, staff):
    from certify.portfolios.forms import AttestForm, EvidenceForm

    noun = lsscp.experience_words.noun
    assert AttestForm(workplace=noun).fields["organization"].label == "Your library"
    label = EvidenceForm(workplace=noun).fields["attester_organization"].label
    assert label == "Supervisor's library"


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.REVIEWER])


def test_the_conflicts_page_names_the_published_programs_workplaces(rmt, reviewer, client):
    client.force_login(reviewer)
    both = client.get(reverse("accounts:conflicts")).text
    assert "a library or organization you work for" in both
    assert "Or a library or organization" in both
    Program.objects.exclude(pk=rmt.pk).update(is_published=False)
    only_rmt = client.get(reverse("accounts:conflicts")).text
    assert "an organization you work for" in only_rmt
    assert "Or an organization" in only_rmt
    assert "library" not in only_rmt.lower()
    with pytest.raises(DomainError, match="e-mail address or the organization, not both"):
        conflict_declare(actor=reviewer, reason="A relative.")


def test_a_library_program_alone_speaks_of_libraries(lsscp, reviewer, client):
    client.force_login(reviewer)
    page = client.get(reverse("accounts:conflicts")).text
    assert "a library you work for" in page
    assert "Or a library" in page
