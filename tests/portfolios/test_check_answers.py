"""Before a portfolio goes: "Check your portfolio" lists each competency (response written or
missing, evidence count) and warns about attestations still pending; the submit is a POST from
that page, and the old endpoint keeps every check. Removing evidence asks first (ADR 0040)."""

from django.urls import reverse

from certify.accounts.models import Role
from certify.portfolios import services
from certify.portfolios.models import EvidenceItem, Portfolio
from tests.factories import UserFactory
from tests.hidden import assert_answers_as_unknown
from tests.portfolios.conftest import pdf_upload


def candidate_of(portfolio):
    return portfolio.planned_set.application.candidate


def check_url(portfolio):
    return reverse("portfolios:check", args=[portfolio.planned_set_id])


def test_the_edit_page_leads_to_the_check_page_instead_of_submitting(client, portfolio):
    client.force_login(candidate_of(portfolio))
    page = client.get(reverse("portfolios:portfolio", args=[portfolio.planned_set_id])).text
    assert check_url(portfolio) in page
    assert f'action="{reverse("portfolios:submit", args=[portfolio.planned_set_id])}"' not in page


def test_the_check_page_lists_each_competency_and_what_is_missing(client, portfolio):
    candidate = candidate_of(portfolio)
    first, *others = list(portfolio.responses.all())
    services.response_save(response=first, actor=candidate, narrative="I help at the desk.")
    services.evidence_add_file(response=first, actor=candidate, upload=pdf_upload(), title="Log")
    client.force_login(candidate)
    page = client.get(check_url(portfolio)).text
    assert "Check your portfolio before you submit" in page
    assert "Response: written" in page
    assert "Evidence: 1 item" in page
    assert "Evidence: 1 items" not in page
    assert "Evidence: 0 items" in page
    assert "Response: <strong>missing</strong>" in page
    assert f"{others[0].competency.code}: write a response or add evidence." in page
    assert "Write your personal learning statement." in page
    change = reverse(
        "portfolios:competency", args=[portfolio.planned_set_id, first.competency.code]
    )
    assert f'href="{change}"' in page
    assert "Yes, submit my portfolio" not in page  # not complete: nothing to submit yet


def test_a_pending_attestation_is_a_warning_before_submitting(
    client, complete_portfolio, django_capture_on_commit_callbacks
):
    portfolio = complete_portfolio
    candidate = candidate_of(portfolio)
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_request_attestation(
            response=portfolio.responses.first(),
            actor=candidate,
            attester_name="Pat Lee",
            attester_email="pat@riverside.example",
            attester_organization="",
            title="Evening desk",
            description="",
        )
    client.force_login(candidate)
    page = client.get(check_url(portfolio)).text
    assert 'id="pending-warning"' in page
    assert "Pat Lee has not yet given the attestation “Evening desk”" in page
    assert "Yes, submit without the pending attestation" in page
    assert "This cannot be undone" in page
    assert f'action="{reverse("portfolios:submit", args=[portfolio.planned_set_id])}"' in page
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.DRAFT  # reading it submitted nothing


def test_a_complete_portfolio_without_pending_items_submits_from_the_check_page(
    client, complete_portfolio, reviewers
):
    portfolio = complete_portfolio
    client.force_login(candidate_of(portfolio))
    page = client.get(check_url(portfolio)).text
    assert "pending-warning" not in page
    assert "Yes, submit my portfolio" in page
    client.post(reverse("portfolios:submit", args=[portfolio.planned_set_id]))
    portfolio.refresh_from_db()
    assert portfolio.status != Portfolio.Status.DRAFT
    # Submitted: nothing left to check.
    assert client.get(check_url(portfolio)).status_code == 302


def test_the_old_submit_endpoint_still_refuses_an_incomplete_portfolio(client, portfolio):
    client.force_login(candidate_of(portfolio))
    client.post(reverse("portfolios:submit", args=[portfolio.planned_set_id]))
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.DRAFT


def test_the_check_page_is_the_candidates_own(client, portfolio):
    """Staff, who know of every portfolio, are refused (403); another candidate and a reviewer
    who is not on it get the 404 page of a portfolio that does not exist."""
    unknown = reverse("portfolios:check", args=[portfolio.planned_set_id + 1000])
    for roles in ([Role.CANDIDATE], [Role.REVIEWER]):
        client.force_login(UserFactory(roles=roles))
        assert_answers_as_unknown(client, check_url(portfolio), unknown)
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert client.get(check_url(portfolio)).status_code == 403


def test_removing_evidence_asks_first(client, portfolio):
    candidate = candidate_of(portfolio)
    item = services.evidence_add_file(
        response=portfolio.responses.first(), actor=candidate, upload=pdf_upload(), title="Log"
    )
    client.force_login(candidate)
    code = portfolio.responses.first().competency.code
    edit = client.get(reverse("portfolios:competency", args=[portfolio.planned_set_id, code])).text
    remove = reverse("portfolios:evidence_remove", args=[portfolio.planned_set_id, item.pk])
    assert f'action="{remove}"' not in edit  # no one-tap removal
    confirm = reverse(
        "portfolios:evidence_remove_confirm", args=[portfolio.planned_set_id, item.pk]
    )
    assert confirm in edit
    page = client.get(confirm).text
    assert "Remove “Log”?" in page
    assert f'action="{remove}"' in page
    assert "Yes, remove this evidence" in page
    assert EvidenceItem.objects.get(pk=item.pk).removed_at is None  # reading it removed nothing
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    unknown = reverse(
        "portfolios:evidence_remove_confirm", args=[portfolio.planned_set_id + 1000, item.pk]
    )
    assert_answers_as_unknown(client, confirm, unknown)
