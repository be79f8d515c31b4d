"""After a save that worked, the portfolio forms' redirects name their own fragment (ADR 0043):
the forms post to `…#<form>-errors`, and a browser keeps that fragment across a redirect whose
address names none, so the saved page's address would aim at a summary that is not there. A
narrative and evidence land on their own part of the competency's page
(`test_steps.test_without_javascript_the_forms_post_and_come_back_to_the_same_competency`); the
attester's answer is a page rendered after the post, its link working once."""

from django.urls import reverse

from tests.portfolios.test_views import submitted  # noqa: F401 (a fixture)


def test_a_finished_review_opens_the_queue_at_its_main_content(client, submitted):  # noqa: F811
    assignment = submitted.assignments.first()
    client.force_login(assignment.reviewer)
    page = client.get(reverse("portfolios:assess", args=[assignment.pk])).text
    url = reverse("portfolios:complete", args=[assignment.pk])
    assert f'action="{url}#finish-errors"' in page
    for row in assignment.ratings.all():
        client.post(
            reverse("portfolios:rating", args=[assignment.pk, row.competency_id]),
            {"rating": "met", "comment": ""},
            headers={"HX-Request": "true"},
        )
    response = client.post(url, {"comment": "Lovely work."})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portfolios:review_queue')}#main"
    assignment.refresh_from_db()
    assert assignment.verdict == "met"
