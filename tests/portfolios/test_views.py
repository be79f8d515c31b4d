from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.portfolios import review_views, services
from certify.portfolios.models import Portfolio, ReviewAssignment
from certify.progress.models import PlannedSet
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.hidden import assert_answers_as_unknown
from tests.portfolios.conftest import PDF, pass_every_review, pdf_upload


def test_a_candidate_builds_and_submits_a_portfolio(client, planned, reviewers):
    client.force_login(planned.application.candidate)
    page = client.get(reverse("portfolios:portfolio", args=[planned.pk])).text
    assert "Portfolio: Communication and Teamwork" in page
    assert "Start the portfolio" in page
    response = client.post(reverse("portfolios:start", args=[planned.pk]), follow=True)
    assert "Write your personal learning statement." in response.text
    portfolio = Portfolio.objects.get(planned_set=planned)
    response = client.post(
        reverse("portfolios:statement", args=[planned.pk]),
        {"learning_statement": "I learned a lot."},
        headers={"HX-Request": "true"},
    )
    assert "Saved" in response.text
    assert 'hx-swap-oob="true"' in response.text
    for r in portfolio.responses.all():
        client.post(
            reverse("portfolios:response", args=[planned.pk, r.pk]),
            {"narrative": "How I do it."},
            headers={"HX-Request": "true"},
        )
    first = portfolio.responses.first()
    client.post(
        reverse("portfolios:evidence_add", args=[planned.pk, first.pk]),
        {"kind": "file", "title": "Desk log", "file": pdf_upload()},
    )
    preview = client.get(reverse("portfolios:preview", args=[planned.pk])).text
    assert "Desk log" in preview
    response = client.post(reverse("portfolios:submit", args=[planned.pk]), follow=True)
    assert "Your portfolio is submitted. What happens next: two reviewers" in response.text
    target = timezone.localdate() + timedelta(
        days=planned.application.program.target_portfolio_review_days
    )
    assert (
        f"by {target:%B} {target.day}, {target.year} (the program&#x27;s target is" in response.text
    )
    portfolio.refresh_from_db()
    assert portfolio.status == Portfolio.Status.SUBMITTED


def test_reading_a_portfolio_page_changes_nothing_until_the_candidate_starts_it(client, planned):
    """A GET of a portfolio not started yet shows a button; only that POST opens the portfolio
    and moves the set on the candidate's plan."""
    client.force_login(planned.application.candidate)
    url = reverse("portfolios:portfolio", args=[planned.pk])
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 200
        assert f'action="{reverse("portfolios:start", args=[planned.pk])}"' in page.text
    planned.refresh_from_db()
    assert not Portfolio.objects.filter(planned_set=planned).exists()
    assert planned.status == PlannedSet.Status.NOT_STARTED
    plan = client.get(reverse("progress:plan")).text
    assert f'action="{reverse("portfolios:start", args=[planned.pk])}"' in plan  # one click
    response = client.post(reverse("portfolios:start", args=[planned.pk]))
    assert response.url == url
    planned.refresh_from_db()
    assert planned.status == PlannedSet.Status.IN_PROGRESS
    competencies = planned.competency_set.competencies.count()
    assert Portfolio.objects.get(planned_set=planned).responses.count() == competencies
    client.post(reverse("portfolios:start", args=[planned.pk]))  # twice: still one portfolio
    assert Portfolio.objects.filter(planned_set=planned).count() == 1


def test_only_the_candidate_starts_their_portfolio_and_only_on_the_portfolio_route(
    client, planned, staff
):
    for person in (UserFactory(roles=[Role.CANDIDATE]), staff):
        client.force_login(person)
        assert client.post(reverse("portfolios:start", args=[planned.pk])).status_code == 404
        assert client.get(reverse("portfolios:portfolio", args=[planned.pk])).status_code == 404
    assert not Portfolio.objects.filter(planned_set=planned).exists()
    PlannedSet.objects.filter(pk=planned.pk).update(route=PlannedSet.Route.COURSE)
    client.force_login(planned.application.candidate)
    response = client.post(reverse("portfolios:start", args=[planned.pk]), follow=True)
    assert "Choose the portfolio route for this set first." in response.text
    assert not Portfolio.objects.filter(planned_set=planned).exists()


def test_a_bad_upload_is_explained(client, portfolio):
    client.force_login(portfolio.planned_set.application.candidate)
    first = portfolio.responses.first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("portfolios:evidence_add", args=[portfolio.planned_set_id, first.pk]),
        {"kind": "file", "title": "x", "file": SimpleUploadedFile("x.pdf", b"<html>hi</html>")},
        follow=True,
    )
    assert "not a file type we accept" in response.text


def submit(portfolio):
    """A PDF added to the first answer and the portfolio submitted (the `submitted` fixture)."""
    candidate = portfolio.planned_set.application.candidate
    services.evidence_add_file(
        response=portfolio.responses.first(), actor=candidate, upload=pdf_upload(), title="Desk log"
    )
    return services.portfolio_submit(portfolio=portfolio, actor=candidate)


@pytest.fixture
def submitted(complete_portfolio, reviewers):
    return submit(complete_portfolio)


def _urls(submission):
    planned_id = submission.portfolio.planned_set_id
    item = submission.portfolio.responses.first().evidence.first()
    return {
        "portfolio": reverse("portfolios:portfolio", args=[planned_id]),
        "preview": reverse("portfolios:preview", args=[planned_id]),
        "file": reverse("portfolios:evidence", args=[item.pk]),
    }


def test_anonymous_visitors_reach_neither_portfolio_nor_files(client, submitted):
    for url in _urls(submitted).values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response.url


@pytest.mark.parametrize("who", ["other_candidate", "unassigned_reviewer", "provider", "sponsor"])
def test_others_reach_neither_portfolio_nor_files(client, submitted, who):
    role = {
        "other_candidate": Role.CANDIDATE,
        "unassigned_reviewer": Role.REVIEWER,
        "provider": Role.PROVIDER,
        "sponsor": Role.SPONSOR,
    }[who]
    client.force_login(UserFactory(roles=[role]))
    # The 404 page of a portfolio or file that does not exist, word for word (docs/security.md).
    unknown = {
        "portfolio": reverse(
            "portfolios:portfolio", args=[submitted.portfolio.planned_set_id + 999]
        ),
        "preview": reverse("portfolios:preview", args=[submitted.portfolio.planned_set_id + 999]),
        "file": reverse("portfolios:evidence", args=[999_999]),
    }
    for name, url in _urls(submitted).items():
        assert_answers_as_unknown(client, url, unknown[name])


def test_the_candidate_assigned_reviewers_and_staff_get_the_file_as_an_attachment(
    client, submitted, staff
):
    url = _urls(submitted)["file"]
    reviewer = submitted.assignments.first().reviewer
    for person in (submitted.portfolio.planned_set.application.candidate, reviewer, staff):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"


def test_a_reviewer_assesses_on_one_page_with_names_hidden(client, submitted):
    assignment = submitted.assignments.first()
    client.force_login(assignment.reviewer)
    queue = client.get(reverse("portfolios:review_queue")).text
    assert "Anonymous (blind review)" in queue
    page = client.get(reverse("portfolios:assess", args=[assignment.pk])).text
    assert "Dana Okafor" not in page
    assert "Desk log" not in page  # the candidate's title: the reviewer reads a neutral one
    assert "Evidence 1 (PDF)" in page
    for row in assignment.ratings.all():
        client.post(
            reverse("portfolios:rating", args=[assignment.pk, row.competency_id]),
            {"rating": "met", "comment": ""},
            headers={"HX-Request": "true"},
        )
    response = client.post(
        reverse("portfolios:complete", args=[assignment.pk]),
        {"comment": "Lovely work."},
        follow=True,
    )
    # Before: what submitting means; after: the reviewer's verdict, and that the set's result
    # waits for the other reviewer (it needs both), then says the result once both are in.
    assert "your ratings and comments are final" in page
    assert "decided when the other reviewer has finished too" in page
    assert (
        "Your review is recorded: your verdict is Met. The set&#x27;s result is decided when "
        "the other reviewer has finished too." in response.text
    )
    assignment.refresh_from_db()
    assert assignment.verdict == "met"
    other = submitted.assignments.exclude(pk=assignment.pk).get()
    client.force_login(other.reviewer)
    for row in other.ratings.all():
        client.post(
            reverse("portfolios:rating", args=[other.pk, row.competency_id]),
            {"rating": "met", "comment": ""},
            headers={"HX-Request": "true"},
        )
    response = client.post(reverse("portfolios:complete", args=[other.pk]), {}, follow=True)
    assert (
        "Your review is recorded: your verdict is Met. Both reviews are in; the set&#x27;s "
        "result: Met: the set is complete." in response.text
    )


def test_a_review_submitted_too_soon_comes_back_with_the_feedback_typed(client, submitted):
    """Refused ("rate every competency first"), the page keeps the overall feedback and says why
    at the form (a redirect lost what the reviewer had written for the candidate)."""
    assignment = submitted.assignments.first()
    client.force_login(assignment.reviewer)
    response = client.post(
        reverse("portfolios:complete", args=[assignment.pk]),
        {"comment": "Your desk log shows real care.", "refer_to_course": "on"},
    )
    assert response.status_code == 400
    page = response.text
    assert "Your desk log shows real care.</textarea>" in page
    assert 'id="finish-errors"' in page
    # Each competency still to rate, linked to it on the page (the codes were plain text).
    for code in assignment.ratings.values_list("competency__code", flat=True):
        assert f'<a href="#a-{code}">Rate {code} before you finish</a>' in page
        assert f'id="a-{code}"' in page
    assert 'name="refer_to_course" id="id_refer_to_course" checked' in page
    assignment.refresh_from_db()
    assert assignment.status == "assigned"


def test_a_rating_below_met_without_a_comment_links_to_its_comment(client, submitted):
    assignment = submitted.assignments.first()
    client.force_login(assignment.reviewer)
    first, *others = assignment.ratings.select_related("competency").order_by("pk")
    for row, rating in ((first, "partial"), *((row, "met") for row in others)):
        client.post(
            reverse("portfolios:rating", args=[assignment.pk, row.competency_id]),
            {"rating": rating, "comment": ""},
            headers={"HX-Request": "true"},
        )
    response = client.post(reverse("portfolios:complete", args=[assignment.pk]), {})
    assert response.status_code == 400
    code = first.competency.code
    link = f'<a href="#c{first.pk}">Explain your rating of {code}: it is below Met</a>'
    assert link in response.text
    assert f'id="c{first.pk}"' in response.text


def test_another_reviewers_review_answers_as_an_unknown_one(client, submitted, reviewers):
    """A review's id cannot be probed (docs/security.md): an unassigned reviewer gets, on the
    assess page, the rating form and the finish form, the 404 page an id nobody has gets, word
    for word; nothing is rated."""
    assignment = submitted.assignments.first()
    others = [r for r in reviewers if r not in {a.reviewer for a in submitted.assignments.all()}]
    client.force_login(others[0])
    row = assignment.ratings.first()
    unknown = assignment.pk + 10_000
    assert_answers_as_unknown(
        client,
        reverse("portfolios:assess", args=[assignment.pk]),
        reverse("portfolios:assess", args=[unknown]),
    )
    assert_answers_as_unknown(
        client,
        reverse("portfolios:rating", args=[assignment.pk, row.competency_id]),
        reverse("portfolios:rating", args=[unknown, row.competency_id]),
        method="post",
    )
    assert_answers_as_unknown(
        client,
        reverse("portfolios:complete", args=[assignment.pk]),
        reverse("portfolios:complete", args=[unknown]),
        method="post",
    )
    row.refresh_from_db()
    assert row.rating == ""
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.ASSIGNED


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("its candidate", 403),
        ("another candidate", 403),
        ("the assigned reviewer", 200),
        ("another reviewer", 404),
        ("a provider", 403),
        ("a sponsor", 403),
        ("program staff", 403),
    ],
)
def test_the_review_page_answers_each_role(client, submitted, reviewers, who, status):
    """Those without the reviewer role are refused by it (403 whatever the id: nothing to
    probe); a reviewer gets their own review, or the 404 of an unknown one."""
    assignment = submitted.assignments.first()
    others = [r for r in reviewers if r not in {a.reviewer for a in submitted.assignments.all()}]
    people = {
        "its candidate": submitted.portfolio.planned_set.application.candidate,
        "another candidate": UserFactory(roles=[Role.CANDIDATE]),
        "the assigned reviewer": assignment.reviewer,
        "another reviewer": others[0],
        "a provider": UserFactory(roles=[Role.PROVIDER]),
        "a sponsor": UserFactory(roles=[Role.SPONSOR]),
        "program staff": UserFactory(roles=[Role.PROGRAM_STAFF]),
    }
    if who in people:
        client.force_login(people[who])
    url = reverse("portfolios:assess", args=[assignment.pk])
    assert client.get(url).status_code == status
    unknown = reverse("portfolios:assess", args=[assignment.pk + 10_000])
    # Only a reviewer reaches the lookup: for everyone else an unknown id answers alike.
    assert client.get(unknown).status_code == (404 if "reviewer" in who else status)


def test_review_queue_query_count_does_not_grow(client, submitted, reviewers):
    reviewer = submitted.assignments.first().reviewer
    client.force_login(reviewer)
    client.get(reverse("portfolios:review_queue"))  # the programs' zones, kept (ADR 0036)
    review_views.forget_kept_queues()  # the queue read afresh (a kept one reads none of it)
    few = count_queries(lambda: client.get(reverse("portfolios:review_queue")))
    from tests.portfolios.conftest import _submission_for

    for _ in range(3):
        _submission_for(UserFactory(), reviewer)
    assert count_queries(lambda: client.get(reverse("portfolios:review_queue"))) == few


@pytest.mark.parametrize("role", ["candidate", "reviewer", "provider", "sponsor"])
def test_staff_review_pages_are_refused_to_others(db, submitted, client_as, role):
    client = client_as(role)
    assert client.get(reverse("portfolios:staff_submissions")).status_code == 403
    assert (
        client.get(reverse("portfolios:staff_submission", args=[submitted.pk])).status_code == 403
    )


def test_staff_list_query_count_does_not_grow(client, submitted, staff, reviewers):
    client.force_login(staff)
    few = count_queries(lambda: client.get(reverse("portfolios:staff_submissions")))
    from tests.portfolios.conftest import _submission_for

    for _ in range(3):
        _submission_for(UserFactory(), reviewers[0])
    assert count_queries(lambda: client.get(reverse("portfolios:staff_submissions"))) == few


def test_staff_replace_a_reviewer(client, submitted, staff, reviewers):
    client.force_login(staff)
    old = submitted.assignments.first()
    spare = next(r for r in reviewers if r not in {a.reviewer for a in submitted.assignments.all()})
    client.post(
        reverse("portfolios:staff_submission", args=[submitted.pk]),
        {"reviewer": spare.pk, "replacing": old.pk},
    )
    old.refresh_from_db()
    assert old.status == ReviewAssignment.Status.WITHDRAWN
    assert submitted.assignments.filter(reviewer=spare).exists()


def test_staff_cannot_replace_a_reviewer_with_the_same_reviewer(client, submitted, staff):
    """It was accepted ("now reviews this portfolio"): the review in progress was withdrawn and
    a blank one made, its ratings lost."""
    client.force_login(staff)
    old = submitted.assignments.first()
    response = client.post(
        reverse("portfolios:staff_submission", args=[submitted.pk]),
        {"reviewer": old.reviewer.pk, "replacing": old.pk},
        follow=True,
    )
    assert "already reviews this portfolio: choose someone else" in response.text
    old.refresh_from_db()
    assert old.status == ReviewAssignment.Status.ASSIGNED
    assert submitted.assignments.count() == 2


def test_a_supervisor_attests_without_an_account(
    client, portfolio, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_request_attestation(
            response=portfolio.responses.first(),
            actor=portfolio.planned_set.application.candidate,
            attester_name="Pat Lee",
            attester_email="pat@example.org",
            title="",
            description="",
        )
    url = "/attest/" + mail.outbox[-1].body.split("/attest/")[1].split("/")[0] + "/"
    assert "Attest to Dana Okafor" in client.get(url).text
    refused = client.post(url, {"answer": "give", "text": ""})
    assert refused.status_code == 400
    # On a phone the page opens at the form's error summary, linked to the field.
    assert f'action="{url}#attest-errors"' in refused.text
    assert 'href="#id_text"' in refused.text
    response = client.post(
        url, {"answer": "give", "text": "Dana leads our story time with care and skill."}
    )
    assert "Thank you" in response.text


def test_the_set_shows_as_satisfied_after_passing(submitted):
    pass_every_review(submitted)
    planned = PlannedSet.objects.get(pk=submitted.portfolio.planned_set_id)
    assert planned.is_satisfied
