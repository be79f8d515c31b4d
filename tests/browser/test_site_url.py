"""The browser lane's site address is the live server's (tests/browser/conftest.py): a link an
e-mail carries, written out in full from `SITE_URL`, opens in the browser as it was sent, on a
phone, the page passing axe-core. Elsewhere the test settings' address stays
`http://127.0.0.1:8000`, where nothing listens."""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
EMAIL = "candidate@example.org"


def test_an_e_mailed_link_opens_as_it_was_sent(
    open_page: Callable[..., Page], site_url: str, settings, assert_accessible
):
    assert site_url == settings.SITE_URL
    assert not site_url.endswith(":8000")
    page = open_page(**PHONE)
    page.goto("/accounts/password/reset/")
    page.get_by_label("E-mail address").fill(EMAIL)
    with page.expect_navigation():
        page.get_by_role("button", name="Send me the link").click()
    (link,) = [
        found.group(0)
        for m in mail.outbox
        if m.to == [EMAIL]
        and (found := re.search(r"https?://\S+/accounts/password/reset/key/\S+/", m.body))
    ]
    assert link.startswith(f"{site_url}/"), link
    page.goto(link)  # the whole address, host and port included
    expect(page.locator("h1")).to_have_text("Choose a new password")
    assert page.url.startswith(f"{site_url}/")
    assert_accessible(page)
