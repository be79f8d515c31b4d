"""The account pages about addresses, keys and closing, read on a phone (390 and 320 px) as a
person who is not technical reads them: each says what an address not confirmed yet does (nothing,
until its link is followed: ADR 0025's amendment) and what to do next, fits the screen and passes
axe-core and the target-size check. A reviewer's conflicts page says which addresses of a person
count."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.loaddata.demo.accounts import DEMO_PASSWORD

from .conftest import overflow

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 320)


def phone(width: int) -> dict:
    return {"viewport": {"width": width, "height": 700}, "is_mobile": True, "has_touch": True}


def checked(page: Page, heading: str, assert_accessible) -> None:
    expect(page.locator("h1")).to_have_text(heading)
    assert overflow(page) == 0, f"{page.url} scrolls sideways"
    assert_accessible(page)


def confirm_it_is_you(page: Page) -> None:
    if page.locator("h1", has_text="Confirm it is you").is_visible():  # signed in a while ago
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_candidate_reads_what_to_do_with_an_address_keys_and_closing(
    open_page: Callable[..., Page], sign_in, assert_accessible, width
):
    page = open_page(**phone(width))
    sign_in(page, "candidate@example.org")
    page.goto("/accounts/email/")
    checked(page, "E-mail addresses", assert_accessible)
    main = page.locator("main")
    expect(main).to_contain_text("It counts as yours once you follow that link.")
    expect(page.locator("#not-confirmed-help")).to_have_count(0)  # every address confirmed
    page.get_by_label("E-mail address").fill("dana.home@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the address").click()
    expect(main).to_contain_text(
        "We sent a link to confirm dana.home@example.org: open it from your e-mail."
    )
    expect(page.get_by_label(re.compile("dana.home@example.org"))).to_have_accessible_name(
        "dana.home@example.org (not confirmed yet)"
    )
    help_text = page.locator("#not-confirmed-help")
    expect(help_text).to_contain_text("does nothing for your account")
    expect(help_text).to_contain_text("open the e-mail we sent to it and follow the link")
    expect(help_text).to_contain_text("Send the confirmation link again")
    expect(page.get_by_role("button", name="Send the confirmation link again")).to_be_visible()
    checked(page, "E-mail addresses", assert_accessible)

    page.goto("/accounts/2fa/webauthn/")
    confirm_it_is_you(page)
    checked(page, "Your security keys", assert_accessible)
    expect(page.locator("main")).to_contain_text(
        "You have no security keys yet. Add one to sign in with your password and a touch of "
        "the key, or with a passkey alone."
    )
    expect(page.get_by_role("link", name="Add a security key")).to_be_visible()

    page.goto("/account/privacy/")
    checked(page, "Your data", assert_accessible)
    expect(main).to_contain_text("plain text that any text editor opens")
    expect(main).to_contain_text(
        "Invitations waiting for you and certificates others shared with your confirmed "
        "addresses end too."
    )
    expect(main).to_contain_text("to use Certify again later, you would create a new account")
    expect(page.get_by_role("button", name="Close my account")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reviewer_reads_which_addresses_of_a_person_count(
    open_page: Callable[..., Page], sign_in, assert_accessible, width
):
    page = open_page(**phone(width))
    sign_in(page, "reviewer@example.org")
    page.goto("/account/conflicts/")
    checked(page, "Conflicts of interest", assert_accessible)
    expect(page.get_by_label("The person's e-mail address")).to_have_accessible_description(
        re.compile("Any of their addresses will do.")
    )
