"""Security keys and passkeys in Chromium (ADR 0074), with the browser's own virtual
authenticator (the DevTools protocol's `WebAuthn` domain) standing in for a key or a phone: a
candidate adds a passkey, renames it, signs in with their password and the key as the second
step, then with the passkey alone. allauth's scripts run under the site's strict CSP (nothing
is refused: no console error), a key the browser refuses is explained in the page, and every
page speaks the site's words, fits 320 px and passes axe-core and the target-size check."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from certify.loaddata.demo.accounts import DEMO_PASSWORD

from .conftest import overflow

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
# allauth's words that a page of ours must no longer show.
ALLAUTH_WORDS = re.compile(
    r"Security Keys|Add Security Key|Edit Security Key|Master key|Passwordless|Unspecified|"
    r"Alternative options|Use a security key|Incorrect code|Two-Factor|Sign In"
)
EMAIL = "candidate@example.org"


def checked(page: Page, heading: str, assert_accessible) -> None:
    expect(page.locator("h1")).to_have_text(heading)
    assert not ALLAUTH_WORDS.search(page.locator("main").inner_text())
    assert overflow(page) == 0, f"{page.url} scrolls sideways"
    assert_accessible(page)


def virtual_authenticator(page: Page) -> None:
    """A platform authenticator that keeps passkeys and checks its user (a phone's fingerprint),
    answering at once as if touched."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def sign_out(page: Page) -> None:
    page.goto("/accounts/logout/")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign out").click()


def test_a_candidate_adds_a_passkey_and_signs_in_with_it(
    open_page: Callable[..., Page],
    site_url: str,
    settings,
    sign_in,
    assert_accessible,
    console_errors: list[str],
):
    # A key is made for the site's address (SITE_URL): the live server's, on localhost.
    assert site_url == settings.SITE_URL  # tests/browser/conftest.py
    page = open_page(**PHONE)
    virtual_authenticator(page)
    sign_in(page, EMAIL)

    page.goto("/accounts/2fa/")
    checked(page, "Two-factor authentication", assert_accessible)
    expect(page.locator("main")).to_contain_text("touch of a security key")
    page.get_by_role("link", name="Add a security key").click()
    if page.locator("h1", has_text="Confirm it is you").is_visible():  # signed in a while ago
        checked(page, "Confirm it is you", assert_accessible)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    checked(page, "Add a security key", assert_accessible)
    page.get_by_label("Name of this key").fill("My phone")
    page.get_by_label("Make it a passkey").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the key").click()
    checked(page, "Your recovery codes", assert_accessible)  # made with the first key
    expect(page.locator("main")).to_contain_text("Your security key is added")

    # The same key again: the browser refuses, and the page says why.
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_role("button", name="Add the key").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(re.compile("This key is already added to your account"))
    checked(page, "Add a security key", assert_accessible)

    page.goto("/accounts/2fa/webauthn/")
    checked(page, "Your security keys", assert_accessible)
    expect(page.locator(".key-list li")).to_have_count(1)
    expect(page.locator(".key-list")).to_contain_text("Passkey")
    page.get_by_role("link", name="Rename My phone").click()
    checked(page, "Rename “My phone”", assert_accessible)
    page.get_by_label("Name of this key").fill("Work phone")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the name").click()
    expect(page.locator(".key-list h2")).to_have_text("Work phone")
    page.get_by_role("link", name="Remove Work phone").click()
    checked(page, "Remove “Work phone”", assert_accessible)
    page.get_by_role("link", name="Keep it").click()
    expect(page.locator("h1")).to_have_text("Your security keys")

    # Password, then the key as the second step.
    sign_out(page)
    page.goto("/accounts/login/")
    checked(page, "Sign in", assert_accessible)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    checked(page, "Use your security key", assert_accessible)
    # No key with them: a recovery code. A wrong one is said beside it, and not as an app's
    # code ("type the code your app shows now"): she has no authenticator app.
    page.get_by_label("Recovery code").fill("not-a-code")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    code = page.get_by_label("Recovery code")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_accessible_description(re.compile("^That recovery code is not right"))
    expect(page.locator("main")).not_to_contain_text("your app")
    with page.expect_navigation(url=re.compile(r"/account/$")):
        page.get_by_role("button", name="Use your security key").click()

    # The passkey alone.
    sign_out(page)
    page.goto("/accounts/login/")
    with page.expect_navigation(url=re.compile(r"/account/$")):
        page.get_by_role("button", name="Use a passkey").click()
    page.goto("/accounts/2fa/webauthn/")  # signed in: their own keys
    expect(page.locator(".key-list h2")).to_have_text("Work phone")

    assert console_errors == [], console_errors  # nothing refused by the CSP, no script error
