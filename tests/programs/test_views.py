import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.programs.models import Competency, CompetencySet, FaqEntry, Program
from tests.conftest import count_queries
from tests.factories import CompetencyFactory, CompetencySetFactory, ProgramFactory

SET_NAMES = [
    "Foundations of Library Services",
    "Communication and Teamwork",
    "Technology",
    "Access Services",
    "Adult Readers&#x27; Advisory Services",
    "Cataloging and Classification",
    "Collection Management",
    "Reference and Information Services",
    "Supervision and Management",
    "Youth Services",
]
PAGES = ["overview", "competencies", "ways", "who_can_apply", "costs", "faq"]


def test_the_home_page_is_the_lsscp_overview_with_all_ten_sets(client, lsscp):
    response = client.get("/")
    assert response.status_code == 200
    assert "<h1>Library Support Staff Certification Program" in response.text
    for name in SET_NAMES:
        assert name in response.text


def test_the_home_page_lists_programs_when_the_default_is_missing(client, db):
    ProgramFactory(name="Archives Technician Program")
    response = client.get("/")
    assert response.status_code == 200
    assert "Archives Technician Program" in response.text


@pytest.mark.parametrize("page", PAGES)
def test_each_public_page_is_served_to_anyone(client, lsscp, page):
    response = client.get(reverse(f"programs:{page}", args=["lsscp"]))
    assert response.status_code == 200
    assert 'href="#main"' in response.text  # the skip link
    assert '<main id="main"' in response.text
    assert response.text.count("<h1") == 1


def test_content_comes_from_the_database(client, lsscp):
    Program.objects.filter(pk=lsscp.pk).update(
        who_can_apply="Edited by staff: 900 hours.", enrollment_fee_cents=41000
    )
    Competency.objects.filter(code="TEC-03").update(statement="Keeps users' data private.")
    FaqEntry.objects.create(program=lsscp, question="Is there a discount?", answer="Ask us.")
    assert "Edited by staff: 900 hours." in client.get("/programs/lsscp/who-can-apply/").text
    assert "$410" in client.get("/programs/lsscp/costs/").text
    assert "Keeps users&#x27; data private." in client.get("/programs/lsscp/competencies/").text
    assert "Is there a discount?" in client.get("/programs/lsscp/faq/").text


def test_the_questions_and_answers_every_footer_links_to_end_with_whom_to_write_to(client, lsscp):
    """WCAG 3.2.6 Consistent Help: the footer's help link (every page) leads here, and the
    contact stands here whether or not any question has been answered yet."""
    lsscp.contact_email = "help@lsscp.example.org"
    lsscp.save(update_fields=["contact_email"])
    home = client.get("/").text
    assert '<p class="site-footer__help"><a href="/programs/lsscp/faq/">' in home
    contact = '<a href="mailto:help@lsscp.example.org">help@lsscp.example.org</a>'
    assert contact in client.get("/programs/lsscp/faq/").text
    FaqEntry.objects.create(program=lsscp, question="Is there a discount?", answer="Ask us.")
    assert contact in client.get("/programs/lsscp/faq/").text


def test_a_second_programs_pages_send_for_help_to_its_own_questions(client, lsscp):
    """The footer's help link is in the same place on every page, and on another program's
    pages it leads to that program's questions and answers, not the default program's."""
    ProgramFactory(slug="records")
    page = client.get("/programs/records/costs/").text
    assert '<p class="site-footer__help"><a href="/programs/records/faq/">' in page
    assert '<p class="site-footer__help"><a href="/programs/lsscp/faq/">' in client.get("/").text


def test_costs_show_member_price_and_help(client, lsscp):
    text = client.get("/programs/lsscp/costs/").text
    assert str(lsscp.enrollment_fee) in text
    assert str(lsscp.member_fee) in text
    assert f"{lsscp.member_fee.with_cents()} for members of ALA" in text  # the prose
    assert "SSD" in text


def test_a_set_page_shows_its_competencies_and_suggestions(client, lsscp):
    response = client.get("/programs/lsscp/competencies/cat/")
    assert response.status_code == 200
    cset = CompetencySet.objects.get(code="CAT")
    for comp in cset.competencies.all():
        assert comp.code in response.text
    assert "Portfolio idea" in response.text


def test_unknown_programs_and_sets_are_404(client, lsscp):
    assert client.get("/programs/nope/").status_code == 404
    assert client.get("/programs/lsscp/competencies/zzz/").status_code == 404
    Program.objects.filter(pk=lsscp.pk).update(is_published=False)
    assert client.get("/programs/lsscp/").status_code == 404


@pytest.mark.parametrize("page", ["overview", "competencies", "faq"])
def test_public_page_query_count_does_not_grow_with_sets(client, db, page):
    program = ProgramFactory(slug="grow")
    for _ in range(2):
        CompetencyFactory(competency_set=CompetencySetFactory(program=program))
    url = reverse(f"programs:{page}", args=["grow"])
    few = count_queries(lambda: client.get(url))
    for _ in range(8):
        cset = CompetencySetFactory(program=program, kind="elective")
        CompetencyFactory.create_batch(4, competency_set=cset)
    assert count_queries(lambda: client.get(url)) == few


@pytest.mark.parametrize("page", [*PAGES, "set_detail"])
def test_each_public_page_reads_its_program_once(client, lsscp, page):
    """The program and its sets are one fetch, even where the view needs the program first."""
    args = ["lsscp", "REF"] if page == "set_detail" else ["lsscp"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"programs:{page}", args=args)).status_code == 200
    program_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "programs_program"')
    ]
    assert len(program_reads) == 1, program_reads


def test_pages_have_a_strict_csp_and_no_inline_code(client, lsscp):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.text
    assert "style=" not in response.text
    assert "http://" not in response.text.replace("http://testserver", "")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("resubmissions", "said"),
    [
        (1, "You may resubmit once when more evidence is asked for."),
        (2, "You may resubmit twice when more evidence is asked for."),
        (3, "You may resubmit three times when more evidence is asked for."),
        (0, "A set not met cannot be resubmitted."),
    ],
)
def test_the_candidate_pages_say_the_resubmissions_the_rule_allows(
    client, lsscp, resubmissions, said
):
    Program.objects.filter(pk=lsscp.pk).update(portfolio_resubmissions=resubmissions)
    ways = client.get(reverse("programs:ways", args=["lsscp"])).text
    assert " ".join(said.split()) in " ".join(ways.split())
    faq = client.get(reverse("programs:faq", args=["lsscp"])).text
    if resubmissions == 2:
        assert "you can resubmit twice" in faq
        assert "resubmit once" not in faq + ways


def test_the_candidate_pages_say_the_education_member_organization_and_renewal_fee_of_the_rules(
    client, lsscp
):
    Program.objects.filter(pk=lsscp.pk).update(
        education_required="bachelors", member_organisation="CLA", renewal_fee_cents=12345
    )
    who = client.get(reverse("programs:who_can_apply", args=["lsscp"])).text
    assert "You need a bachelor&#x27;s degree." in who
    assert "high school diploma" not in who
    faq = client.get(reverse("programs:faq", args=["lsscp"])).text
    assert "Do I have to be a member of CLA?" in faq
    assert "ALA member" not in faq
    costs = client.get(reverse("programs:costs", args=["lsscp"])).text
    assert "Renewal costs $123.45" in costs
