"""The portfolio in steps (ADR 0044): the overview is a checklist whose items link to exactly
what is missing; each competency has its own page with a stepper, its response (autosaved, or
saved by a plain form post) and its evidence; old links keep working; the pages cost the same
number of queries however many competencies and items there are; and nobody but the candidate
edits them."""

import re

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.portfolios import services
from certify.portfolios.models import Portfolio, Response
from tests.conftest import count_queries
from tests.factories import CompetencyFactory, UserFactory
from tests.hidden import assert_answers_as_unknown
from tests.portfolios.conftest import pdf_upload


def _competency_url(portfolio: Portfolio, code: str) -> str:
    return reverse("portfolios:competency", args=[portfolio.planned_set_id, code])


def _overview(client, portfolio: Portfolio) -> str:
    return client.get(reverse("portfolios:portfolio", args=[portfolio.planned_set_id])).text


def _rows(portfolio: Portfolio) -> list[Response]:
    return list(portfolio.responses.select_related("competency"))


def test_the_overview_links_each_missing_item_to_exactly_where_it_is_done(client, portfolio):
    candidate = portfolio.planned_set.application.candidate
    client.force_login(candidate)
    first, second, *_rest = _rows(portfolio)
    services.response_save(response=first, actor=candidate, narrative="I lead the desk rota.")
    page = _overview(client, portfolio)

    # Every competency, in order, with its state and a link to its page.
    for row in _rows(portfolio):
        assert f'id="c-{row.competency.code}"' in page  # old "#c-CODE" links land on the row
        assert f'href="{_competency_url(portfolio, row.competency.code)}"' in page
    assert page.index(f'id="c-{first.competency.code}"') < page.index(
        f'id="c-{second.competency.code}"'
    )
    assert "1 of 9 competencies have a response or evidence" in page
    assert "Response written" in page
    assert "No response yet" in page
    # What is missing links to the very field: the second competency's text box, the statement.
    missing = f"{_competency_url(portfolio, second.competency.code)}#narrative-{second.pk}"
    assert f'<a href="{missing}">{second.competency.code}: write a response or add evidence.' in (
        page
    )
    assert f'href="{_competency_url(portfolio, first.competency.code)}#narrative-' not in page
    statement = reverse("portfolios:portfolio", args=[portfolio.planned_set_id])
    assert f'<a href="{statement}#learning_statement">Write your personal learning' in page
    assert 'id="learning_statement"' in page
    # The set statement and the way to submit (through the check page) stay on the overview; no
    # competency's form does.
    assert f'href="{reverse("portfolios:check", args=[portfolio.planned_set_id])}"' in page
    assert 'name="narrative"' not in page
    assert "/evidence/" not in page


def test_an_awaited_attestation_is_shown_and_linked_but_does_not_block(client, complete_portfolio):
    candidate = complete_portfolio.planned_set.application.candidate
    client.force_login(candidate)
    row = _rows(complete_portfolio)[2]
    services.evidence_request_attestation(
        response=row,
        actor=candidate,
        attester_name="Sam Supervisor",
        attester_email="sam@riverside.example.org",
        title="My supervisor's word",
        description="",
    )
    page = _overview(client, complete_portfolio)
    evidence = f"{_competency_url(complete_portfolio, row.competency.code)}#evidence-{row.pk}"
    assert f'<a href="{evidence}">{row.competency.code}: waiting for an attestation' in page
    assert "1 attestation awaited" in page
    assert "Everything is filled in." in page  # the attestation only warns


def test_each_competency_has_its_own_page_with_a_stepper(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    rows = _rows(portfolio)
    third = rows[2]
    page = client.get(_competency_url(portfolio, third.competency.code))
    assert page.status_code == 200
    text = page.text
    assert "Competency 3 of 9" in text
    assert third.competency.statement in text
    assert f'id="narrative-{third.pk}"' in text
    assert f'data-draft="portfolio-{portfolio.planned_set_id}-response-{third.pk}"' in text
    assert reverse("portfolios:evidence_add", args=[portfolio.planned_set_id, third.pk]) in text
    # Only this competency's forms: no other response's text box or evidence form.
    assert len(re.findall(r'name="narrative"', text)) == 1
    assert f'id="narrative-{rows[3].pk}"' not in text
    # Previous and next; every step in the compact list, this one marked current.
    previous = _competency_url(portfolio, rows[1].competency.code)
    following = _competency_url(portfolio, rows[3].competency.code)
    assert f'<a href="{previous}" rel="prev">' in text
    assert f'<a href="{following}" rel="next">' in text
    assert len(re.findall(r'class="stepper__step[ "]', text)) == 9
    assert re.search(
        rf'href="{_competency_url(portfolio, third.competency.code)}"[^>]*'
        r'aria-current="step"',
        text,
    )

    first = client.get(_competency_url(portfolio, rows[0].competency.code)).text
    assert 'rel="prev"' not in first
    assert "Competency 1 of 9" in first
    last = client.get(_competency_url(portfolio, rows[-1].competency.code)).text
    assert 'rel="next"' not in last
    assert "Back to the checklist to submit" in last
    assert client.get(_competency_url(portfolio, "NOPE-1")).status_code == 404


def test_without_javascript_the_forms_post_and_come_back_to_the_same_competency(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    row = _rows(portfolio)[4]
    page = _competency_url(portfolio, row.competency.code)
    saved = client.post(
        reverse("portfolios:response", args=[portfolio.planned_set_id, row.pk]),
        {"narrative": "Written on a phone without scripts."},
    )
    assert saved.status_code == 302
    assert saved.url == f"{page}#narrative-{row.pk}"
    assert "Written on a phone without scripts." in client.get(page).text
    added = client.post(
        reverse("portfolios:evidence_add", args=[portfolio.planned_set_id, row.pk]),
        {"kind": "file", "title": "Desk log", "file": pdf_upload()},
    )
    assert added.status_code == 302
    assert added.url == f"{page}#evidence-{row.pk}"
    item = row.evidence.get()
    removed = client.post(
        reverse("portfolios:evidence_remove", args=[portfolio.planned_set_id, item.pk])
    )
    assert removed.status_code == 302
    assert removed.url == f"{page}#evidence-{row.pk}"


def test_a_refused_upload_shows_the_same_competency_page_with_its_form_open(client, portfolio):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(portfolio.planned_set.application.candidate)
    row = _rows(portfolio)[5]
    answer = client.post(
        reverse("portfolios:evidence_add", args=[portfolio.planned_set_id, row.pk]),
        {"kind": "file", "title": "Kept", "file": SimpleUploadedFile("x.pdf", b"<html>hi</html>")},
    )
    assert answer.status_code == 400
    assert "Competency 6 of 9" in answer.text
    assert f'id="ev{row.pk}-errors"' in answer.text  # the error summary of this form
    assert 'value="Kept"' in answer.text


def test_the_autosave_answer_updates_the_linked_checklist(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    row = _rows(portfolio)[0]
    answer = client.post(
        reverse("portfolios:response", args=[portfolio.planned_set_id, row.pk]),
        {"narrative": "Now written."},
        headers={"HX-Request": "true"},
    ).text
    assert 'hx-swap-oob="true"' in answer
    assert f"#narrative-{row.pk}" not in answer  # done: no longer on the list
    second = _rows(portfolio)[1]
    assert f"{_competency_url(portfolio, second.competency.code)}#narrative-{second.pk}" in answer


def _grow(portfolio: Portfolio, *, competencies: int, items: int) -> None:
    """More competencies (each with a response) and more evidence of every kind."""
    candidate = portfolio.planned_set.application.candidate
    cset = portfolio.planned_set.competency_set
    for _ in range(competencies):
        Response.objects.create(
            portfolio=portfolio,
            competency=CompetencyFactory(competency_set=cset, order=100),
            narrative="<p>Done.</p>",
        )
    for index, row in enumerate(_rows(portfolio)[:items]):
        if index % 2:
            services.evidence_add_link(
                response=row, actor=candidate, url="https://example.org/a", title="A link"
            )
        else:
            services.evidence_request_attestation(
                response=row,
                actor=candidate,
                attester_name="Sam Supervisor",
                attester_email=f"sam{index}@riverside.example.org",
                title="Attested",
                description="",
            )


def test_the_overview_and_a_competency_page_cost_the_same_queries_as_they_grow(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    code = _rows(portfolio)[0].competency.code
    overview = reverse("portfolios:portfolio", args=[portfolio.planned_set_id])
    page = _competency_url(portfolio, code)
    client.get(overview), client.get(page)  # warm the per-session lookups
    few = (count_queries(lambda: client.get(overview)), count_queries(lambda: client.get(page)))
    _grow(portfolio, competencies=4, items=6)
    assert len(re.findall(r'class="stepper__step[ "]', client.get(page).text)) == 13
    many = (count_queries(lambda: client.get(overview)), count_queries(lambda: client.get(page)))
    assert many == few


@pytest.mark.parametrize("who", ["other_candidate", "unassigned_reviewer", "provider", "sponsor"])
def test_others_cannot_open_a_competency_page(client, portfolio, who):
    role = {
        "other_candidate": Role.CANDIDATE,
        "unassigned_reviewer": Role.REVIEWER,
        "provider": Role.PROVIDER,
        "sponsor": Role.SPONSOR,
    }[who]
    client.force_login(UserFactory(roles=[role]))
    code = _rows(portfolio)[0].competency.code
    url = _competency_url(portfolio, code)
    unknown = reverse("portfolios:competency", args=[portfolio.planned_set_id + 1000, code])
    assert_answers_as_unknown(client, url, unknown)  # as a portfolio that does not exist


def test_anonymous_visitors_are_sent_to_sign_in(client, portfolio):
    url = _competency_url(portfolio, _rows(portfolio)[0].competency.code)
    answer = client.get(url)
    assert answer.status_code == 302
    assert "/accounts/login/" in answer.url


def test_readers_who_do_not_edit_are_sent_to_the_same_competency_in_the_preview(
    client, complete_portfolio, reviewers, staff
):
    candidate = complete_portfolio.planned_set.application.candidate
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    code = _rows(complete_portfolio)[1].competency.code
    url = _competency_url(complete_portfolio, code)
    preview = reverse("portfolios:preview", args=[complete_portfolio.planned_set_id])
    reviewer = submission.assignments.first().reviewer
    for person in (candidate, reviewer, staff):  # submitted: nobody edits it any more
        client.force_login(person)
        answer = client.get(url)
        assert answer.status_code == 302, person
        assert answer.url == f"{preview}#p-{code}", person


def test_a_portfolio_not_started_yet_sends_its_candidate_to_start_it(client, planned, staff):
    url = reverse("portfolios:competency", args=[planned.pk, "CT-01"])
    for person in (UserFactory(roles=[Role.CANDIDATE]), staff):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(planned.application.candidate)
    answer = client.get(url)
    assert answer.url == reverse("portfolios:portfolio", args=[planned.pk])
    assert not Portfolio.objects.filter(planned_set=planned).exists()  # reading starts nothing
