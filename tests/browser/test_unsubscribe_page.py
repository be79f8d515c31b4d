"""The one-click unsubscribe page (RFC 8058) a person reaches from an optional e-mail's footer,
without signing in: at 320 px, 390 px (a common phone) and 1280 px, axe-core clean and without
sideways scrolling, it asks first, and its one button switches that kind off and says how to
turn it back on. An altered link shows its refusal page, clean and fitting too."""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.notifications.models import EmailPreference
from certify.notifications.unsubscribe import unsubscribe_url

from .conftest import fits

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
COMMON_PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "common-phone": COMMON_PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("size", SIZES)
def test_the_page_asks_then_stops_that_kind_and_says_how_to_undo_it(
    open_page: Callable[..., Page], site_url, size, assert_accessible, console_errors
):
    person = User.objects.create_user(
        email="a.very.long.address.for.a.narrow.phone@riverside-county-library.example",
        password="unused-password-1",
        full_name="Dana Okafor",
    )
    path = urlsplit(
        unsubscribe_url(user=person, event="renewal.reminder", address=person.email)
    ).path
    page = open_page(**SIZES[size])
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop these e-mails")
    fits(page)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Stop e-mails about “Your certificate expires soon”"
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mails stopped")
    expect(page.get_by_role("link", name="e-mail preferences")).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert EmailPreference.objects.filter(user=person, enabled=False).count() == 1

    page.goto(path.replace("/unsubscribe/", "/unsubscribe/x"))  # an altered link: its 404 page
    expect(page.get_by_role("heading", level=1)).to_have_text("This link cannot be used")
    expect(page.get_by_text("This link is not valid.")).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert [e for e in console_errors if "status of 404" not in e] == []  # the refusal itself
