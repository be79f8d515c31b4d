"""The stories' reader can fail where it should: an amount without its cents on a page stops
the story, and a message the page shows once is read once (`says_once`)."""

import pytest

from tests.acceptance.browser import Browser, Page

PAGE = (
    "<html><body><header>Certify</header><main>"
    '<div class="messages"><div role="status"><p class="message">{message}</p></div></div>'
    "<h1>Invoice</h1><p>{body}</p></main></body></html>"
)


class _Answer(dict):
    def __init__(self, source: str) -> None:
        super().__init__({"Content-Type": "text/html; charset=utf-8"})
        self.content, self.status_code = source.encode(), 200


@pytest.mark.database_free
def test_a_message_inside_main_is_read_once():
    page = Page("/", 200, PAGE.format(message="$200.00 awarded to Ada.", body="Paid."))
    page.says_once("$200.00 awarded to Ada.")
    assert page.read.count("awarded") == 1


@pytest.mark.database_free
def test_a_message_shown_twice_is_caught():
    page = Page("/", 200, PAGE.format(message="Saved.", body="Saved."))
    page.says("Saved.")
    with pytest.raises(AssertionError, match="2 times"):
        page.says_once("Saved.")


@pytest.mark.database_free
def test_a_page_with_an_amount_without_cents_stops_the_story():
    browser = Browser(client=None)  # type: ignore[arg-type]
    browser._page(_Answer(PAGE.format(message="Saved.", body="Total $350.00")), "/")
    with pytest.raises(AssertionError, match=r"\['\$1,000'\] without cents"):
        browser._page(_Answer(PAGE.format(message="$1,000 of its budget", body="")), "/")
