import pytest

from tests.conftest import count_queries
from tests.factories import CompetencyFactory, CompetencySetFactory, ProgramFactory


def test_the_schema_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Certify API"
    assert "/api/v1/programs" in schema["paths"]
    assert schema["components"]["schemas"]["Problem"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "openapi.json" in docs.text


def test_list_programs(client, lsscp):
    body = client.get("/api/v1/programs").json()
    assert body["count"] == 1
    assert body["items"][0]["slug"] == "lsscp"
    assert body["items"][0]["experience_hours_required"] == lsscp.experience_hours_required


def test_program_detail_gives_fees_in_cents(client, lsscp):
    body = client.get("/api/v1/programs/lsscp").json()
    assert body["fees"]["enrollment_cents"] == lsscp.enrollment_fee_cents
    assert body["fees"]["member_cents"] == lsscp.member_fee_cents
    assert body["portfolio_met_percent"] == lsscp.portfolio_met_percent


def test_competency_sets_with_competencies(client, lsscp):
    body = client.get("/api/v1/programs/lsscp/competency-sets").json()
    assert [s["code"] for s in body][:3] == ["FLS", "CT", "TEC"]
    assert sum(len(s["competencies"]) for s in body) == 109
    one = client.get("/api/v1/programs/lsscp/competency-sets/ref").json()
    assert one["name"] == "Reference and Information Services"
    assert len(one["competencies"]) == 9


def test_case_framework_endpoint(client, lsscp):
    body = client.get("/api/v1/programs/lsscp/case").json()
    assert len(body["CFItems"]) == 119


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programs/nope",
        "/api/v1/programs/nope/competency-sets",
        "/api/v1/programs/lsscp/competency-sets/zzz",
    ],
)
def test_unknown_things_are_404(client, lsscp, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/programs", "/api/v1/programs/grow/competency-sets"])
def test_api_list_query_count_does_not_grow(client, db, url):
    program = ProgramFactory(slug="grow")
    CompetencyFactory(competency_set=CompetencySetFactory(program=program))
    few = count_queries(lambda: client.get(url))
    for _ in range(5):
        ProgramFactory()
        CompetencyFactory.create_batch(3, competency_set=CompetencySetFactory(program=program))
    assert count_queries(lambda: client.get(url)) == few
