"""Giving notice of appeal is consequential and once only: the candidate's button opens a
confirmation page (ADR 0040) that says what happens; reading it changes nothing, its button
posts the notice."""

import re

from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.appeals.models import Appeal
from certify.applications.models import Application
from certify.portfolios.models import Portfolio, Submission
from certify.portfolios.services import portfolio_open
from certify.progress.services import plan_ensure, route_choose
from tests.appeals.test_appeals import rejected  # noqa: F401 (a fixture)
from tests.factories import ApplicationFactory, UserFactory
from tests.workflow import force_status


def _posts_to(page: str, url: str) -> bool:
    return re.search(rf'<form[^>]*method="post"[^>]*action="{re.escape(url)}"', page) is not None


def test_an_application_s_appeal_is_confirmed_before_it_is_given(client, rejected):  # noqa: F811
    client.force_login(rejected.candidate)
    notice = reverse("applications:appeal_notice", args=[rejected.pk])
    confirm = reverse("applications:appeal_notice_confirm", args=[rejected.pk])
    page = client.get(rejected.get_absolute_url()).text
    assert f'<a class="button" href="{confirm}">Give notice of appeal</a>' in page
    assert not _posts_to(page, notice)  # no single tap gives it

    response = client.get(confirm)
    assert response.status_code == 200
    assert "<h1>Give notice of appeal?</h1>" in response.text
    assert "is looked at again by a staff member who did not make it" in response.text
    assert "a notice cannot be taken back" in response.text
    assert _posts_to(response.text, notice)
    assert "Yes, give notice of appeal" in response.text
    assert not Appeal.objects.exists()  # reading it changes nothing

    client.post(notice)
    assert Appeal.objects.count() == 1
    # Given: the confirmation is not offered again.
    assert client.get(confirm).url == rejected.get_absolute_url()


def test_the_confirmation_is_refused_to_another_candidate(client, rejected):  # noqa: F811
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    response = client.get(reverse("applications:appeal_notice_confirm", args=[rejected.pk]))
    assert response.status_code in (403, 404)


def test_a_portfolio_s_appeal_is_confirmed_before_it_is_given(client, lsscp):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    application = ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )
    plan_ensure(application=application)
    planned = application.planned_sets.get(competency_set__code="CT")
    route_choose(planned=planned, actor=candidate, route="portfolio")
    portfolio = portfolio_open(planned=planned, actor=candidate)
    Submission.objects.create(
        portfolio=portfolio, number=1, snapshot={}, outcome="not_met", decided_at=timezone.now()
    )
    force_status(portfolio, Portfolio.Status.FAILED)
    client.force_login(candidate)
    notice = reverse("portfolios:appeal_notice", args=[planned.pk])
    confirm = reverse("portfolios:appeal_notice_confirm", args=[planned.pk])
    page = client.get(reverse("portfolios:portfolio", args=[planned.pk])).text
    assert f'<a class="button" href="{confirm}">Give notice of appeal</a>' in page
    assert not _posts_to(page, notice)

    response = client.get(confirm)
    assert "<h1>Give notice of appeal?</h1>" in response.text
    assert _posts_to(response.text, notice)
    assert not Appeal.objects.exists()
    client.post(notice)
    assert Appeal.objects.count() == 1
