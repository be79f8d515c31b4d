"""The program's terms on the candidate's pages, each said plainly once where a page first uses
it, in the same sentence on every page (`core/plain_words.py`): the plan, the home page, the
portfolio's pages and the public pages about the sets and the ways to show them. The platform's
word "route" is not shown to a candidate; the pages about the sets say what to do next."""

import html
import re

import pytest
from django.urls import reverse

from certify.core.plain_words import PLAIN
from certify.portfolios.models import Portfolio
from certify.progress import kept_plan
from tests.progress.test_plan_portfolio_steps import (  # noqa: F401  (a fixture)
    enrolled,
    on_portfolio,
    set_status,
)


def words(page: str) -> str:
    """What a reader sees: the main content's text, tags and attributes left out."""
    main = page[page.index("<main") : page.index("</main>")]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
    return re.sub(r" ([,.:;])", r"\1", text)  # a link's end before its sentence's comma


def test_the_plan_says_each_term_once_and_never_route(client, enrolled):  # noqa: F811
    on_portfolio(enrolled, "CT")
    kept_plan.forget_all()
    client.force_login(enrolled.candidate)
    text = words(client.get(reverse("progress:plan")).text)
    for key in ("competency_set", "show_competence", "way", "framework_version"):
        assert text.count(PLAIN[key]) == 1, key
    # Before the first set: said where the page first uses the term.
    assert text.index(PLAIN["competency_set"]) < text.index("competency sets complete")
    assert "route" not in text.lower()
    assert "How will you show it?" in text


def test_the_portfolio_pages_say_what_evidence_is(client, enrolled):  # noqa: F811
    portfolio = on_portfolio(enrolled, "CT")
    client.force_login(enrolled.candidate)
    overview = words(
        client.get(reverse("portfolios:portfolio", args=[portfolio.planned_set_id])).text
    )
    assert overview.count(PLAIN["evidence"]) == 1
    assert overview.index(PLAIN["evidence"]) < overview.index("Evidence 1 (PDF)")
    assert "this version is locked" not in overview
    code = portfolio.responses.order_by("pk").first().competency.code
    step = reverse("portfolios:competency", args=[portfolio.planned_set_id, code])
    assert words(client.get(step).text).count(PLAIN["evidence"]) == 1


def test_a_submitted_portfolio_says_what_its_version_is(client, enrolled):  # noqa: F811
    portfolio = on_portfolio(enrolled, "CT")
    set_status(portfolio, Portfolio.Status.FAILED)
    portfolio.submissions.create(number=1, snapshot={})
    kept_plan.forget_all()
    client.force_login(enrolled.candidate)
    text = words(client.get(reverse("portfolios:portfolio", args=[portfolio.planned_set_id])).text)
    assert "version 1 submitted" in text
    assert PLAIN["portfolio_version"] in text
    assert "change the route" not in text
    assert "choose that way for it in your plan" in text


@pytest.mark.parametrize(
    ("name", "args", "said"),
    [
        ("programs:competencies", [], ("competency_set", "show_competence")),
        ("programs:set_detail", ["TEC"], ("competency_set", "evidence")),
        ("programs:ways", [], ("show_competence", "way")),
    ],
)
def test_the_pages_about_the_sets_say_the_terms_and_what_to_do_next(
    client, lsscp, name, args, said
):
    text = words(client.get(reverse(name, args=[lsscp.slug, *args])).text)
    for key in said:
        assert text.count(PLAIN[key]) == 1, key
    assert "Next: check who can apply and what it costs, then create an account." in text
