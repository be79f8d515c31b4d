"""The pages a declared conflict changes, in chromium at 390 and 320 px (no sideways scrolling,
axe-core, headings in order, focus visible: `phone_problems`): program staff who declared a
conflict of interest with a candidate see the portfolio reviews and open appeals lists with the
case marked "Conflict declared" and no link to it, and the version's staff page and the appeal's
page refused (403) with the reason and where to go instead."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from certify.accounts.api import conflict_declare
from certify.loaddata.demo.applications import demo_applications_create
from certify.programs.models import Program

from .test_phone_walks import PHONE, phone_problems
from .test_phone_walks_more import _appealed
from .test_reviewer_workspace import assignment  # noqa: F401  (a fixture)


def test_a_conflicted_staff_members_lists_and_refusals_read_on_a_phone(
    open_page: Callable[..., Page],
    sign_in,
    assignment,  # noqa: F811
    console_errors,
):
    program = Program.objects.get(slug="lsscp")
    staff = get_user_model().objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    appeal = _appealed(program)
    submission = assignment.submission
    candidate = submission.portfolio.planned_set.application.candidate
    appellant = get_user_model().objects.get(email="rejected@example.org")
    for person in (candidate, appellant):
        conflict_declare(actor=staff, person_email=person.email, reason="A relative.")
    page = open_page(**PHONE)
    sign_in(page, "staff@example.org")
    found = {}
    for path, status in (
        ("/staff/portfolios/", 200),
        ("/staff/appeals/", 200),
        (f"/staff/portfolios/{submission.pk}/", 403),
        (f"/staff/appeals/{appeal}/", 403),
    ):
        response = page.goto(path)
        assert response is not None
        assert response.status == status, path
        if status == 200:
            expect(page.get_by_text("Conflict declared")).to_be_visible()
        else:
            expect(page.get_by_text("You declared a conflict of interest")).to_be_visible()
        if problems := phone_problems(page):
            found[path] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    # the refusals' own answer (403) is the only resource the browser may report
    assert [e for e in console_errors if "status of 403" not in e] == []


def test_a_reviewer_who_declared_a_conflict_and_the_pages_it_changes_read_on_a_phone(
    open_page: Callable[..., Page],
    sign_in,
    assignment,  # noqa: F811
    console_errors,
):
    """Her queue (the review gone from it) and her review refused with the reason; staff's
    application page with its appeal kept from staff who declared a conflict with the appellant,
    and the portfolio's preview that the version's staff page links to."""
    program = Program.objects.get(slug="lsscp")
    staff = get_user_model().objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    _appealed(program)
    appellant = get_user_model().objects.get(email="rejected@example.org")
    rejected = appellant.applications.get(program=program)
    candidate = assignment.submission.portfolio.planned_set.application.candidate
    conflict_declare(actor=assignment.reviewer, person_email=candidate.email, reason="A relative.")
    conflict_declare(actor=staff, person_email=appellant.email, reason="A neighbor.")
    planned = assignment.submission.portfolio.planned_set_id
    found = {}
    for who, walk in (
        (
            assignment.reviewer.email,
            (
                ("/review/", 200, "Your reviews"),
                (f"/review/{assignment.pk}/", 403, "the review goes to another reviewer"),
            ),
        ),
        (
            "staff@example.org",
            (
                (
                    f"/staff/applications/{rejected.pk}/",
                    200,
                    "You declared a conflict of interest with the appellant",
                ),
                (f"/portfolios/{planned}/preview/", 200, "CT-01"),
            ),
        ),
    ):
        page = open_page(**PHONE)
        sign_in(page, who)
        for path, status, words in walk:
            response = page.goto(path)
            assert response is not None
            assert response.status == status, path
            expect(page.locator("main").get_by_text(words).first).to_be_visible()
            if problems := phone_problems(page):
                found[path] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 403" not in e] == []
