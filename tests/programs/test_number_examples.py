"""The example numbers people read are in the format of the program they are for: the
verification page's certificate number, the provider's candidate number, the API documentation's
examples. A site that runs only RMT shows RMT's letters; one that runs several shows neutral
ones ("ABC-…") rather than LSSCP's, which were written into every example."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.certificates.numbers import number_example, number_hint
from certify.core.codes import NEUTRAL_PREFIX, example_prefix
from certify.courses.numbers import candidate_number_example
from certify.programs.models import Program
from tests.courses.conftest import approve
from tests.factories import CourseFactory, ProviderFactory, UserFactory
from tests.programs.second_program import rmt_set_up


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


@pytest.fixture
def rmt_alone(rmt, lsscp):
    """A site that runs RMT only: LSSCP's rows are there, but it is not published."""
    Program.objects.filter(pk=lsscp.pk).update(is_published=False)
    return rmt


@pytest.mark.database_free
def test_one_programs_letters_else_neutral_ones():
    assert example_prefix(["RMT"]) == "RMT"
    assert example_prefix(["RMT", "RMT"]) == "RMT"
    assert example_prefix(["RMT", "LSSCP"]) == NEUTRAL_PREFIX
    assert example_prefix([]) == NEUTRAL_PREFIX
    assert number_example(["Records M.T."], year=2027) == "RECORDSMT-2027-7K3Q9M2X"
    assert number_hint(["RMT"], year=2027) == (
        "As printed on the certificate, e.g. RMT-2027-7K3Q9M2X."
    )
    assert "the program's letters" in number_hint(["RMT", "LSSCP"], year=2027)
    assert candidate_number_example(["RMT"]) == "RMT-C-7K3Q9M2X"
    assert candidate_number_example(["RMT", "LSSCP"]) == (
        "ABC-C-7K3Q9M2X, where ABC is the program's letters"
    )


def test_the_verification_page_shows_the_one_programs_number_format(rmt_alone, client):
    year = timezone.localdate().year
    page = client.get(reverse("certificates:lookup")).text
    assert f"e.g. RMT-{year}-7K3Q9M2X" in page
    assert "LSSCP" not in page


def test_the_verification_page_of_several_programs_shows_a_neutral_number(rmt, client):
    year = timezone.localdate().year
    page = client.get(reverse("certificates:lookup")).text
    assert f"ABC-{year}-7K3Q9M2X" in page
    assert "LSSCP-" not in page
    assert "RMT-" not in page


def test_the_default_programs_site_shows_its_own_format(lsscp, client):
    year = timezone.localdate().year
    assert f"e.g. LSSCP-{year}-7K3Q9M2X" in client.get(reverse("certificates:lookup")).text


def provider_with(*sets):
    person = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    provider = ProviderFactory(name="County Records College", staff=[person])
    for competency_set in sets:
        approve(CourseFactory(provider=provider, competency_set=competency_set))
    return provider, person


def test_the_one_completion_form_shows_the_courses_programs_candidate_number(rmt, client):
    provider, person = provider_with(rmt.competency_sets.get(code="RMF"))
    client.force_login(person)
    page = client.get(reverse("courses:completion_report", args=[provider.pk])).text
    assert "It looks like RMT-C-7K3Q9M2X." in page
    assert "LSSCP-C-" not in page
    invitations = client.get(reverse("courses:invitations", args=[provider.pk])).text
    assert "For example sam.lee@example.org or RMT-C-7K3Q9M2X." in invitations


def test_a_provider_of_two_programs_courses_sees_a_neutral_candidate_number(rmt, lsscp, client):
    provider, person = provider_with(
        rmt.competency_sets.get(code="RMF"), lsscp.competency_sets.get(code="TEC")
    )
    client.force_login(person)
    page = client.get(reverse("courses:completion_report", args=[provider.pk])).text
    assert "It looks like ABC-C-7K3Q9M2X, where ABC is the program&#x27;s letters." in page
    assert "LSSCP-C-" not in page


def test_the_api_documentation_writes_numbers_in_the_one_programs_format(rmt_alone, client):
    text = client.get(reverse("api-1:openapi-json")).text
    assert "RMT-2026-7K3Q9M2X" in text
    assert "RMT-C-7K3Q9M2X" in text
    assert "LSSCP-" not in text


def test_the_api_documentation_of_several_programs_writes_neutral_numbers(rmt, client):
    text = client.get(reverse("api-1:openapi-json")).text
    assert "ABC-2026-7K3Q9M2X" in text
    assert "LSSCP-" not in text


def test_the_api_documentation_of_the_default_program_is_as_written(lsscp, client):
    """Its numbers as written; its program values are the program's as staff set them
    (`tests/rest/test_openapi_program_examples.py`): here the certifying body's full name."""
    from certify.rest.api import api

    served = client.get(reverse("api-1:openapi-json")).json()
    written = api.get_openapi_schema()
    text = json.dumps(served, ensure_ascii=False)
    assert lsscp.certifying_body in text
    assert text.replace(lsscp.certifying_body, "ALA-APA") == json.dumps(written, ensure_ascii=False)
    assert "LSSCP-2026-7K3Q9M2X" in str(served)


def test_the_providers_sample_file_uses_the_one_programs_format(rmt_alone, client):
    sample = client.get(reverse("courses:import_template")).text
    assert ",RMT-C-7K3Q9M2X,Sam Lee," in sample
    assert "LSSCP" not in sample


def test_the_served_documentation_costs_one_query_and_is_built_once(
    rmt_alone, client, django_assert_num_queries, monkeypatch
):
    """The published programs' letters are the one question asked per request; the document
    itself is kept, built once per process, whatever the letters."""
    from certify.rest import openapi

    client.get(reverse("api-1:openapi-json"))  # built (or already kept)
    built = []
    monkeypatch.setattr(openapi, "CertifySchema", lambda *a: built.append(a))
    with django_assert_num_queries(1):
        response = client.get(reverse("api-1:openapi-json"))
    assert response.status_code == 200
    assert "RMT-C-7K3Q9M2X" in response.text
    assert built == []
