"""Job requirements for employers: a public page that builds text from the competency sets of
the program's published framework (a GET: the choice is in the query string, nothing is written)."""

import html

import pytest
from django.urls import reverse

from certify.programs.job_requirements import (
    JobRequirementsError,
    certification_name,
    job_requirements_build,
)
from certify.programs.models import Competency, CompetencySet
from certify.programs.selectors import program_get
from tests.conftest import count_queries, writes_during

URL = "/programs/lsscp/job-requirements/"
FLS_FIRST = (
    "Explains the mission of libraries and the different roles that public, school, academic "
    "and special libraries play in their communities."
)
TEC_FIRST = "Follows technology trends and explains how they could affect library services."
PREFERRED = "Library Support Staff Certification (LSSCP) preferred, or working toward it."
REQUIRED = "Library Support Staff Certification (LSSCP) required."


def statements(code: str) -> list[str]:
    return list(
        Competency.objects.filter(
            competency_set__code=code, competency_set__framework_version__status="published"
        )
        .order_by("order", "code")
        .values_list("statement", flat=True)
    )


def test_the_url_is_the_one_the_brief_names(db):
    assert reverse("programs:job_requirements", args=["lsscp"]) == URL


def test_anyone_gets_the_form_with_every_set_and_a_hint_when_nothing_is_chosen(client, lsscp):
    response = client.get(URL)
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "<h1>Write job requirements</h1>" in text
    assert "Check at least one set" in text
    assert "Your job requirements" not in text
    for cset in CompetencySet.objects.filter(program=lsscp):
        assert f'value="{cset.code}"' in text
        assert cset.name in text
        assert cset.summary in text
    assert "<legend>Core sets</legend>" in text
    assert "<legend>Elective sets</legend>" in text
    assert 'value="preferred" id="level-preferred" checked' in text  # the default wording
    assert 'method="get"' in response.text


def test_the_competencies_page_and_the_overview_link_to_it(client, lsscp):
    for page in ("/programs/lsscp/competencies/", "/programs/lsscp/"):
        assert f'href="{URL}"' in client.get(page).text


def test_two_sets_give_the_paragraph_and_their_statements_in_the_program_order(client, lsscp):
    # Asked in the other order: the text follows the program's order (FLS is 1, TEC is 3).
    response = client.get(URL, {"sets": ["TEC", "FLS"], "level": "preferred"})
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert PREFERRED in text
    assert text.index("<h3>Foundations of Library Services</h3>") < text.index(
        "<h3>Technology</h3>"
    )
    assert "<h3>Communication and Teamwork</h3>" not in text
    for statement in statements("FLS") + statements("TEC"):
        assert f"<li>{statement}</li>" in text
    assert 'value="FLS" id="set-' in text
    assert 'value="TEC" id="set-' in text
    assert text.count(" checked>") == 3  # the two sets and the wording


def test_the_text_itself(lsscp):
    program = program_get(slug="lsscp")
    result = job_requirements_build(program=program, codes=["tec", "FLS", "FLS"], level=None)
    assert result.level == "preferred"
    assert [s.code for s in result.sets] == ["FLS", "TEC"]
    lines = result.text.splitlines()
    assert lines[0].startswith(PREFERRED)
    assert "awarded by ALA-APA" in lines[0]
    assert lines[1] == ""
    assert lines[2] == "Foundations of Library Services:"
    assert lines[3] == f"- {FLS_FIRST}"
    fls = statements("FLS")
    tec_at = 3 + len(fls) + 1
    assert lines[3 : 3 + len(fls)] == [f"- {s}" for s in fls]
    assert lines[tec_at : tec_at + 2] == ["Technology:", f"- {TEC_FIRST}"]
    assert len(lines) == tec_at + 1 + len(statements("TEC"))


def test_required_wording(client, lsscp):
    text = html.unescape(client.get(URL, {"sets": "CT", "level": "required"}).text)
    assert REQUIRED in text
    assert "Applicants must be able to show the competencies below." in text
    assert "working toward it" not in text
    assert 'value="required" id="level-required" checked' in text


def test_the_certification_is_named_without_a_final_program(lsscp):
    assert certification_name(lsscp) == "Library Support Staff Certification"
    lsscp.name = "Archives Technician Certificate"
    assert certification_name(lsscp) == "Archives Technician Certificate"


def test_the_text_downloads_as_a_plain_text_attachment(client, lsscp):
    page = client.get(URL, {"sets": ["FLS", "TEC"], "level": "required"})
    assert 'href="?sets=FLS&amp;sets=TEC&amp;level=required&amp;format=txt"' in page.text
    response = client.get(URL, {"sets": ["FLS", "TEC"], "level": "required", "format": "txt"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lsscp-job-requirements.txt"'
    body = response.content.decode()
    assert body.startswith(REQUIRED)
    assert f"\n\nFoundations of Library Services:\n- {FLS_FIRST}\n" in body
    assert f"\n\nTechnology:\n- {TEC_FIRST}\n" in body
    assert "&#x27;" not in body
    assert "'" in body


def test_a_download_with_nothing_chosen_is_the_form(client, lsscp):
    response = client.get(URL, {"format": "txt"})
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "Check at least one set" in response.text


def test_unknown_codes_are_refused_in_the_employers_words_keeping_the_checks(client, lsscp):
    response = client.get(URL, {"sets": ["FLS", "XYZ", "ZZZ"], "level": "required"})
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert (
        "LSSCP has no competency sets “XYZ”, “ZZZ”. Check the sets the job needs in the list"
        in text
    )
    assert 'class="error-summary" role="alert"' in text
    assert 'id="sets-error"' in text
    assert 'aria-describedby="sets-error"' in text
    assert 'value="FLS" id="set-' in text
    assert text.count(" checked>") == 2  # FLS and "Required" are kept
    assert 'value="required" id="level-required" checked' in text
    assert "Your job requirements" not in text


def test_a_long_code_is_shortened_in_the_message(client, lsscp):
    response = client.get(URL, {"sets": "A" * 5000})
    assert response.status_code == 400
    assert "A" * 20 + "…" in html.unescape(response.text)
    assert "A" * 21 not in response.text


def test_more_codes_than_the_program_has_sets_are_refused(client, lsscp):
    codes = [f"X{i}" for i in range(11)]
    response = client.get(URL, {"sets": codes})
    assert response.status_code == 400
    assert "Choose at most 10 competency sets: LSSCP has no more." in html.unescape(response.text)
    # Repeating one code counts once.
    assert client.get(URL, {"sets": ["FLS"] * 50}).status_code == 200


def test_an_unknown_wording_level_is_refused(client, lsscp):
    response = client.get(URL, {"sets": "FLS", "level": "mandatory"})
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "Choose “Required” or “Preferred” for the wording." in text
    assert 'id="level-error"' in text
    assert 'value="preferred" id="level-preferred" checked' in text


def test_the_page_answers_get_only_and_writes_nothing(client, lsscp):
    assert writes_during(lambda: client.get(URL, {"sets": ["FLS", "TEC"]})) == []
    assert writes_during(lambda: client.get(URL, {"sets": ["FLS"], "format": "txt"})) == []
    assert writes_during(lambda: client.get(URL, {"sets": ["NOPE"]})) == []
    assert client.post(URL, {"sets": ["FLS"]}).status_code == 405


def test_queries_do_not_grow_with_the_sets_chosen(client, lsscp):
    one = count_queries(lambda: client.get(URL, {"sets": ["FLS"]}))
    every = [s.code for s in CompetencySet.objects.filter(program=lsscp)]
    assert count_queries(lambda: client.get(URL, {"sets": every})) == one
    assert count_queries(lambda: client.get(URL, {"sets": every, "format": "txt"})) <= one


def test_only_the_published_framework_version_is_read(client, lsscp, staff):
    from certify.programs import frameworks

    draft = frameworks.framework_draft_start(program=lsscp, actor=staff)
    Competency.objects.filter(competency_set__framework_version=draft, code="TEC-01").update(
        statement="A draft statement nobody has published."
    )
    text = html.unescape(client.get(URL, {"sets": "TEC"}).text)
    assert TEC_FIRST in text
    assert "A draft statement" not in text
    assert text.count('value="TEC"') == 1


def test_the_service_refuses_before_reading_competencies(lsscp, django_assert_num_queries):
    program = program_get(slug="lsscp")
    with django_assert_num_queries(0), pytest.raises(JobRequirementsError) as refused:
        job_requirements_build(program=program, codes=["FLS", "NOPE"], level="preferred")
    assert refused.value.field == "sets"
    assert refused.value.unknown == ["NOPE"]
