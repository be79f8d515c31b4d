"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server, and
axe-core checks each page for accessibility problems (docs/decisions/0003-browser-tests.md).

One browser per run of these tests, one browser context (cookies, viewport) per test. When
chromium or axe-core is missing the tests skip with the reason, unless REQUIRE_BROWSER=1 (as
`.ci/run` sets), when they fail.
"""

import functools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from certify.loaddata.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from tests import dbsetup

from .wcag22 import describe_small_targets, small_targets, text_spaced_problems

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
# The photographs of the pages are taken when someone will look at them: `make tour` (TOUR_DIR,
# for docs/tour.md) or BROWSER_SCREENSHOTS=1. Encoding them was about a sixth of the lane's CPU
# (docs/testing.md, ADR 0072); every check they sat beside runs either way.
PHOTOGRAPHS = bool(os.environ.get("TOUR_DIR")) or os.environ.get("BROWSER_SCREENSHOTS") == "1"

# Debian's chromium, not a browser build downloaded by Playwright (nothing can be downloaded):
# its headless shell (package `chromium-headless-shell`), the same Blink and V8 without the
# desktop browser around them, which is what Playwright itself runs for headless tests; it
# costs about a third less CPU than the full browser in headless mode (docs/testing.md, ADR
# 0072). The full browser when the shell is not installed; CHROMIUM_PATH names another.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or (
    HEADLESS_SHELL if os.access(HEADLESS_SHELL, os.X_OK) else "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # the tests run as root in CI, where chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA; a serious or critical violation fails the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
STYLESHEET = "/static/certify/css/site.css"

# Waits long enough for a 2-core CI machine that runs this lane beside both database lanes: an
# assertion that holds retries until it does, so a longer limit costs nothing when pages are fast
# (Playwright's defaults, 5 s for `expect` and 30 s for actions, failed the journey under load).
EXPECT_TIMEOUT_MS = 30_000
ACTION_TIMEOUT_MS = 60_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def _missing_tools() -> list[str]:
    missing = []
    if not os.access(CHROMIUM_PATH, os.X_OK):
        missing.append(
            f"chromium at {CHROMIUM_PATH} (Debian packages `chromium-headless-shell` and "
            "`chromium`: `make system-packages` as root; or set CHROMIUM_PATH)"
        )
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS.relative_to(ROOT)} (run `npm ci`, or `make test-browser`)")
    return missing


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """An SQLite test database in a file, not in memory: the in-memory one is shared between
    the live server's threads with table locks that fail at once ("database table is locked")
    when the browser sends two requests together, which people's browsers do (autosave). A file
    gets WAL and the busy timeout, as in production."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # One file per test process: two runs at once (two checkouts, two workers) never share.
        name = Path(tempfile.gettempdir()) / f"certify-test-browser-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    missing = _missing_tools()
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as mp:
        # Playwright's sync API keeps its event loop registered as running in this thread, which
        # makes Django refuse ORM calls from the test (fixtures, flushes). Nothing here is
        # concurrent: the test thread waits on the browser, and the live server has its own
        # thread. Package scope keeps this to the browser tests.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


@pytest.fixture(autouse=True)
def site_url_is_the_live_server(request: pytest.FixtureRequest) -> None:
    """A test that runs the live server has it as the site's address (`SITE_URL`, the test
    settings' `http://127.0.0.1:8000` otherwise): the links pages and e-mails write out open in
    the browser, and a security key is made for the live server's host (ADR 0074). Restored
    after the test (pytest-django's `settings`)."""
    if "live_server" in request.fixturenames:
        settings = request.getfixturevalue("settings")
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def site_url(live_server, lsscp_snapshot) -> str:
    """The live server's address, with LSSCP (the loader's rows, replayed: tests/dbsetup.py)
    and the demo accounts loaded.

    live_server brings transactional_db: the server's thread sees the test's rows, and every
    table is emptied after each test, then given the rows the migrations made (the default
    organizations, SSD's sponsor and funds) again: tests/flushes.py.
    """
    dbsetup.snapshot_restore(lsscp_snapshot)
    demo_accounts_create()
    return live_server.url


@pytest.fixture
def console_errors() -> list[str]:
    """Errors the browser logged on any page of the test: a script or style the CSP refused,
    a file that did not load."""
    return []


@pytest.fixture
def open_page(
    browser: Browser, site_url: str, console_errors: list[str]
) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies; desktop size unless a viewport is
    given) on the live server. Contexts close after the test."""
    contexts: list[BrowserContext] = []

    def open_(**context_options: Any) -> Page:
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(base_url=site_url, **context_options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                message.type == "error" and console_errors.append(f"{page.url}: {message.text}")
            ),
        )
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    return open_page()


@pytest.fixture
def sign_in() -> Callable[[Page, str], None]:
    """Sign a demo account in through the sign-in form, as a person would."""

    def sign_in_(page: Page, email: str) -> None:
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(email)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(re.compile(r"/account/$"))

    return sign_in_


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """Fail, naming every problem, when axe-core finds a serious or critical WCAG 2.x A/AA
    violation on the page as it is now, or a pointer target is too small (WCAG 2.5.8)."""

    def assert_accessible_(page: Page) -> None:
        assert_stylesheet_applied(page)
        violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
        if violations:
            pytest.fail(describe_violations(page.url, violations), pytrace=False)
        assert_targets_large_enough(page)

    return assert_accessible_


def assert_targets_large_enough(page: Page) -> None:
    """WCAG 2.5.8, which axe-core does not measure: tests/browser/wcag22.py."""
    if failures := small_targets(page):
        width = (page.viewport_size or {"width": 0})["width"]
        pytest.fail(describe_small_targets(page.url, width, failures), pytrace=False)


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Save a full-page screenshot under test-results/screenshots/ for a person to look at
    (when PHOTOGRAPHS: BROWSER_SCREENSHOTS=1 or `make tour`)."""

    def screenshot_(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        if PHOTOGRAPHS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=path, full_page=True)
        return path

    return screenshot_


def assert_stylesheet_applied(page: Page) -> None:
    """Colour-contrast results mean nothing without the site's stylesheet."""
    loaded = page.evaluate(
        """(href) => [...document.styleSheets].some(
            (sheet) => sheet.href && new URL(sheet.href).pathname === href
                && sheet.cssRules.length > 0)""",
        STYLESHEET,
    )
    assert loaded, f"{STYLESHEET} did not load on {page.url}"


@functools.cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page; return its WCAG 2.x A/AA violations.

    axe's source is evaluated through the DevTools protocol, which the page's Content Security
    Policy does not govern, so the page keeps its real, strict CSP (no bypass_csp): a style or
    script that production would refuse is refused here too, and axe sees what people see.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    # Only the violations cross back: the rest of axe's results (the rules that passed, were
    # incomplete or did not apply, each with an example element) were serialized in the page,
    # sent through Playwright's driver and parsed here on every run, and never read.
    return page.evaluate(
        """async (tags) => (await axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })).violations""",
        AXE_TAGS,
    )


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(t if isinstance(t, str) else json.dumps(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


# How far the page is wider than the screen (0 when it fits). The layout viewport's width
# (documentElement.clientWidth), not window.innerWidth: in a phone's context (is_mobile)
# chromium widens innerWidth to fit a page that is too wide, so a check against it never fails.
SIDEWAYS = (
    "Math.max(0, document.scrollingElement.scrollWidth - document.documentElement.clientWidth)"
)


def overflow(page: Page) -> int:
    """How far the page is wider than the screen, in px (0 when it fits): SIDEWAYS."""
    return page.evaluate(SIDEWAYS)


def fits(page: Page) -> None:
    """Nothing wider than the screen: no sideways scrolling."""
    wider = overflow(page)
    assert wider == 0, f"{page.url} scrolls sideways by {wider} px"


# Widths a workspace is checked at: desktop, a common phone, and the narrowest phone (RULINGS).
WORKSPACE_WIDTHS = (1280, 390, 320)
# The innermost elements that reach past the right edge, to name the cause of sideways scrolling.
WIDER_THAN_THE_SCREEN = """() => {
  const past = (e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
  return [...document.querySelectorAll("body *")]
    .filter((e) => past(e) && ![...e.children].some(past))
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}: ${(e.textContent || "").trim().slice(0, 60)}`);
}"""


@pytest.fixture
def workspace_step() -> Callable[[Page, str], None]:
    """Check the page as it is at 1280, 390 and 320 px (axe-core clean, targets large enough, no
    sideways scrolling; at 320 px none with a reader's text spacing either) and, when
    PHOTOGRAPHS, photograph it at 1280 and 390 px as `<name>.png` and `<name>-phone.png`; with
    TOUR_DIR set (`make tour`), the photographs are copied to TOUR_DIR/workspaces/ for
    docs/tour.md."""
    tour_dir = os.environ.get("TOUR_DIR")

    def step(page: Page, name: str) -> None:
        assert_stylesheet_applied(page)
        before = page.viewport_size or {"width": 1280, "height": 800}
        try:
            for width in WORKSPACE_WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
                if violations:
                    pytest.fail(describe_violations(page.url, violations), pytrace=False)
                assert_targets_large_enough(page)
                if width == 320 and (problems := text_spaced_problems(page)):
                    pytest.fail(
                        f"{page.url} with wider text spacing at 320 px (WCAG 1.4.12): {problems}",
                        pytrace=False,
                    )
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    wide = page.evaluate(WIDER_THAN_THE_SCREEN)
                    pytest.fail(f"{page.url} scrolls sideways at {width} px: {wide}", pytrace=False)
                if PHOTOGRAPHS and width in (1280, 390):
                    filename = f"{name}.png" if width == 1280 else f"{name}-phone.png"
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=SCREENSHOTS / filename)
                    if tour_dir:
                        target = ROOT / tour_dir / "workspaces"
                        target.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(SCREENSHOTS / filename, target / filename)
        finally:
            page.set_viewport_size(before)

    return step
