"""The steps of the browser journey (tests/browser/test_journey.py), shared with the modules that
take some of them too: signing in, posting a form and waiting for the next page, a message on it,
a portfolio filled in by its stepper and submitted, a review rated and submitted, and the jobs the
scheduler would have run. `Tour` checks each page the journey stops at with axe-core and for
target sizes (WCAG 2.5.8), at 320 px too where asked, and photographs it; `write_tour` keeps the
captions beside the photographs, which `make tour` copies to docs/tour/ for docs/tour.md.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from certify.loaddata.demo.accounts import DEMO_PASSWORD
from tests import files

from .conftest import (
    PHOTOGRAPHS,
    SCREENSHOTS,
    WIDER_THAN_THE_SCREEN,
    assert_stylesheet_applied,
    assert_targets_large_enough,
    axe_violations,
    describe_violations,
)

ROOT = Path(__file__).resolve().parents[2]
TOUR_DIR = os.environ.get("TOUR_DIR")  # `make tour` sets it to docs/tour

PHONE = {"width": 320, "height": 740}


class Tour:
    """Each step: check the page with axe-core, photograph it, remember its caption."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, str]] = []

    def step(
        self,
        page: Page,
        name: str,
        caption: str,
        show: Locator | None = None,
        *,
        phone: bool = False,
    ) -> None:
        """`show`: the part of the page the photograph is about (scrolled to the top). `phone`:
        photograph it at 320 px too (checked again there: axe-core, no sideways scrolling)."""
        assert_stylesheet_applied(page)
        self._check(page)
        number = len(self.steps) + 1
        filename = f"{number:02d}-{name}.png"
        self._photograph(page, filename, show)
        if phone:
            desktop = page.viewport_size
            page.set_viewport_size(PHONE)
            try:
                self._check(page)
                width = page.evaluate("document.documentElement.scrollWidth")
                wide = page.evaluate(WIDER_THAN_THE_SCREEN) if width > PHONE["width"] else []
                assert width <= PHONE["width"], f"{page.url} scrolls sideways at 320 px: {wide}"
                self._photograph(page, f"{number:02d}-{name}-phone.png", show)
            finally:
                page.set_viewport_size(desktop or {"width": 1280, "height": 800})
        self.steps.append((filename, caption))

    @staticmethod
    def _check(page: Page) -> None:
        blocking = [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]
        if blocking:
            pytest.fail(describe_violations(page.url, blocking), pytrace=False)
        assert_targets_large_enough(page)

    @staticmethod
    def _photograph(page: Page, filename: str, show: Locator | None) -> None:
        """Scroll `show` into view (it must be on the page) and, when PHOTOGRAPHS (`make tour`
        or BROWSER_SCREENSHOTS=1), photograph the page."""
        if show is not None:
            show.first.evaluate("(element) => element.scrollIntoView({block: 'start'})")
        if not PHOTOGRAPHS:
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / filename)
        if TOUR_DIR:
            target = ROOT / TOUR_DIR
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SCREENSHOTS / filename, target / filename)


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    submit(page, page.get_by_role("button", name="Sign In"))
    page.wait_for_url(re.compile(r"/account/$"))


def submit(page: Page, button: Locator) -> None:
    """Click a button that posts a form and wait for the page it leads to (waiting for the load
    state alone returns at once while the old page is still there, and the next step then acts
    on it on a slow machine)."""
    with page.expect_navigation():
        button.click()


def set_section(page: Page, set_name: str):
    """The part of the plan page about one competency set."""
    return (
        page.locator("section, article, li")
        .filter(has=page.get_by_role("heading", name=set_name))
        .last
    )


def expect_message(page: Page, text: str | re.Pattern[str]) -> None:
    try:
        expect(page.get_by_text(text).first).to_be_visible()
    except AssertionError:
        main = page.locator("main").inner_text()
        raise AssertionError(f"{text!r} not on {page.url}:\n{main[:1500]}") from None


def fill_portfolio(page: Page, set_name: str, *, evidence: bool) -> None:
    """Write the statement on the portfolio's overview, then walk its competencies with the
    stepper, one page each, writing every response (and uploading one piece of evidence on the
    first); back on the overview, the checklist says everything is filled in."""
    page.goto("/plan/")
    section = set_section(page, set_name)
    # A portfolio not started yet is started with a button (a POST); a started one is a link.
    section.get_by_role("button", name="Start the portfolio").or_(
        section.get_by_role("link", name="Open the portfolio")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(set_name)
    autosave(
        page,
        "learning_statement",
        f"Putting together my {set_name} portfolio showed me how much I already do.",
    )
    with page.expect_navigation():
        page.locator(".portfolio-steps .task-list__title a").first.click()
    number = 1
    while True:
        expect(page.locator(".stepper__count")).to_have_text(re.compile(rf"^Competency {number} "))
        autosave(
            page,
            "narrative",
            f"At Riverside Public Library I do this as part of my weekly work (example {number}).",
        )
        if evidence and number == 1:
            page.get_by_text(re.compile(r"^Add evidence to ")).click()
            form = page.locator("form[action*='/evidence/']")
            form.locator("input[value=file]").check()
            form.locator("input[name=title]").fill("Shelf-list report")
            form.locator("textarea[name=description]").fill("The report I ran for this response.")
            form.locator("input[name=file]").set_input_files(
                {"name": "shelf-list.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
            )
            submit(page, form.get_by_role("button", name="Add evidence"))
            expect(page.locator(".evidence-list")).to_contain_text("Shelf-list report")
        following = page.get_by_role("link", name=re.compile(r"^Next: "))
        if not following.count():
            break
        with page.expect_navigation():
            following.click()
        number += 1
    with page.expect_navigation():
        page.get_by_role("link", name="Back to the checklist to submit").click()
    expect(page.get_by_text("Everything is filled in.")).to_be_visible()


def submit_portfolio(page: Page) -> None:
    """From the portfolio page: check it, then submit from the check page."""
    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your portfolio before you submit"
    )
    submit(page, page.get_by_role("button", name=re.compile(r"^Yes, submit")))


def autosave(page: Page, name: str, text: str) -> None:
    """Type into the page's text box named `name`, leave it, and wait until the server has it
    (leaving the page before would ask "leave this page?"). Leaving the box saves at once (its
    change event), as when she tabs on; the save after a pause in typing, which waits 1.5 s
    each time, is tests/browser/test_portfolio_steps.py's and test_drafts.py's. Text already
    saved is left as it is."""
    box = page.locator(f"textarea[name={name}]")
    if box.input_value() == text:
        return
    box.fill(text)
    box.blur()
    status = page.locator("form[data-draft]", has=box).locator(".draft-status")
    expect(status).to_have_text(re.compile(r"^Saved at "))


def minimal_pdf() -> bytes:
    return files.pdf()  # a real one: uploads are opened and their pages counted


def run_jobs_now() -> None:
    """What the scheduler (`manage.py run_jobs`, every few minutes) would do by now."""
    call_command("run_jobs")


def review(page: Page, set_name: str, *, rating: str, comment: str = "") -> None:
    """Rate every competency of the reviewer's open review of `set_name`, then submit."""
    page.goto("/review/")
    with page.expect_navigation():
        page.get_by_role("link", name=set_name).first.click()
    forms = page.locator("form[hx-post*='/ratings/']")
    for i in range(forms.count()):
        form = forms.nth(i)
        if comment:  # first: the radio's change event then saves the comment with the rating
            form.locator("textarea[name=comment]").fill(comment)
        form.locator(f"input[value={rating}]").check()
        expect(form.locator("[role=status]")).to_contain_text("Saved")
    page.locator("#id_comment").fill("Thank you: clear responses tied to your daily work.")
    submit(page, page.get_by_role("button", name="Submit my review"))


def write_tour(tour: Tour) -> None:
    """Keep the captions beside the screenshots, for docs/tour.md."""
    lines = [f"{filename}\t{caption}" for filename, caption in tour.steps]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "tour.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
