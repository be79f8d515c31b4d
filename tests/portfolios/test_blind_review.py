"""Blind review is blind: nothing Certify writes for a reviewer names the candidate.

The candidate, Dana Okafor, uploads her CV as "Dana_Okafor_CV.pdf" without typing a title (so
its title is the file's name), with her name as the PDF's author. The assigned reviewer's pages
(queue, assessment, portfolio, preview), API answers (reviews, review, portfolio), notifications
and the file's download name never hold "Dana" or "Okafor": the evidence is "Evidence 1 (PDF)",
downloaded as "evidence-1.pdf". The candidate and staff still see her own title. What is inside
the file is hers (the upload page says so), so the file's bytes are served as uploaded.
"""

import pytest
from django.urls import reverse

from certify.portfolios import services
from tests import files
from tests.portfolios.conftest import pdf_upload

NAME_PARTS = ("dana", "okafor")
CV = files.pdf(metadata={"/Author": "Dana Okafor", "/Title": "CV of Dana Okafor"})


@pytest.fixture
def submitted(complete_portfolio, reviewers):
    candidate = complete_portfolio.planned_set.application.candidate
    candidate.email = "dana.okafor@example.org"
    candidate.save(update_fields=["email"])
    services.evidence_add_file(
        response=complete_portfolio.responses.first(),
        actor=candidate,
        upload=pdf_upload("Dana_Okafor_CV.pdf", CV),
        title="",  # no title typed: it defaults to the file's name
    )
    return services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)


def _names_in(text: str) -> list[str]:
    return [part for part in NAME_PARTS if part in text.lower()]


def _reviewer_view(client, submission) -> dict[str, str]:
    """Everything the assigned reviewer reads about this portfolio, by where they read it."""
    assignment = submission.assignments.first()
    planned_id = submission.portfolio.planned_set_id
    item = submission.portfolio.responses.first().evidence.get(kind="file")
    client.force_login(assignment.reviewer)
    seen = {}
    for name, url in {
        "queue page": reverse("portfolios:review_queue"),
        "assessment page": reverse("portfolios:assess", args=[assignment.pk]),
        "portfolio page": reverse("portfolios:portfolio", args=[planned_id]),
        "preview page": reverse("portfolios:preview", args=[planned_id]),
        "notifications page": reverse("notifications:list"),
        "API: my reviews": "/api/v1/reviews",
        "API: the review": f"/api/v1/reviews/{assignment.pk}",
        "API: the portfolio": f"/api/v1/portfolios/{planned_id}",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, name
        seen[name] = response.text
    download = client.get(reverse("portfolios:evidence", args=[item.pk]))
    assert download.status_code == 200
    seen["download headers"] = "\n".join(f"{k}: {v}" for k, v in download.headers.items())
    seen["file"] = b"".join(download.streaming_content).decode("latin-1")
    return seen


def test_the_reviewer_sees_no_name_in_anything_certify_writes(client, submitted):
    seen = _reviewer_view(client, submitted)
    file_body = seen.pop("file")
    leaks = {where: _names_in(text) for where, text in seen.items() if _names_in(text)}
    assert not leaks, f"the candidate's name reached the reviewer: {leaks}"
    assert "Evidence 1 (PDF)" in seen["assessment page"]
    assert "Evidence 1 (PDF)" in seen["preview page"]
    assert '"title": "Evidence 1 (PDF)"' in seen["API: the portfolio"]
    assert 'filename="evidence-1.pdf"' in seen["download headers"]
    # The document's own content (its author) is the candidate's: served as uploaded, never
    # read or shown by Certify.
    assert "/Author (Dana Okafor)" in file_body


def test_the_candidate_and_staff_still_see_the_candidates_own_title(client, submitted, staff):
    planned_id = submitted.portfolio.planned_set_id
    item = submitted.portfolio.responses.first().evidence.get()
    assert item.title == "Dana_Okafor_CV.pdf"
    for person in (submitted.portfolio.planned_set.application.candidate, staff):
        client.force_login(person)
        assert (
            "Dana_Okafor_CV.pdf"
            in client.get(reverse("portfolios:preview", args=[planned_id])).text
        )
        assert "Dana_Okafor_CV.pdf" in client.get(f"/api/v1/portfolios/{planned_id}").text
        download = client.get(reverse("portfolios:evidence", args=[item.pk]))
        assert "Dana_Okafor_CV.pdf" in download["Content-Disposition"]


def test_numbers_follow_the_order_evidence_was_added_and_never_move(
    client, complete_portfolio, reviewers
):
    """Pages and download names agree; a removed item keeps its number, so nothing renumbers."""
    candidate = complete_portfolio.planned_set.application.candidate
    first, second = list(complete_portfolio.responses.all())[:2]
    one = services.evidence_add_file(
        response=second, actor=candidate, upload=pdf_upload("a.pdf"), title="Shelf list"
    )
    two = services.evidence_add_link(
        response=first, actor=candidate, url="https://example.org/video", title="Story time"
    )
    three = services.evidence_add_file(
        response=first, actor=candidate, upload=pdf_upload("b.pdf"), title="Desk log"
    )
    services.evidence_remove(item=two, actor=candidate)
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    assignment = submission.assignments.first()
    client.force_login(assignment.reviewer)
    page = client.get(reverse("portfolios:assess", args=[assignment.pk])).text
    assert "Evidence 1 (PDF)" in page
    assert "Evidence 3 (PDF)" in page
    assert "Evidence 2" not in page  # removed before submission
    assert not any(title in page for title in ("Shelf list", "Story time", "Desk log"))
    names = {
        item.pk: client.get(reverse("portfolios:evidence", args=[item.pk]))["Content-Disposition"]
        for item in (one, three)
    }
    assert 'filename="evidence-1.pdf"' in names[one.pk]
    assert 'filename="evidence-3.pdf"' in names[three.pk]


def test_the_upload_page_says_what_reviewers_see_and_whose_the_file_content_is(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    page = client.get(reverse("portfolios:portfolio", args=[portfolio.planned_set_id])).text
    assert "Reviewers do not see your name." in page
    assert "What is inside a file you upload is your own responsibility" in page


def test_nor_in_a_typed_link_title_the_viewer_the_home_page_or_the_reminders(
    client, complete_portfolio, reviewers
):
    """The other places a reviewer meets the portfolio: a link whose typed title names her (its
    address is hers to choose, and is not checked), the evidence viewer's answer, the reviewer's
    home page and the reminders the daily job sends them."""
    from certify.portfolios.handlers import review_reminders

    candidate = complete_portfolio.planned_set.application.candidate
    response = complete_portfolio.responses.first()
    services.evidence_add_link(
        response=response, actor=candidate, url="https://example.org/story", title="Dana reads"
    )
    services.evidence_add_file(
        response=response, actor=candidate, upload=pdf_upload("Okafor.pdf", CV), title=""
    )
    submission = services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)
    assignment = submission.assignments.first()
    review_reminders(assignment.due_on)  # the "due soon" reminder, in the notifications
    seen = _reviewer_view(client, submission)
    seen.pop("file")
    pdf = submission.portfolio.responses.first().evidence.get(kind="file")
    viewer = client.get(reverse("portfolios:evidence_view", args=[pdf.pk]))
    assert viewer.status_code == 200
    seen["viewer headers"] = "\n".join(f"{k}: {v}" for k, v in viewer.headers.items())
    seen["home page"] = client.get("/").text
    leaks = {where: _names_in(text) for where, text in seen.items() if _names_in(text)}
    assert not leaks, f"the candidate's name reached the reviewer: {leaks}"
    assert "Evidence 1 (link)" in seen["assessment page"]
    assert "review is due" in seen["notifications page"].lower()
