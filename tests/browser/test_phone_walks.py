"""The pages a person reaches that no other browser test walks on a phone, as a new user on a
390 px and a 320 px phone: no sideways scrolling, no serious axe-core violation, headings in
order (one h1, no level skipped), every control named, and the focus visible and never hidden
for the first stops of the keyboard. Grouped by who reaches them, one page load per page: the
page is loaded once and checked at both widths (docs/accessibility.md)."""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.applications.confirmations import supervisor_request
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.courses.models import Course
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.courses import demo_courses_create
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Membership
from certify.portfolios.services import evidence_request_attestation, portfolio_open
from certify.programs.models import Program
from certify.progress.services import electives_choose, plan_ensure, route_choose
from certify.scholarships.models import ScholarshipApplication

from .conftest import BLOCKING_IMPACTS, WIDER_THAN_THE_SCREEN, axe_violations, overflow
from .wcag22 import small_targets, tab_through, text_spaced_problems

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WIDTHS = (390, 320)
FUND = "/scholarships/sponsor/funds/ssd-lsscp-enrollment"
# Keyboard stops checked on each page at 320 px: past the skip link and the header's menu
# button into the page's own content.
TAB_STOPS = 8

# Headings a screen reader's user moves by: one h1, and none deeper than one below the one
# before it. Hidden headings do not count (they are not read).
HEADING_PROBLEMS = """() => {
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(shown)
    .map((e) => [Number(e.tagName[1]), e.textContent.trim().replace(/\\s+/g, " ").slice(0, 40)]);
  const problems = [];
  const ones = levels.filter(([level]) => level === 1).length;
  if (ones !== 1) problems.push(`${ones} h1 headings`);
  let before = 0;
  for (const [level, text] of levels) {
    if (level > before + 1) problems.push(`h${level} "${text}" after h${before}`);
    before = level;
  }
  return problems;
}"""


@pytest.fixture
def walks(site_url) -> dict[str, list[str]]:
    """Applications at every stage, a provider with courses, an SSD award, a certificate being
    renewed and one lapsed; the pages each role reaches that no other test walks on a phone."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    renewing, _lapsed = demo_renewals_create(program=program, staff=staff)
    course = Course.objects.filter(provider=provider).order_by("pk").first()
    assert course is not None
    certificate = Certificate.objects.get(pk=renewing.pk)
    candidate = User.objects.get(email="candidate@example.org")
    scholarship = ScholarshipApplication.objects.order_by("pk").first()
    assert scholarship is not None
    # The links a supervisor follows from an e-mail, without an account: confirming a job's
    # hours, and attesting to a candidate's portfolio evidence.
    draft = Application.objects.get(candidate__email="draft@example.org")
    supervisor_request(
        entry=draft.experience.exclude(supervisor_email="").first(), actor=draft.candidate
    )
    confirm_hours = mail.outbox[-1].body.split("/supervisor/")[1].split("/")[0]
    enrolled = Application.objects.get(candidate=candidate)
    plan_ensure(application=enrolled)
    electives_choose(application=enrolled, actor=candidate, set_codes=["REF", "CAT", "YTH"])
    planned = enrolled.planned_sets.get(competency_set__code="CT")
    route_choose(planned=planned, actor=candidate, route="portfolio")
    portfolio = portfolio_open(planned=planned, actor=candidate)
    evidence_request_attestation(
        response=portfolio.responses.order_by("competency__order").first(),
        actor=candidate,
        attester_name="Pat Lee",
        attester_email="pat.lee@riverside-public-library.example.org",
        attester_organization="Riverside Public Library",
        title="Evening desk",
        description="What you saw of my work at the evening circulation desk.",
    )
    attest = mail.outbox[-1].body.split("/attest/")[1].split("/")[0]
    membership = Membership.objects.order_by("pk").first()
    assert membership is not None
    walks = {
        "": [
            f"/supervisor/{confirm_hours}/",
            f"/attest/{attest}/",
            "/programs/",
            "/programs/lsscp/",
            "/programs/lsscp/costs/",  # the fees and the funds' figures, with their cents
            f"/courses/{course.pk}/",
            f"/verify/{certificate.number}/",
        ],
        "candidate@example.org": [
            "/notifications/preferences/",
            "/providers/register/",
            f"/portfolios/{planned.pk}/preview/",
            f"/portfolios/{planned.pk}/check/",
            "/scholarships/funds/ssd-lsscp-enrollment/apply/",
        ],
        scholarship.applicant.email: [f"/scholarships/applications/{scholarship.pk}/"],
        "reviewer@example.org": ["/account/conflicts/"],
        "staff@example.org": [
            f"/account/people/{candidate.pk}/",
            "/account/people/conflicts/",
            "/notifications/outbox/reports/",
            "/payments/staff/refunds/",
            "/staff/portfolios/reviewers/",
            "/staff/renewals/lapsed/",
            "/staff/programmes/",
            "/staff/programs/new/",
            "/staff/programs/lsscp/framework/",
            "/webhooks/new/",
        ],
        "sponsor@example.org": [
            f"{FUND}/edit/",
            f"{FUND}/rubric/",
            f"{FUND}/draw/",
            "/scholarships/sponsors/ssd/funds/new/",
            "/webhooks/shares/",
            f"/scholarships/applications/{scholarship.pk}/",
        ],
        "provider@example.org": [
            f"/providers/{provider.pk}/",
            f"/providers/{provider.pk}/courses/new/",
            f"/providers/{provider.pk}/courses/{course.pk}/",
            f"/providers/{provider.pk}/completions/report/",
            "/reports/provider/",
        ],
    }
    # The member at their membership's form.
    walks.setdefault(membership.user.email, []).append(f"/memberships/{membership.pk}/edit/")
    return walks


def phone_problems(page: Page) -> list[str]:
    """What is wrong with the page as it is now at 390 and 320 px."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        if overflow(page):
            wide = page.evaluate(WIDER_THAN_THE_SCREEN)
            problems.append(f"scrolls sideways at {width} px: {wide}")
        for violation in axe_violations(page):
            if violation["impact"] in BLOCKING_IMPACTS or violation["id"] == "heading-order":
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
                problems.append(f"axe {violation['id']} at {width} px: {targets[:3]}")
        problems += [f"target at {width} px: {target}" for target in small_targets(page)]
    problems += [f"text spacing at 320 px: {p}" for p in text_spaced_problems(page)]
    problems += page.evaluate(HEADING_PROBLEMS)
    problems += [f"focus at 320 px: {p}" for p in tab_through(page, TAB_STOPS)]
    return problems


def button_go(page: Page, name: str | re.Pattern[str]) -> None:
    """Press the button named `name` and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def problems_noted(page: Page, found: dict[str, list[str]], label: str) -> None:
    """Note under `label` what is wrong with the page as it is; the walk goes on at 320 px."""
    if problems := phone_problems(page):
        found[label] = problems
    page.set_viewport_size({"width": 320, "height": 844})


def opened_and_noted(page: Page, path: str, found: dict[str, list[str]]) -> None:
    """Open `path` (or check the page as it is, given "") and note what is wrong with it."""
    if path:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, path
    if problems := phone_problems(page):
        found[path or page.url] = problems


def walk_problems(
    open_page: Callable[..., Page], sign_in, walks: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Each role's pages, signed in once per role: a page that does not answer 200 at its own
    address (a redirect to sign-in would otherwise be checked in its place), or what
    `phone_problems` finds on it."""
    found: dict[str, list[str]] = {}
    for email, paths in walks.items():
        page = open_page(**PHONE)
        if email:
            sign_in(page, email)
        for path in paths:
            response = page.goto(path)
            assert response is not None, path
            if response.status != 200 or not page.url.endswith(path):  # not sent elsewhere
                found[f"{email or 'public'} {path}"] = [f"status {response.status} at {page.url}"]
            elif problems := phone_problems(page):
                found[f"{email or 'public'} {path}"] = problems
    return found


def test_every_page_no_other_test_walks_reads_on_a_phone(
    open_page: Callable[..., Page], sign_in, walks, console_errors
):
    found = walk_problems(open_page, sign_in, walks)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []


def test_the_heading_check_finds_a_skipped_level_and_a_second_h1(page: Page, site_url):
    """The check above can fail: a page given an h4 straight after its h1, and a second h1."""
    page.goto("/programs/")
    assert page.evaluate(HEADING_PROBLEMS) == []
    page.evaluate(
        """() => {
          const h1 = document.querySelector("h1");
          for (const tag of ["h1", "h4"]) {
            const e = document.createElement(tag);
            e.textContent = `Added ${tag}`;
            h1.after(e);
          }
        }"""
    )
    assert page.evaluate(HEADING_PROBLEMS) == ["2 h1 headings", 'h4 "Added h4" after h1']
