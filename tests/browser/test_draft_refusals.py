"""A draft save the server refuses says why, in chromium (ADR 0037): a page whose security check
(CSRF) is refused again after a fresh token says it expired and to reload, and a reload saves
the text kept on the device; a portfolio closed meanwhile says so in the server's words; a 403
that refuses the account (not the CSRF check's, `X-Refused: csrf`) says this account cannot
change it, without a retry. Each keeps the text on the device. axe-core at 390 and 320 px."""

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from playwright.sync_api import Page, Route, expect

from certify.portfolios.models import Portfolio
from tests.browser.test_drafts import (
    DRAFT_KEYS,
    SAVED,
    WRITER,
    narrative,
    page_of,
    portfolio_of,
    sign_in,
    unexpected,
)

PHONE = {"width": 390, "height": 800}
NARROW = {"width": 320, "height": 640}


def _save_address(planned_id: int, response_id: int) -> re.Pattern[str]:
    return re.compile(rf"/portfolios/{planned_id}/responses/{response_id}/$")


def _open_writing(open_page: Callable[..., Page]) -> tuple[Page, int, int]:
    planned_id, response_id = portfolio_of(*WRITER)
    page = open_page(viewport=PHONE)
    sign_in(page, WRITER[0])
    page.goto(page_of(planned_id, response_id))
    field = page.locator(f"#narrative-{response_id}")
    field.fill("Saved before anything went wrong.")
    expect(page.locator(f"#status-{response_id}")).to_have_text(SAVED)
    return page, planned_id, response_id


def _walked(page: Page, assert_accessible) -> None:
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    assert_accessible(page)
    page.set_viewport_size(PHONE)


def test_a_security_check_refused_twice_says_it_expired_and_a_reload_saves_the_text(
    open_page: Callable[..., Page], site_url, assert_accessible, console_errors
):
    page, planned_id, response_id = _open_writing(open_page)
    sent: list[str] = []

    def stale_token(route: Route) -> None:
        """Every save carries a token the CSRF check refuses, the fresh one the script fetched
        after the first refusal included (a page whose check cannot pass any more)."""
        sent.append(route.request.method)
        form = dict(parse_qsl(route.request.post_data or "", keep_blank_values=True))
        form["csrfmiddlewaretoken"] = "stale"
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "x-csrftoken"}
        route.continue_(headers=headers, post_data=urlencode(form))

    page.route(_save_address(planned_id, response_id), stale_token)
    field = page.locator(f"#narrative-{response_id}")
    status = page.locator(f"#status-{response_id}")
    field.fill("Typed on a page whose security check expired.")
    expect(status).to_have_text(
        "Not saved: this page's security check expired. Reload the page (your text is kept on "
        "this device), and sign in again if it asks."
    )
    expect(status).to_have_attribute("data-state", "expired")
    assert sent == ["POST", "POST"]  # the first refusal is retried once with a fresh token
    assert "cannot be changed" not in status.inner_text()
    assert narrative(response_id) == "Saved before anything went wrong."
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    _walked(page, assert_accessible)

    # What it says helps: after a reload the text kept on the device is back and saved.
    page.unroute(_save_address(planned_id, response_id))
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?" while unsaved
    page.reload()
    expect(status).to_have_text(SAVED)
    assert narrative(response_id) == "Typed on a page whose security check expired."
    assert page.evaluate(DRAFT_KEYS) == []
    assert unexpected(console_errors) == []


def test_a_portfolio_closed_meanwhile_says_so_in_the_servers_words(
    open_page: Callable[..., Page], site_url, assert_accessible, console_errors
):
    page, planned_id, response_id = _open_writing(open_page)
    Portfolio.objects.filter(planned_set_id=planned_id).update(status=Portfolio.Status.SUBMITTED)
    status = page.locator(f"#status-{response_id}")
    page.locator(f"#narrative-{response_id}").fill("Typed after it was submitted elsewhere.")
    expect(status).to_contain_text(
        "Not saved: Your portfolio was submitted and is being reviewed, so it cannot be changed "
        "now."
    )
    expect(status).to_have_attribute("data-state", "refused")
    assert "security check" not in status.inner_text()
    assert narrative(response_id) == "Saved before anything went wrong."
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    _walked(page, assert_accessible)
    assert unexpected(console_errors) == []


def test_a_403_that_refuses_the_account_says_so_without_a_retry(
    open_page: Callable[..., Page], site_url, assert_accessible, console_errors
):
    page, planned_id, response_id = _open_writing(open_page)
    sent: list[str] = []

    def refused(route: Route) -> None:
        sent.append(route.request.method)
        route.fulfill(status=403, content_type="text/html", body="<p>Forbidden</p>")

    page.route(_save_address(planned_id, response_id), refused)
    status = page.locator(f"#status-{response_id}")
    page.locator(f"#narrative-{response_id}").fill("Typed by an account refused meanwhile.")
    expect(status).to_have_text(
        "Not saved: your account cannot change this now. Your text is kept on this device."
    )
    expect(status).to_have_attribute("data-state", "refused")
    assert sent == ["POST"]  # a fresh token cannot help: not sent again
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    _walked(page, assert_accessible)
    assert unexpected(console_errors) == []
