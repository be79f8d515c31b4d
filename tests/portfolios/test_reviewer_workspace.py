"""The reviewer's workspace: their reviews on the account and reviews pages, the evidence viewer's
file (who gets it, and how), the assess page's viewer and shortcuts, the turnaround figure, and
calibration between the two reviewers of a version (ADR 0049)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.portfolios import calibration, services
from certify.portfolios.models import ReviewAssignment, Submission
from tests.conftest import count_queries
from tests.factories import UserFactory
from tests.hidden import assert_answers_as_unknown
from tests.portfolios.conftest import PDF, _rate, _submission_for, make_reviewer, pdf_upload

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _candidate(submission):
    return submission.portfolio.planned_set.application.candidate


@pytest.fixture
def submitted(complete_portfolio, reviewers):
    """A submitted version with a PDF and a plain-text file, and its two reviewers."""
    candidate = complete_portfolio.planned_set.application.candidate
    first = complete_portfolio.responses.first()
    services.evidence_add_file(response=first, actor=candidate, upload=pdf_upload(), title="CV")
    services.evidence_add_file(
        response=first,
        actor=candidate,
        upload=SimpleUploadedFile("notes.txt", b"My desk notes.\n", content_type="text/plain"),
        title="Dana's notes",
    )
    return services.portfolio_submit(portfolio=complete_portfolio, actor=candidate)


def _items(submission):
    items = list(submission.portfolio.responses.first().evidence.order_by("created_at", "id"))
    return items[0], items[1]  # the PDF, the text file


# --- The evidence viewer's file ---------------------------------------------------------------


def test_an_assigned_reviewer_gets_a_pdf_inline_and_other_files_as_attachments(client, submitted):
    pdf, text = _items(submitted)
    client.force_login(submitted.assignments.first().reviewer)
    response = client.get(reverse("portfolios:evidence_view", args=[pdf.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="evidence-1.pdf"'  # blind
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    response = client.get(reverse("portfolios:evidence_view", args=[text.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="evidence-2.txt"'


def test_a_picture_comes_inline_too(client, submitted):
    from tests import files

    candidate = _candidate(submitted)
    portfolio = submitted.portfolio
    response = portfolio.responses.first()
    item = response.evidence.create(
        kind="file", title="Photo", content_type="image/png", extension=".png", size=10
    )
    item.file.save("photo.png", SimpleUploadedFile("photo.png", files.picture()), save=True)
    snapshot = submitted.snapshot
    snapshot["responses"][0]["evidence"].append(item.pk)
    Submission.objects.filter(pk=submitted.pk).update(snapshot=snapshot)
    client.force_login(submitted.assignments.first().reviewer)
    answer = client.get(reverse("portfolios:evidence_view", args=[item.pk]))
    assert answer["Content-Type"] == "image/png"
    assert answer["Content-Disposition"].startswith("inline;")
    assert candidate.full_name not in answer["Content-Disposition"]


@pytest.mark.parametrize("who", ["unassigned_reviewer", "candidate", "other_candidate", "provider"])
def test_the_viewers_file_is_refused_to_anyone_but_assigned_reviewers_and_staff(
    client, submitted, who
):
    pdf, _ = _items(submitted)
    person = {
        "unassigned_reviewer": lambda: make_reviewer("Uma Unassigned"),
        "candidate": lambda: _candidate(submitted),
        "other_candidate": lambda: UserFactory(roles=[Role.CANDIDATE]),
        "provider": lambda: UserFactory(roles=[Role.PROVIDER]),
    }[who]()
    client.force_login(person)
    url = reverse("portfolios:evidence_view", args=[pdf.pk])
    if who == "candidate":  # it is their own file: they know of it
        assert client.get(url).status_code == 403
    else:  # the same 404 page as a file that does not exist
        unknown = reverse("portfolios:evidence_view", args=[pdf.pk + 1000])
        assert_answers_as_unknown(client, url, unknown)


def test_staff_get_the_viewers_file_and_a_withdrawn_reviewer_does_not(client, submitted, staff):
    pdf, _ = _items(submitted)
    url = reverse("portfolios:evidence_view", args=[pdf.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assignment = submitted.assignments.first()
    ReviewAssignment.objects.filter(pk=assignment.pk).update(
        status=ReviewAssignment.Status.WITHDRAWN
    )
    client.force_login(assignment.reviewer)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # sent to sign in


# --- The assess page --------------------------------------------------------------------------


def test_the_assess_page_offers_the_viewer_for_pdfs_only_and_lists_the_shortcuts(client, submitted):
    pdf, text = _items(submitted)
    client.force_login(submitted.assignments.first().reviewer)
    page = client.get(reverse("portfolios:assess", args=[submitted.assignments.first().pk])).text
    view_pdf = reverse("portfolios:evidence_view", args=[pdf.pk])
    assert f'data-view-url="{view_pdf}" data-view-kind="pdf"' in page
    assert reverse("portfolios:evidence_view", args=[text.pk]) not in page  # downloaded only
    assert reverse("portfolios:evidence", args=[text.pk]) in page
    assert "Keyboard shortcuts" in page
    assert "Next competency" in page
    assert "Previous competency" in page
    assert "vendor/pdfjs-6.5.438/pdf.min.mjs" in page
    assert "vendor/pdfjs-6.5.438/pdf.worker.min.mjs" in page
    assert "certify/js/review-shortcuts.js" in page
    assert "<script>" not in page
    assert "onclick" not in page
    assert "Dana Okafor" not in page
    assert "Dana&#x27;s notes" not in page
    # the journey's hooks: a rating form per competency, the overall comment, the button
    assert page.count('hx-post="/review/') == submitted.assignments.first().ratings.count()
    assert 'id="id_comment"' in page
    assert "Submit my review" in page


# --- Turnaround -------------------------------------------------------------------------------


def test_median_days_shows_a_number_after_a_review_completed_the_same_day(client, lsscp):
    reviewer = make_reviewer("Rita Reviewer")
    client.force_login(reviewer)
    page = client.get(reverse("portfolios:review_queue")).text
    assert "<dt>Median days to complete</dt><dd>—</dd>" in page
    done = _submission_for(UserFactory(roles=[Role.CANDIDATE]), reviewer)
    # completed one hour after it was assigned: 0.04 days, 0.0 to one decimal (once shown "—")
    ReviewAssignment.objects.filter(pk=done.pk).update(
        status=ReviewAssignment.Status.COMPLETED,
        assigned_at=T0,
        completed_at=T0 + timedelta(hours=1),
        verdict="met",
    )
    page = client.get(reverse("portfolios:review_queue")).text
    assert "<dt>Median days to complete</dt><dd>0.0</dd>" in page
    # two more, by hand: 1 h, 2 days 12 h, 5 days → the middle one is 2.5 days
    for hours in (60, 120):
        more = _submission_for(UserFactory(roles=[Role.CANDIDATE]), reviewer)
        ReviewAssignment.objects.filter(pk=more.pk).update(
            status=ReviewAssignment.Status.COMPLETED,
            assigned_at=T0,
            completed_at=T0 + timedelta(hours=hours),
            verdict="met",
        )
    page = client.get(reverse("portfolios:review_queue")).text
    assert "<dt>Median days to complete</dt><dd>2.5</dd>" in page
    assert "<dt>Completed</dt><dd>3</dd>" in page


# --- The reviewer's home ----------------------------------------------------------------------


def test_the_account_page_lists_a_reviewers_open_reviews_with_due_dates(client, lsscp):
    reviewer = make_reviewer("Rita Reviewer")
    today = timezone.localdate()
    late = _submission_for(UserFactory(full_name="Lee Late", roles=[Role.CANDIDATE]), reviewer)
    ReviewAssignment.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=2))
    soon = _submission_for(UserFactory(roles=[Role.CANDIDATE]), reviewer)
    ReviewAssignment.objects.filter(pk=soon.pk).update(due_on=today + timedelta(days=5))
    done = _submission_for(UserFactory(roles=[Role.CANDIDATE]), reviewer)
    ReviewAssignment.objects.filter(pk=done.pk).update(
        status=ReviewAssignment.Status.COMPLETED, completed_at=timezone.now()
    )
    client.force_login(reviewer)
    page = client.get(reverse("accounts:home")).text
    assert "will be listed on this page" not in page
    assert "2 open, <strong>1 overdue</strong>; 1 completed." in page
    late_url = reverse("portfolios:assess", args=[late.pk])
    soon_url = reverse("portfolios:assess", args=[soon.pk])
    assert late_url in page
    assert soon_url in page
    assert reverse("portfolios:assess", args=[done.pk]) not in page  # open ones only
    assert page.index(late_url) < page.index(soon_url)  # by due date
    late_due = today - timedelta(days=2)
    due = f"{late_due:%B} {late_due.day}, {late_due.year}"
    assert f"Due <strong>{due}</strong>: <strong>overdue" in page
    assert "Lee Late" not in page  # blind review
    assert reverse("portfolios:review_queue") in page


def test_the_account_page_of_someone_who_is_not_a_reviewer_shows_no_reviews(client, lsscp):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert 'id="reviews-heading"' not in client.get(reverse("accounts:home")).text


def test_the_account_pages_reviews_cost_the_same_queries_however_many(client, lsscp):
    reviewer = make_reviewer("Rita Reviewer")
    _submission_for(UserFactory(roles=[Role.CANDIDATE]), reviewer)
    client.force_login(reviewer)
    few = count_queries(lambda: client.get(reverse("accounts:home")))
    for _ in range(4):
        _submission_for(UserFactory(roles=[Role.CANDIDATE]), reviewer)
    assert count_queries(lambda: client.get(reverse("accounts:home"))) == few


# --- Calibration ------------------------------------------------------------------------------


def _assess(client, assignment):
    client.force_login(assignment.reviewer)
    return client.get(reverse("portfolios:assess", args=[assignment.pk])).text


def test_reviewers_whose_verdicts_differ_see_each_other_only_after_both_finished(client, submitted):
    first, second = submitted.assignments.order_by("id")
    count = first.ratings.count()
    _rate(first, ["met"] * count)
    # One finished, the other not: neither sees anything of the other's.
    assert "Calibration" not in _assess(client, first)
    assert "Calibration" not in _assess(client, second)
    second.refresh_from_db()
    _rate(second, ["partial"] * 4 + ["met"] * (count - 4), comment="Show a real desk exchange.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.verdict, second.verdict) == ("met", "partial")
    mine = _assess(client, first)
    assert "Calibration: the other reviewer saw it differently" in mine
    assert "the other reviewer's is <strong>Partially met</strong>" in mine
    assert "Show a real desk exchange." in mine  # the other's comment on a competency
    theirs = _assess(client, second)
    assert "the other reviewer's is <strong>Met</strong>" in theirs
    for page in (mine, theirs):
        assert "Dana Okafor" not in page  # still blind
        assert first.reviewer.full_name not in theirs
        assert second.reviewer.full_name not in mine


def test_reviewers_who_agree_see_nothing_of_each_other(client, submitted):
    first, second = submitted.assignments.order_by("id")
    count = first.ratings.count()
    _rate(first, ["met"] * count)
    second.refresh_from_db()
    _rate(second, ["met"] * count)
    first.refresh_from_db()
    assert calibration.calibration_find(assignment=first) is None
    assert "Calibration" not in _assess(client, first)


# --- Disagreement rates for staff -------------------------------------------------------------


def _pair(reviewer_a, reviewer_b, verdict_a, verdict_b=None):
    """A version reviewed by a (finished, `verdict_a`) and b (finished when `verdict_b`)."""
    first = _submission_for(UserFactory(roles=[Role.CANDIDATE]), reviewer_a)
    ReviewAssignment.objects.filter(pk=first.pk).update(
        status=ReviewAssignment.Status.COMPLETED, verdict=verdict_a, completed_at=timezone.now()
    )
    second = ReviewAssignment.objects.create(
        submission=first.submission, reviewer=reviewer_b, due_on=timezone.localdate()
    )
    if verdict_b:
        ReviewAssignment.objects.filter(pk=second.pk).update(
            status=ReviewAssignment.Status.COMPLETED,
            verdict=verdict_b,
            completed_at=timezone.now(),
        )


def test_disagreement_rates_by_hand(lsscp):
    ann, ben, cal = (make_reviewer(n) for n in ("Ann Able", "Ben Best", "Cal Clear"))
    _pair(ann, ben, "met", "met")  # agree
    _pair(ann, ben, "met", "partial")  # differ
    _pair(ann, cal, "not_met", "partial")  # differ
    _pair(ann, cal, "met")  # cal has not finished: not compared
    _pair(ben, cal, "partial", "partial")  # agree
    withdrawn = _submission_for(UserFactory(roles=[Role.CANDIDATE]), ann)
    ReviewAssignment.objects.filter(pk=withdrawn.pk).update(
        status=ReviewAssignment.Status.WITHDRAWN, verdict="met"
    )
    rows = {r.name: r for r in calibration.reviewer_agreement()}
    # Ann: 4 completed; 3 compared (met/met, met/partial, not_met/partial); 2 differ → 67 %
    assert (rows["Ann Able"].completed, rows["Ann Able"].compared) == (4, 3)
    assert (rows["Ann Able"].disagreed, rows["Ann Able"].rate) == (2, 67)
    # Ben: met/met, partial/met, partial/partial → 3 compared, 1 differs → 33 %
    assert (rows["Ben Best"].completed, rows["Ben Best"].compared) == (3, 3)
    assert (rows["Ben Best"].disagreed, rows["Ben Best"].rate) == (1, 33)
    # Cal: partial/not_met, partial/partial → 2 compared, 1 differs → 50 %
    assert (rows["Cal Clear"].completed, rows["Cal Clear"].disagreed) == (2, 1)
    assert rows["Cal Clear"].rate == 50


def test_disagreement_rates_cost_one_query_and_the_staff_page_a_fixed_number(client, lsscp, staff):
    ann, ben = make_reviewer("Ann Able"), make_reviewer("Ben Best")
    _pair(ann, ben, "met", "partial")
    assert count_queries(calibration.reviewer_agreement) == 1
    client.force_login(staff)
    url = reverse("portfolios:staff_reviewers")
    page = client.get(url).text
    assert "100 % (1 of 1)" in page
    few = count_queries(lambda: client.get(url))
    cal = make_reviewer("Cal Clear")
    for verdicts in (("met", "met"), ("not_met", "met"), ("partial", None)):
        _pair(ann, cal, *verdicts)
        _pair(cal, ben, *verdicts)
    assert count_queries(calibration.reviewer_agreement) == 1
    assert count_queries(lambda: client.get(url)) == few
    page = client.get(url).text
    assert "None compared yet" not in page
    assert "Cal Clear" in page


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.CANDIDATE, Role.PROVIDER, Role.SPONSOR])
def test_the_agreement_page_is_for_staff_only(client, lsscp, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("portfolios:staff_reviewers")).status_code == 403
