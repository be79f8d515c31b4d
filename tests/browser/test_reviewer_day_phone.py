"""A portfolio reviewer's day on a phone, at 390 and 320 px with axe-core. Lin (the demo reviewer,
with no role but reviewer) signs in and reads her queue: two portfolios. Reading the first one's
answers she recognizes the library the candidate works at, her former workplace: she declares a
conflict with it, and that review is given back (its page says why). She opens the other one,
reads its evidence (a link, a narrative, a PDF drawn by pdf.js under its competency), rates some
competencies Met, Partially met and Not met with written feedback, leaves for her queue and
comes back (nothing lost), rates the rest and submits. The other reviewer asks for more
evidence too; the candidate adds a document and rewrites an answer and submits again, and Lin
opens version 2: it says what the reviewers asked for, and what changed since version 1 (the
new evidence and the rewritten answer are marked). Every page is checked by `phone_problems`
(no sideways scrolling, no serious axe violation, headings, labels, targets, focus visible)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.loaddata.demo.certificates import demo_enrolled_create
from certify.loaddata.demo.portfolios import demo_reviewers_create
from certify.portfolios import services
from certify.portfolios.models import Portfolio, ReviewAssignment, Submission
from certify.programs.models import Program
from certify.progress.services import route_choose

from .test_phone_walks import PHONE, phone_problems
from .test_phone_walks import button_go as _go
from .test_phone_walks import opened_and_noted as _checked
from .test_reviewer_workspace import VIEW_PDF, drawn_pdf, painted

pytestmark = pytest.mark.django_db(transaction=True)

REVIEWER = "reviewer@example.org"
ROBIN = ("robin.desk@example.org", "Robin Deskworth", "Riverside Public Library")
SAM = ("sam.shelver@example.org", "Sam Shelver", "Eastside Branch Library")
SET = "Communication and Teamwork"
ASKED = "Add an example of a patron you helped after the first answer did not work."
ADDED = "The evening I walked a patron through the catalog a second time, step by step."


def _submitted(name: tuple[str, str, str]) -> Submission:
    """A submitted Communication and Teamwork portfolio whose answers name the library the
    candidate works at; its first competency has a PDF and a link."""
    program = Program.objects.get(slug="lsscp")
    email, full_name, library = name
    user, application, _ = demo_enrolled_create(
        program=program,
        staff=User.objects.get(email="staff@example.org"),
        email=email,
        name=full_name,
        library_name=library,
        role="Library assistant",
    )
    assert application is not None
    planned = route_choose(
        planned=application.planned_sets.get(competency_set__code="CT"),
        actor=user,
        route="portfolio",
    )
    portfolio = services.portfolio_open(planned=planned, actor=user)
    rows = list(portfolio.responses.order_by("competency__order").select_related("competency"))
    for row in rows:
        services.response_save(
            response=row,
            actor=user,
            narrative=f"At the {library} desk I practice {row.competency.code} every day.",
        )
    services.learning_statement_save(portfolio=portfolio, actor=user, text="I listen first.")
    first = f"{full_name.replace(' ', '_')}_desk_log.pdf"
    services.evidence_add_file(
        response=rows[0],
        actor=user,
        upload=SimpleUploadedFile(first, drawn_pdf(), content_type="application/pdf"),
        title=f"{full_name}'s desk log",
    )
    services.evidence_add_link(
        response=rows[0],
        actor=user,
        url="https://example.org/desk-guide",
        title=f"{full_name}'s desk guide",
        description="The guide I wrote for new desk staff.",
    )
    return services.portfolio_submit(portfolio=portfolio, actor=user)


def _hers(submission: Submission, reviewer: User) -> ReviewAssignment:
    return submission.assignments.get(reviewer=reviewer)


def _rated(page: Page, code: str, rating: str, comment: str = "") -> None:
    """Choose `rating` for competency `code` (and type the comment): saved as she goes."""
    group = page.get_by_role("group", name=f"Rating for {code}")
    group.get_by_label(rating, exact=True).check()
    if comment:
        group.get_by_label("Comment").fill(comment)
        group.get_by_label("Comment").blur()
    expect(group.get_by_role("status")).to_contain_text("Saved")


def test_a_reviewers_day_on_a_phone_from_her_queue_to_a_resubmission(open_page, sign_in):
    found: dict[str, list[str]] = {}
    lin, other = demo_reviewers_create(program=Program.objects.get(slug="lsscp"))
    assert lin.roles == frozenset({"reviewer"})
    sam = _hers(_submitted(SAM), lin)
    robin_v1 = _submitted(ROBIN)
    robin = _hers(robin_v1, lin)

    page = open_page(**PHONE)
    sign_in(page, REVIEWER)
    _checked(page, "/account/", found)
    _checked(page, "/review/", found)
    expect(page.get_by_role("link", name=SET)).to_have_count(2)
    for _, full_name, _ in (ROBIN, SAM):
        expect(page.locator("main")).not_to_contain_text(full_name)

    # Sam's answers name her former workplace: she declares a conflict with it.
    _checked(page, f"/review/{sam.pk}/", found)
    expect(page.locator("main")).to_contain_text(f"At the {SAM[2]} desk")
    _checked(page, "/account/conflicts/", found)
    page.locator("#id_organisation").fill(SAM[2])
    page.get_by_label("What the conflict is").fill("My former workplace.")
    _go(page, "Declare")
    expect(page.get_by_text(f"you will not be asked to decide about {SAM[2]}")).to_be_visible()
    _checked(page, "", found)
    sam.refresh_from_db()
    assert sam.status == ReviewAssignment.Status.WITHDRAWN
    refused = page.goto(f"/review/{sam.pk}/")
    assert refused is not None
    assert refused.status == 403
    expect(page.locator("main")).to_contain_text("You declared a conflict of interest")
    if problems := phone_problems(page):
        found["the conflicted review"] = problems

    # Robin's portfolio: a narrative, a link and a PDF, all without Robin's name.
    _checked(page, "/review/", found)
    with page.expect_navigation():
        page.get_by_role("link", name=SET).click()
    assert page.url.endswith(f"/review/{robin.pk}/")
    _checked(page, "", found)
    main = page.locator("main")
    expect(main).not_to_contain_text(ROBIN[1])
    expect(main).not_to_contain_text("Robin")
    expect(main).to_contain_text(f"At the {ROBIN[2]} desk I practice CT-01")
    expect(page.get_by_role("link", name="Evidence 2 (link)")).to_have_attribute(
        "href", "https://example.org/desk-guide"
    )
    page.get_by_role("button", name=VIEW_PDF).click()
    first = page.locator("[data-competency]").first
    expect(first.locator("#evidence-viewer")).to_be_visible()
    expect(first.locator('[data-viewer="canvas"]')).to_have_attribute("data-rendered-page", "1")
    assert painted(page) > 100
    if problems := phone_problems(page):
        found["the PDF open in the viewer"] = problems
    page.get_by_role("button", name="Close").click()

    # Part of the review, then away to her queue and back: nothing lost.
    codes = [c.competency.code for c in robin.ratings.order_by("competency__order")]
    _rated(page, codes[0], "Met")
    _rated(page, codes[1], "Partially met", ASKED)
    _rated(page, codes[2], "Not met", "No example of working with a colleague.")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Your reviews").click()
    expect(page.locator("td[data-label=Rated]").first).to_contain_text("3 of")
    _checked(page, "", found)
    with page.expect_navigation():
        page.get_by_role("link", name=SET).click()
    for code, rating in zip(codes, ("Met", "Partially met", "Not met"), strict=False):
        group = page.get_by_role("group", name=f"Rating for {code}")
        expect(group.get_by_label(rating, exact=True)).to_be_checked()
    expect(
        page.get_by_role("group", name=f"Rating for {codes[1]}").get_by_label("Comment")
    ).to_have_value(ASKED)
    for code in codes[3:]:
        _rated(page, code, "Met")
    page.get_by_label("Overall feedback", exact=False).fill("Clear answers from daily work.")
    _go(page, "Submit my review")
    expect(page.get_by_text("Your review is recorded")).to_be_visible()
    _checked(page, "", found)
    robin.refresh_from_db()
    assert robin.status == ReviewAssignment.Status.COMPLETED

    # The other reviewer asks for more evidence too; Robin adds a document and rewrites CT-02.
    theirs = _hers(robin_v1, other)
    for row in theirs.ratings.order_by("competency__order"):
        services.rating_save(
            assignment=theirs,
            actor=other,
            competency_id=row.competency_id,
            rating="partial" if row.competency.code == codes[1] else "met",
            comment=ASKED if row.competency.code == codes[1] else "",
        )
    services.assessment_complete(assignment=theirs, actor=other, comment="Nearly there.")
    robin_v1.refresh_from_db()
    assert robin_v1.outcome == "more_evidence"
    portfolio = Portfolio.objects.get(pk=robin_v1.portfolio_id)
    candidate = portfolio.planned_set.application.candidate
    second_row = portfolio.responses.get(competency__code=codes[1])
    services.response_save(response=second_row, actor=candidate, narrative=ADDED)
    services.evidence_add_file(
        response=second_row,
        actor=candidate,
        upload=SimpleUploadedFile("Robin_second_try.pdf", drawn_pdf(1), "application/pdf"),
        title="Robin's second example",
    )
    robin_v2 = services.portfolio_submit(portfolio=portfolio, actor=candidate)
    again = robin_v2.assignments.filter(reviewer=lin).first()
    assert again is not None, "version 2 went to other reviewers"

    _checked(page, "/review/", found)
    _checked(page, f"/review/{again.pk}/", found)
    expect(page.locator("#resubmission")).to_contain_text("the reviewers asked for more evidence")
    second = page.locator("[data-competency]").nth(1)
    expect(second).to_contain_text(ASKED)
    expect(second).to_contain_text(ADDED)
    expect(second.locator(".changed")).to_contain_text("Answer changed since version 1")
    expect(second.get_by_role("listitem").filter(has_text="Evidence 3 (PDF)")).to_contain_text(
        "New in version 2"
    )
    first = page.locator("[data-competency]").first
    expect(first.locator(".changed")).to_contain_text("Answer unchanged since version 1")
    expect(first).not_to_contain_text("New in version 2")
    expect(page.locator("main")).not_to_contain_text("Robin")
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
