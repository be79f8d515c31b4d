"""`GET /api/v1/programs/{slug}/job-requirements`: the job-requirement text for employers, the
same as the page's, with the chosen sets and their competencies."""

from django.core.cache import cache
from django.test import override_settings

from certify.programs.models import CompetencySet
from tests.conftest import count_queries, writes_during

API = "/api/v1/programs/lsscp/job-requirements"
PAGE = "/programs/lsscp/job-requirements/"


def test_anyone_gets_the_text_and_the_sets_in_the_program_order(client, lsscp):
    response = client.get(API, {"sets": ["TEC", "FLS"], "level": "preferred"})
    assert response.status_code == 200
    body = response.json()
    assert body["program"] == "lsscp"
    assert body["level"] == "preferred"
    assert body["intro"].startswith(
        "Library Support Staff Certification (LSSCP) preferred, or working toward it."
    )
    assert [s["code"] for s in body["sets"]] == ["FLS", "TEC"]
    assert [s["kind"] for s in body["sets"]] == ["core", "core"]
    assert [c["code"] for c in body["sets"][1]["competencies"]][:2] == ["TEC-01", "TEC-02"]
    assert len(body["sets"][0]["competencies"]) == 12
    assert body["text"].startswith(body["intro"] + "\n\nFoundations of Library Services:\n- ")


def test_the_text_is_the_pages_download(client, lsscp):
    query = {"sets": ["CT", "YTH"], "level": "required"}
    api = client.get(API, query).json()
    page = client.get(PAGE, {**query, "format": "txt"})
    assert api["text"] == page.content.decode()
    assert api["intro"].startswith("Library Support Staff Certification (LSSCP) required.")


def test_no_sets_gives_the_paragraph_alone(client, lsscp):
    body = client.get(API).json()
    assert body["sets"] == []
    assert body["level"] == "preferred"
    assert body["text"] == body["intro"] + "\n"


def test_unknown_sets_are_a_problem_document(client, lsscp):
    response = client.get(API, {"sets": ["FLS", "NOPE"]})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/api/v1/problems/rule"
    assert problem["field"] == "sets"
    assert "LSSCP has no competency set “NOPE”." in problem["detail"]


def test_too_many_sets_and_a_bad_level_are_refused(client, lsscp):
    too_many = client.get(API, {"sets": [f"S{i}" for i in range(11)]})
    assert too_many.status_code == 400
    assert too_many.json()["detail"] == "Choose at most 10 competency sets: LSSCP has no more."
    bad_level = client.get(API, {"sets": "FLS", "level": "maybe"})
    assert bad_level.status_code == 400
    assert bad_level.json()["field"] == "level"


def test_an_unknown_program_is_404(client, lsscp):
    assert client.get("/api/v1/programs/nope/job-requirements").status_code == 404


def test_it_writes_nothing_and_its_queries_do_not_grow(client, lsscp):
    assert writes_during(lambda: client.get(API, {"sets": ["FLS", "TEC"]})) == []
    one = count_queries(lambda: client.get(API, {"sets": ["FLS"]}))
    every = [s.code for s in CompetencySet.objects.filter(program=lsscp)]
    assert count_queries(lambda: client.get(API, {"sets": every})) == one


@override_settings(API_PUBLIC_RATE="2/m")
def test_anonymous_callers_are_rate_limited_like_the_other_public_endpoints(
    client, lsscp, one_rate_window
):
    cache.clear()
    statuses = [client.get(API, {"sets": "FLS"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
