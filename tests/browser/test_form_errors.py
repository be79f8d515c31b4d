"""Errors beside their fields, in chromium at 320 px and 1280 px, axe-core clean (ADR 0043): a
refused upload comes back on its competency's form with what was typed and an error summary that
has the focus (and, without JavaScript, the page lands on it); the short forms (a membership,
an appeal's grounds) have it too; two electives of three stay ticked; 200 hours a week are
refused beside the field; only the fields that apply show; the eligibility panel stays in view
beside the job form."""

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import Page, expect

from certify.accounts.models import Role, User
from certify.accounts.services import user_create
from certify.appeals.api import appeal_give_notice
from certify.applications import decisions
from certify.applications import services as applications
from certify.applications.experience_checks import MAX_WEEKLY_HOURS
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.loaddata.demo.certificates import demo_enrolled_create
from certify.memberships.models import Organisation
from certify.portfolios.services import portfolio_open
from certify.programs.models import Program
from certify.progress.services import route_choose
from tests.factories import ApplicationFactory, ExperienceEntryFactory

from .conftest import overflow

SIZES = {
    "phone": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
ENROLLED = ("evidence-writer@example.org", "Ines Moreau")
APPLYING = "applying@example.org"
WEEKLY_TOO_MANY = f"Enter the hours you work in a usual week: at most {MAX_WEEKLY_HOURS}."


@pytest.fixture
def enrolled(site_url: str) -> tuple[str, int]:
    """A candidate with electives chosen and the Communication and Teamwork portfolio open:
    (the page of its third competency, that competency's response)."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    user, application, _ = demo_enrolled_create(
        program=program,
        staff=staff,
        email=ENROLLED[0],
        name=ENROLLED[1],
        library_name="Riverside Public Library",
        role="Library assistant",
    )
    assert application is not None
    planned = route_choose(
        planned=application.planned_sets.get(competency_set__code="CT"),
        actor=user,
        route="portfolio",
    )
    portfolio = portfolio_open(planned=planned, actor=user)
    response = portfolio.responses.select_related("competency").order_by("competency__order")[2]
    return reverse(
        "portfolios:competency", args=[planned.pk, response.competency.code]
    ), response.pk


@pytest.fixture
def applying(site_url: str) -> int:
    """A candidate with a draft application and no job yet: its id."""
    user = user_create(
        email=APPLYING, full_name="Noor Haddad", password=DEMO_PASSWORD, roles=(Role.CANDIDATE,)
    )
    EmailAddress.objects.create(user=user, email=APPLYING, verified=True, primary=True)
    program = Program.objects.get(slug="lsscp")
    return applications.application_start(candidate=user, program=program).pk


def unexpected(console_errors: list[str]) -> list[str]:
    """The browser's errors, less the refused form's own answer (a 400 is what it is)."""
    return [e for e in console_errors if "the server responded with a status of 400" not in e]


def in_viewport(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


def pdf_like_html() -> dict:
    return {"name": "desk-log.pdf", "mimeType": "application/pdf", "buffer": b"<html>hi</html>"}


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_refused_upload_comes_back_on_its_form_with_what_was_typed(
    open_page: Callable[..., Page], sign_in, enrolled, size, assert_accessible, console_errors
):
    competency_page, response_id = enrolled
    page = open_page(**SIZES[size])
    sign_in(page, ENROLLED[0])
    page.goto(competency_page)
    block = page.locator(f"details:has(#ev{response_id}-file)")
    block.locator("summary").click()
    block.locator(f"#ev{response_id}-title").fill("Desk log, March")
    block.locator(f"#ev{response_id}-description").fill("The questions of the busiest week")
    block.locator(f"#ev{response_id}-file").set_input_files(pdf_like_html())
    with page.expect_navigation():
        block.get_by_role("button", name="Add evidence").click()

    summary = page.locator(f"#ev{response_id}-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("link")).to_contain_text("is not a file type we accept")
    error = page.locator(f"#ev{response_id}-file-error")
    expect(error).to_contain_text("“desk-log.pdf” is not a file type we accept")
    expect(page.locator(f"#ev{response_id}-file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#ev{response_id}-title")).to_have_value("Desk log, March")
    expect(page.locator(f"#ev{response_id}-description")).to_have_value(
        "The questions of the busiest week"
    )
    # The link in the summary leads to the field, whose error stands beside it.
    summary.get_by_role("link").click()
    expect(page.locator(f"#ev{response_id}-file")).to_be_focused()
    expect(error).to_be_in_viewport()
    assert overflow(page) == 0
    assert_accessible(page)
    assert unexpected(console_errors) == []


def test_without_javascript_a_refused_upload_lands_on_its_form(browser, site_url, enrolled):
    competency_page, response_id = enrolled
    context = browser.new_context(
        base_url=site_url, java_script_enabled=False, viewport=SIZES["phone"]["viewport"]
    )
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(ENROLLED[0])
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
        page.goto(competency_page)
        block = page.locator(f"details:has(#ev{response_id}-file)")
        block.locator("summary").click()
        # Without JavaScript every input shows, the link's and the supervisor's too.
        expect(block.locator(f"#ev{response_id}-url")).to_be_visible()
        expect(block.locator(f"#ev{response_id}-attester_email")).to_be_visible()
        block.locator(f"#ev{response_id}-title").fill("Desk log, March")
        block.locator(f"#ev{response_id}-file").set_input_files(pdf_like_html())
        with page.expect_navigation():
            block.get_by_role("button", name="Add evidence").click()
        assert page.url.endswith(f"#ev{response_id}-errors")
        assert in_viewport(page, f"#ev{response_id}-errors")
        expect(page.locator(f"#ev{response_id}-title")).to_have_value("Desk log, March")
    finally:
        context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_only_the_inputs_of_the_chosen_kind_of_evidence_show(
    open_page: Callable[..., Page], sign_in, enrolled, size, assert_accessible
):
    competency_page, response_id = enrolled
    page = open_page(**SIZES[size])
    sign_in(page, ENROLLED[0])
    page.goto(competency_page)
    block = page.locator(f"details:has(#ev{response_id}-file)")
    block.locator("summary").click()
    file, url = block.locator(f"#ev{response_id}-file"), block.locator(f"#ev{response_id}-url")
    attester = block.locator(f"#ev{response_id}-attester_email")
    expect(file).to_be_visible()
    expect(url).to_be_hidden()
    expect(attester).to_be_hidden()
    block.get_by_label("Add a link").check()
    expect(url).to_be_visible()
    expect(file).to_be_hidden()
    block.get_by_label("Ask a supervisor to attest").check()
    expect(attester).to_be_visible()
    expect(url).to_be_hidden()
    expect(block.locator(f"#ev{response_id}-title")).to_be_visible()  # every kind has a title
    assert_accessible(page)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_two_electives_of_three_stay_ticked_with_the_reason_beside_them(
    open_page: Callable[..., Page], sign_in, enrolled, size, assert_accessible
):
    page = open_page(**SIZES[size])
    sign_in(page, ENROLLED[0])
    page.goto("/plan/")
    page.get_by_text("Change your electives").click()
    boxes = page.locator("input[name=electives]")
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    page.get_by_label("Cataloging and Classification").check()
    page.get_by_label("Youth Services").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my electives").click()

    expect(page.locator("#electives-errors")).to_be_focused()
    expect(page.locator("#electives-error")).to_have_text(
        "Choose exactly 3 electives (you chose 2)."
    )
    expect(page.get_by_label("Cataloging and Classification")).to_be_checked()
    expect(page.get_by_label("Youth Services")).to_be_checked()
    expect(page.locator("input[name=electives]:checked")).to_have_count(2)
    assert overflow(page) == 0
    assert_accessible(page)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_200_hours_a_week_are_refused_beside_the_field(
    open_page: Callable[..., Page], sign_in, applying, size, assert_accessible, console_errors
):
    page = open_page(**SIZES[size])
    sign_in(page, APPLYING)
    page.goto(f"/applications/{applying}/")
    page.locator("#id_new-library_name").fill("Hillside Branch Library")
    page.locator("#id_new-library_type").select_option(label="Public")
    page.locator("#id_new-role").fill("Page")
    page.locator("#id_new-start_date").fill("2024-01-08")
    page.locator("#id_new-hours_per_week").fill("200")
    page.get_by_role("button", name="Add this job").click()  # htmx puts the form back

    error = page.locator("#id_new-hours_per_week_error")
    expect(error).to_have_text(WEEKLY_TOO_MANY)
    summary = page.locator("#entry-new-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=WEEKLY_TOO_MANY)).to_be_visible()
    expect(page.locator("#id_new-hours_per_week")).to_have_value("200")
    expect(page.locator("#id_new-library_name")).to_have_value("Hillside Branch Library")
    expect(page.locator("#id_new-hours_per_week")).to_have_attribute("aria-invalid", "true")
    assert overflow(page) == 0
    assert_accessible(page)

    page.locator("#id_new-hours_per_week").fill("20")
    page.get_by_role("button", name="Add this job").click()
    added = page.get_by_role("heading", name="Page at Hillside Branch Library")
    expect(added).to_be_visible()
    # The focus goes on from the job just added, not from the top of the page.
    expect(added).to_be_focused()
    expect(page.locator("#entry-new-errors")).to_have_count(0)
    assert unexpected(console_errors) == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_only_the_hours_field_of_the_chosen_way_shows(
    open_page: Callable[..., Page], sign_in, applying, size, assert_accessible
):
    page = open_page(**SIZES[size])
    sign_in(page, APPLYING)
    page.goto(f"/applications/{applying}/")
    weekly, total = page.locator("#id_new-hours_per_week"), page.locator("#id_new-total_hours")
    expect(weekly).to_be_visible()
    expect(total).to_be_hidden()
    page.locator("#id_new-hours_mode_1").check()  # Total hours
    expect(total).to_be_visible()
    expect(weekly).to_be_hidden()
    page.locator("#id_new-hours_mode_0").check()
    expect(weekly).to_be_visible()
    expect(total).to_be_hidden()
    assert_accessible(page)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_eligibility_panel_is_in_view_beside_the_job_form(
    open_page: Callable[..., Page], sign_in, applying, size
):
    page = open_page(**SIZES[size])
    sign_in(page, APPLYING)
    page.goto(f"/applications/{applying}/")
    field = page.locator("#id_new-library_name")
    field.scroll_into_view_if_needed()
    field.focus()
    panel = page.locator("#eligibility")
    expect(panel).to_be_in_viewport()
    panel_box, field_box = panel.bounding_box(), field.bounding_box()
    submit = page.get_by_role("link", name="Check your answers and submit").bounding_box()
    assert panel_box is not None
    assert field_box is not None
    assert submit is not None
    assert panel_box["y"] < submit["y"]  # never below Submit, where it was on a phone
    if size == "phone":  # above the form, the field typed in clear of it
        assert field_box["y"] >= panel_box["y"] + panel_box["height"] - 1
    else:  # beside the form
        assert panel_box["x"] >= field_box["x"] + field_box["width"]
    # It tells the hours as jobs are added, without a reload.
    page.locator("#id_new-library_name").fill("Hillside Branch Library")
    page.locator("#id_new-library_type").select_option(label="Public")
    page.locator("#id_new-role").fill("Page")
    page.locator("#id_new-start_date").fill("2024-01-08")
    page.locator("#id_new-end_date").fill("2024-12-29")
    page.locator("#id_new-hours_per_week").fill("10")
    page.get_by_role("button", name="Add this job").click()
    expect(panel).to_contain_text(re.compile(r"\b5\d\d of the [\d,]+ hours needed"))
    expect(panel).to_be_in_viewport()


APPEALING = "appealing@example.org"


@pytest.fixture
def appealing(site_url: str) -> str:
    """A candidate whose application was not accepted and who gave notice of appeal: the page
    of its decision, where the grounds are asked for."""
    user = user_create(
        email=APPEALING, full_name="Omar Haddad", password=DEMO_PASSWORD, roles=(Role.CANDIDATE,)
    )
    EmailAddress.objects.create(user=user, email=APPEALING, verified=True, primary=True)
    application = ApplicationFactory(candidate=user, program=Program.objects.get(slug="lsscp"))
    ExperienceEntryFactory(application=application)
    applications.application_submit(application=application, actor=user)
    staff = User.objects.get(email="staff@example.org")
    application = decisions.application_reject(
        application=application, actor=staff, reason="The hours are not library work."
    )
    appeal_give_notice(
        subject=application,
        appellant=user,
        program=application.program,
        decided_by=application.decided_by,
        decided_at=application.decided_at,
    )
    return application.get_absolute_url()


def test_a_refused_membership_and_appeal_come_back_with_a_focused_summary(
    open_page: Callable[..., Page], sign_in, appealing, assert_accessible, console_errors
):
    """The short forms have the summary too (ADR 0043): on a phone it has the focus and is in
    view, its link leads to the field, and what was typed is kept."""
    page = open_page(**SIZES["phone"])
    sign_in(page, APPEALING)
    page.goto(reverse("memberships:add"))
    page.locator("#id_organisation").select_option(str(Organisation.objects.get(code="ALA").pk))
    page.locator("#id_member_number").fill("A-4411")
    page.locator("#id_expires_on").fill("2001-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Save membership").click()
    summary = page.locator("#membership-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.locator("#id_member_number")).to_have_value("A-4411")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_expires_on")).to_be_focused()
    assert overflow(page) == 0
    assert_accessible(page)

    page.goto(appealing)
    page.locator("#id_grounds").fill("It is unfair.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the grounds").click()
    summary = page.locator("#grounds-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.locator("#id_grounds")).to_have_value("It is unfair.")
    expect(page.locator("#id_grounds")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link").click()
    expect(page.locator("#id_grounds")).to_be_focused()
    assert overflow(page) == 0
    assert_accessible(page)
    assert unexpected(console_errors) == []


@pytest.fixture
def spent_fund(site_url: str) -> str:
    """A fund of one award, made; a second applicant waits: the page of that application."""
    from certify.scholarships.api import defaults_ensure
    from certify.scholarships.models import SponsorMember
    from certify.scholarships.services import application_award, application_submit
    from tests.factories import FundFactory, UserFactory

    ssd = defaults_ensure()
    sponsor = User.objects.get(email="sponsor@example.org")
    SponsorMember.objects.get_or_create(
        sponsor=ssd, user=sponsor, defaults={"role": SponsorMember.Role.ADMIN}
    )
    fund = FundFactory(sponsor=ssd, name="SSD One Award", budget_cents=20_000, max_awards=1)
    first, second = (
        application_submit(fund=fund, applicant=UserFactory(), statement="The fee is a stretch.")
        for _ in range(2)
    )
    application_award(application=first, actor=sponsor)
    return second.get_absolute_url()


def test_an_award_the_spent_fund_refuses_is_said_once_in_a_focused_summary(
    open_page: Callable[..., Page], sign_in, spent_fund, assert_accessible, console_errors
):
    """The refusal was said three times (a message, the form's alert, the form's own list):
    now once, in the decision form's summary, which has the focus (ADR 0043)."""
    page = open_page(**SIZES["phone"])
    sign_in(page, "sponsor@example.org")
    page.goto(spent_fund)
    page.get_by_label("Award", exact=True).check()
    page.locator("#id_reason").fill("A clear need.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    summary = page.locator("#decide-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("has made its one award")
    assert page.locator("main").inner_text().count("has made its one award") == 1
    expect(page.locator("#id_reason")).to_have_value("A clear need.")
    assert overflow(page) == 0
    assert_accessible(page)
    assert unexpected(console_errors) == []
