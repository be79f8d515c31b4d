"""Autosave answers with the version of what it stored (ADR 0037): the browser says "Saved" only
when the server echoes the hash of the exact text it sent; anything else is not saved."""

import hashlib

from django.urls import reverse

from certify.accounts.models import Role
from certify.portfolios.models import Portfolio
from tests.factories import UserFactory

HTMX = {"HX-Request": "true"}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_saved_response_echoes_what_arrived_and_what_is_stored(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    response_row = portfolio.responses.first()
    typed = "  I shelve by Dewey.\n\nAnd I read the shelves every week é.  \n"
    answer = client.post(
        reverse("portfolios:response", args=[portfolio.planned_set_id, response_row.pk]),
        {"narrative": typed},
        headers=HTMX,
    )
    assert answer.status_code == 200
    assert answer["X-Draft-Received"] == sha(typed)
    response_row.refresh_from_db()
    assert response_row.narrative == typed.strip()
    assert answer["X-Draft-Version"] == sha(typed.strip())
    assert answer["Cache-Control"] == "no-store"


def test_a_saved_statement_echoes_its_versions(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    answer = client.post(
        reverse("portfolios:statement", args=[portfolio.planned_set_id]),
        {"learning_statement": "I learned to ask first."},
        headers=HTMX,
    )
    assert answer["X-Draft-Received"] == sha("I learned to ask first.")
    assert answer["X-Draft-Version"] == sha("I learned to ask first.")


def test_the_page_gives_each_field_the_version_of_its_saved_text(client, portfolio):
    candidate = portfolio.planned_set.application.candidate
    client.force_login(candidate)
    row = portfolio.responses.first()
    row.narrative = "Stored text"
    row.save()
    page = client.get(
        reverse("portfolios:competency", args=[portfolio.planned_set_id, row.competency.code])
    ).text
    assert (
        f'data-draft="portfolio-{portfolio.planned_set_id}-response-{row.pk}" '
        f'data-draft-version="{sha("Stored text")}"'
    ) in page
    assert 'aria-live="polite"' in page
    overview = client.get(reverse("portfolios:portfolio", args=[portfolio.planned_set_id])).text
    assert (
        f'data-draft="portfolio-{portfolio.planned_set_id}-statement" '
        f'data-draft-version="{sha("")}"'  # the empty learning statement
    ) in overview


def test_a_refused_save_carries_no_version(client, portfolio):
    """A portfolio that can no longer change: the answer says why, and names no version, so the
    browser keeps its copy and never says "Saved"."""
    client.force_login(portfolio.planned_set.application.candidate)
    Portfolio.objects.filter(pk=portfolio.pk).update(status=Portfolio.Status.SUBMITTED)
    row = portfolio.responses.first()
    answer = client.post(
        reverse("portfolios:response", args=[portfolio.planned_set_id, row.pk]),
        {"narrative": "Too late"},
        headers=HTMX,
    )
    assert "X-Draft-Received" not in answer
    assert "X-Draft-Version" not in answer
    assert "cannot be changed" in answer.text


def test_other_people_and_signed_out_visitors_still_cannot_save(client, portfolio):
    row = portfolio.responses.first()
    url = reverse("portfolios:response", args=[portfolio.planned_set_id, row.pk])
    statement = reverse("portfolios:statement", args=[portfolio.planned_set_id])
    for person in (None, UserFactory(roles=[Role.CANDIDATE]), UserFactory(roles=[Role.REVIEWER])):
        client.logout()
        if person is not None:
            client.force_login(person)
        for target, field in ((url, "narrative"), (statement, "learning_statement")):
            answer = client.post(target, {field: "Not mine"}, headers=HTMX)
            if person is None:  # a session that ended: "Your session ended" (drafts.js)
                assert answer.status_code == 401
                assert answer["HX-Redirect"].startswith("/accounts/login/")
            else:  # none of them knows of it: as an unknown portfolio
                assert answer.status_code == 404
            assert "X-Draft-Version" not in answer
    row.refresh_from_db()
    portfolio.refresh_from_db()
    assert row.narrative == ""
    assert portfolio.learning_statement == ""


def test_a_nul_pasted_into_a_response_is_left_out_not_a_server_error(client, portfolio):
    """Text pasted from some documents carries NUL characters, which PostgreSQL cannot store: the
    autosave was a server error and the typing never reached the server. The invisible NUL is
    left out, like the spaces around the text, and the version says what was stored."""
    client.force_login(portfolio.planned_set.application.candidate)
    response_row = portfolio.responses.first()
    typed = "I shelve\x00 by Dewey."
    answer = client.post(
        reverse("portfolios:response", args=[portfolio.planned_set_id, response_row.pk]),
        {"narrative": typed},
        headers=HTMX,
    )
    assert answer.status_code == 200
    response_row.refresh_from_db()
    assert response_row.narrative == "I shelve by Dewey."
    assert answer["X-Draft-Version"] == sha("I shelve by Dewey.")
    statement = client.post(
        reverse("portfolios:statement", args=[portfolio.planned_set_id]),
        {"learning_statement": "I learned\x00 to ask."},
        headers=HTMX,
    )
    assert statement.status_code == 200
    assert Portfolio.objects.get(pk=portfolio.pk).learning_statement == "I learned to ask."
