"""Every GET that links or redirects to a portfolio's preview lands on the preview (200), for
staff as for the candidate and a reviewer: the competency page's redirect, the version's staff
page, the candidate's status page and staff's link to a portfolio not submitted yet. The preview
changes nothing, so it answers GET and HEAD and refuses POST (405)."""

import re

from django.urls import reverse

from certify.portfolios import services
from tests.portfolios.test_steps import _competency_url, _rows


def _links_to_preview(text, preview):
    return [href for href in re.findall(r'href="([^"]+)"', text) if href.startswith(preview)]


def test_every_get_to_the_preview_lands_on_it(client, complete_portfolio, reviewers, staff):
    planned_id = complete_portfolio.planned_set_id
    preview = reverse("portfolios:preview", args=[planned_id])
    candidate = complete_portfolio.planned_set.application.candidate
    # Staff's link to a portfolio not submitted yet is its preview.
    assert complete_portfolio.get_staff_url() == preview
    client.force_login(staff)
    assert client.get(complete_portfolio.get_staff_url()).status_code == 200

    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    code = _rows(complete_portfolio)[1].competency.code
    reviewer = submission.assignments.first().reviewer
    for person in (staff, candidate, reviewer):
        client.force_login(person)
        followed = client.get(_competency_url(complete_portfolio, code), follow=True)
        assert followed.status_code == 200, person
        assert followed.redirect_chain == [(f"{preview}#p-{code}", 302)], person
        assert f'id="p-{code}"' in followed.text, person
        assert client.head(preview).status_code == 200, person

    client.force_login(staff)
    staff_page = client.get(reverse("portfolios:staff_submission", args=[submission.pk]))
    assert _links_to_preview(staff_page.text, preview)
    for href in _links_to_preview(staff_page.text, preview):
        assert client.get(href).status_code == 200
    client.force_login(candidate)
    status_page = client.get(reverse("portfolios:portfolio", args=[planned_id]))
    assert _links_to_preview(status_page.text, preview)
    for href in _links_to_preview(status_page.text, preview):
        assert client.get(href).status_code == 200


def test_the_preview_refuses_post(client, complete_portfolio, staff):
    client.force_login(staff)
    preview = reverse("portfolios:preview", args=[complete_portfolio.planned_set_id])
    assert client.post(preview).status_code == 405
