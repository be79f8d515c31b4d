"""A reviewer sees a portfolio only through a live assignment, and only the version it is for
(certify/portfolios/access.py, ADR 0026): not after the verdict, not once withdrawn, not a later
version's evidence, not through an appeal of their verdict. The page, the evidence download, the
viewer's copy and the API refuse alike (403, as for any reviewer not assigned)."""

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.appeals.api import appeal_decide, appeal_give_notice, appeal_submit_grounds
from certify.portfolios import services
from certify.portfolios.models import Portfolio, ReviewerProfile, Submission
from tests.factories import UserFactory
from tests.portfolios.conftest import _rate, pass_every_review, pdf_upload

OWN_COMMENT = "Add a second example from your own desk work."
NARRATIVE = "At the desk I CT-01 every day."


def _candidate(portfolio):
    return portfolio.planned_set.application.candidate


def _add_file(portfolio, title):
    return services.evidence_add_file(
        response=portfolio.responses.first(),
        actor=_candidate(portfolio),
        upload=pdf_upload(),
        title=title,
    )


@pytest.fixture
def first(complete_portfolio, reviewers):
    """Version 1, with one file, assigned to two reviewers."""
    _add_file(complete_portfolio, "Desk log")
    return services.portfolio_submit(
        portfolio=complete_portfolio, actor=_candidate(complete_portfolio)
    )


def _more_evidence(submission):
    """Both reviewers ask for more evidence (6 of 9 Met: partially met)."""
    for assignment in submission.assignments.all():
        _rate(assignment, ["met"] * 6 + ["partial"] * 3, comment=OWN_COMMENT)
    submission.refresh_from_db()
    assert submission.outcome == "more_evidence"
    return Portfolio.objects.get(pk=submission.portfolio_id)


def _pages(portfolio, item):
    planned_id = portfolio.planned_set_id
    return {
        "portfolio": reverse("portfolios:portfolio", args=[planned_id]),
        "preview": reverse("portfolios:preview", args=[planned_id]),
        "competency": reverse("portfolios:competency", args=[planned_id, "CT-01"]),
        "file": reverse("portfolios:evidence", args=[item.pk]),
        "viewer": reverse("portfolios:evidence_view", args=[item.pk]),
        "api": f"/api/v1/portfolios/{planned_id}",
    }


def _refused_everywhere(client, portfolio, item):
    for name, url in _pages(portfolio, item).items():
        assert client.get(url).status_code == 403, name


def _file(client, item):
    return client.get(reverse("portfolios:evidence", args=[item.pk]))


def _viewer(client, item):
    return client.get(reverse("portfolios:evidence_view", args=[item.pk]))


def test_a_current_reviewer_sees_the_portfolio_its_files_and_the_api(client, first):
    item = first.portfolio.responses.first().evidence.get()
    assignment = first.assignments.first()
    client.force_login(assignment.reviewer)
    pages = _pages(first.portfolio, item)
    for name in ("portfolio", "preview", "file", "viewer", "api"):
        assert client.get(pages[name]).status_code == 200, name
    assert client.get(pages["competency"]).status_code == 302  # to the read-only preview
    page = client.get(reverse("portfolios:assess", args=[assignment.pk])).text
    assert NARRATIVE in page
    assert "Evidence 1 (PDF)" in page
    # Finished first, the other review still open: no verdict yet, still live.
    _rate(assignment, ["met"] * 9)
    for name in ("portfolio", "preview", "file", "viewer", "api"):
        assert client.get(pages[name]).status_code == 200, name
    assert NARRATIVE in client.get(reverse("portfolios:assess", args=[assignment.pk])).text


def test_after_the_verdict_a_reviewer_keeps_their_review_but_not_the_candidates_work(client, first):
    item = first.portfolio.responses.first().evidence.get()
    assignment = first.assignments.first()
    _more_evidence(first)
    client.force_login(assignment.reviewer)
    _refused_everywhere(client, first.portfolio, item)

    queue = client.get(reverse("portfolios:review_queue")).text
    assert reverse("portfolios:assess", args=[assignment.pk]) in queue  # still in the history
    page = client.get(reverse("portfolios:assess", args=[assignment.pk])).text
    assert OWN_COMMENT in page  # their own comments and verdict
    assert "Partially met" in page
    assert "no longer shown to you" in page
    assert NARRATIVE not in page
    assert "I learned to listen first." not in page  # the learning statement
    assert "Evidence 1 (PDF)" not in page
    assert reverse("portfolios:evidence", args=[item.pk]) not in page

    detail = client.get(f"/api/v1/reviews/{assignment.pk}").json()
    assert detail["verdict"] == "partial"
    assert detail["learning_statement"] == ""
    rows = detail["ratings"]
    assert [r["comment"] for r in rows if r["rating"] == "partial"] == [OWN_COMMENT] * 3
    assert all(r["narrative"] == "" and r["evidence"] == [] for r in rows)


def test_a_reviewer_after_a_pass_is_refused_too(client, first):
    item = first.portfolio.responses.first().evidence.get()
    pass_every_review(first)
    for assignment in first.assignments.all():
        client.force_login(assignment.reviewer)
        _refused_everywhere(client, first.portfolio, item)


def test_a_reviewer_of_version_1_cannot_see_evidence_added_for_version_2(client, first, reviewers):
    version_1 = first.portfolio.responses.first().evidence.get()
    gone, kept = first.assignments.all()
    portfolio = _more_evidence(first)
    # Added after the send-back, while the portfolio is a draft again.
    added = _add_file(portfolio, "Story time plan")
    client.force_login(gone.reviewer)
    assert _file(client, added).status_code == 403
    # Version 2 goes to a reviewer who did not see version 1 and to one who did.
    ReviewerProfile.objects.filter(user=gone.reviewer).update(active=False)
    second = services.portfolio_submit(portfolio=portfolio, actor=_candidate(portfolio))
    assert gone.reviewer not in {a.reviewer for a in second.assignments.all()}
    _refused_everywhere(client, portfolio, added)
    assert _file(client, version_1).status_code == 403

    fresh = second.assignments.exclude(reviewer=kept.reviewer).get().reviewer
    client.force_login(fresh)  # version 2's reviewers see version 2, the file it kept included
    for item in (added, version_1):
        assert _file(client, item).status_code == 200
        assert _viewer(client, item).status_code == 200


def test_a_version_shows_none_of_the_evidence_removed_before_it(client, first):
    """A reviewer reads the version's snapshot: a file removed from the draft before version 2
    is kept for version 1 but is not version 2's, so version 2's reviewers cannot open it."""
    version_1 = first.portfolio.responses.first().evidence.get()
    portfolio = _more_evidence(first)
    services.evidence_remove(item=version_1, actor=_candidate(portfolio))
    _add_file(portfolio, "Instead")
    second = services.portfolio_submit(portfolio=portfolio, actor=_candidate(portfolio))
    client.force_login(second.assignments.first().reviewer)
    assert client.get(_pages(portfolio, version_1)["portfolio"]).status_code == 200
    assert _file(client, version_1).status_code == 403
    assert _viewer(client, version_1).status_code == 403


def test_a_withdrawn_reviewer_is_refused_even_with_an_earlier_review(client, first, reviewers):
    """Reviewer of version 1 and again of version 2, replaced on version 2 by staff: the earlier,
    decided review gives them nothing. Her own replaced review says it ended, staff's words
    (410, page and API), and shows none of the candidate's work."""
    item = first.portfolio.responses.first().evidence.get()
    portfolio = _more_evidence(first)
    second = services.portfolio_submit(portfolio=portfolio, actor=_candidate(portfolio))
    replaced = second.assignments.first()
    spare = next(r for r in reviewers if r not in {a.reviewer for a in second.assignments.all()})
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    services.reviewer_assign(submission=second, reviewer=spare, actor=staff, replacing=replaced)
    client.force_login(replaced.reviewer)
    _refused_everywhere(client, portfolio, item)
    page = client.get(reverse("portfolios:assess", args=[replaced.pk]))
    assert page.status_code == 410
    assert "Program staff gave this review to another reviewer." in page.text
    assert "This review ended" in page.text
    assert "statement" not in page.text.lower()
    api = client.get(f"/api/v1/reviews/{replaced.pk}")
    assert api.status_code == 410
    assert api.json()["detail"] == "Program staff gave this review to another reviewer."
    client.force_login(spare)
    assert _file(client, item).status_code == 200


def _fail_and_send_back(portfolio_submission):
    """Version 1 needs more evidence, version 2 is not met (final), and an appeal sends it
    back: new reviewers assess version 2 in round 2."""
    portfolio = _more_evidence(portfolio_submission)
    second = services.portfolio_submit(portfolio=portfolio, actor=_candidate(portfolio))
    round_one = list(second.assignments.all())
    for assignment in round_one:
        _rate(assignment, ["partial"] * 9, comment=OWN_COMMENT)
    second.refresh_from_db()
    assert second.outcome == "failed"
    candidate = _candidate(portfolio)
    appeal = appeal_give_notice(
        subject=second,
        appellant=candidate,
        program=portfolio.planned_set.application.program,
        decided_by=None,
        decided_at=second.decided_at,
    )
    appeal_submit_grounds(appeal=appeal, actor=candidate, grounds="My video was not opened.")
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    appeal_decide(appeal=appeal, actor=staff, uphold=False, reason="Reassess with the video.")
    second = Submission.objects.get(pk=second.pk)
    assert second.outcome == ""  # undecided again
    return second, round_one


def test_an_appeal_gives_the_appealed_reviewers_nothing_and_the_new_ones_the_version(client, first):
    item = first.portfolio.responses.first().evidence.get()
    second, round_one = _fail_and_send_back(first)
    for assignment in round_one:
        client.force_login(assignment.reviewer)
        _refused_everywhere(client, second.portfolio, item)
        page = client.get(reverse("portfolios:assess", args=[assignment.pk])).text
        assert OWN_COMMENT in page
        assert NARRATIVE not in page
    new = second.assignments.get(round=2)
    client.force_login(new.reviewer)
    for name, url in _pages(second.portfolio, item).items():
        assert client.get(url).status_code in (200, 302), name
    assert NARRATIVE in client.get(reverse("portfolios:assess", args=[new.pk])).text
    assert client.get(f"/api/v1/reviews/{new.pk}").json()["ratings"][0]["evidence"] == [item.pk]


def test_a_resubmission_shows_its_reviewers_what_was_asked_on_the_version_before(client, first):
    """Version 2's assess page says it answers a request for more evidence, that it is the last
    attempt, and shows the earlier ratings and comments under each competency (the reviewer
    could not tell what the candidate had been asked to add)."""
    client.force_login(first.assignments.first().reviewer)
    client_page = client.get(reverse("portfolios:assess", args=[first.assignments.first().pk]))
    assert "the reviewers asked for more evidence" not in client_page.text
    portfolio = _more_evidence(first)
    second = services.portfolio_submit(portfolio=portfolio, actor=_candidate(portfolio))
    assignment = second.assignments.first()
    client.force_login(assignment.reviewer)
    page = " ".join(client.get(reverse("portfolios:assess", args=[assignment.pk])).text.split())
    assert "This is version 2: on version 1 the reviewers asked for more evidence." in page
    assert "This is the candidate's last portfolio attempt for this set" in page
    assert "The reviewers on version 1</h3>" in page
    assert f'<span class="tag">Partially met</span> {OWN_COMMENT}' in page


def test_the_api_gives_a_resubmissions_reviewers_what_their_page_shows(client, first):
    """`GET /api/v1/reviews/{id}`: that the version answers a request for more evidence, that it
    is the last attempt, and the version before's ratings and comments per competency, without
    the names of the reviewers who gave them; none of it on a first version."""
    assignment = first.assignments.first()
    client.force_login(assignment.reviewer)
    detail = client.get(f"/api/v1/reviews/{assignment.pk}").json()
    assert (detail["resubmission"], detail["last_attempt"]) == (False, False)
    assert all(r["earlier"] == [] for r in detail["ratings"])
    portfolio = _more_evidence(first)
    earlier_reviewers = [a.reviewer.full_name for a in first.assignments.all()]
    second = services.portfolio_submit(portfolio=portfolio, actor=_candidate(portfolio))
    assignment = second.assignments.first()
    client.force_login(assignment.reviewer)
    response = client.get(f"/api/v1/reviews/{assignment.pk}")
    detail = response.json()
    assert (detail["resubmission"], detail["last_attempt"]) == (True, True)
    by_code = {r["competency"]: r["earlier"] for r in detail["ratings"]}
    partial = {"rating": "partial", "comment": OWN_COMMENT}
    assert by_code["CT-01"] == [{"rating": "met", "comment": ""}] * 2
    assert by_code[detail["ratings"][-1]["competency"]] == [partial, partial]
    text = response.text
    assert not any(name in text for name in earlier_reviewers)
    assert "reviewer" not in {key for r in detail["ratings"] for e in r["earlier"] for key in e}
    # What the reviewer's page shows of the same version.
    page = " ".join(client.get(reverse("portfolios:assess", args=[assignment.pk])).text.split())
    assert "on version 1 the reviewers asked for more evidence" in page
    assert "This is the candidate's last portfolio attempt for this set" in page
    assert page.count(f'<span class="tag">Partially met</span> {OWN_COMMENT}') == sum(
        e == partial for r in detail["ratings"] for e in r["earlier"]
    )
