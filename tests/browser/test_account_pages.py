"""allauth's pages on a 320 px touch phone, as a first-time, non-technical person meets them:
resetting a forgotten password (asking, the e-mail's link, the new password, a used link),
changing it, two-factor authentication (the overview, setting up the app), signing out, a
closed account; and the staff member who is also a candidate, at their own application. Each
page speaks the site's words (allauth's said "Password Reset", "Bad Token", "Email",
"Activate Authenticator App", "Sign Out"), leads somewhere, fits the screen and passes axe-core
and the target-size check."""

import re
from collections.abc import Callable

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse
from playwright.sync_api import Page, expect

from certify.accounts.models import Role, RoleAssignment, User
from certify.loaddata.demo.accounts import DEMO_PASSWORD

from .conftest import overflow

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
# allauth's own words that a page of ours must no longer show.
ALLAUTH_WORDS = re.compile(
    r"Password Reset|Bad Token|Change Password|Sign Out|Sign In|Email:|Remember Me|"
    r"Two-Factor|Authenticator App|Recovery Codes|Activate|Account Inactive|contact us|and/or"
)


def checked(page: Page, heading: str, assert_accessible) -> None:
    expect(page.locator("h1")).to_have_text(heading)
    assert not ALLAUTH_WORDS.search(page.locator("main").inner_text())
    assert overflow(page) == 0, f"{page.url} scrolls sideways"
    assert_accessible(page)


def test_a_forgotten_password_is_reset_in_the_sites_words_from_asking_to_signing_in(
    open_page: Callable[..., Page], site_url, assert_accessible
):
    page = open_page(**PHONE)
    page.goto("/accounts/login/")
    checked(page, "Sign in", assert_accessible)
    page.get_by_role("link", name="Forgot your password?").click()
    checked(page, "Reset your password", assert_accessible)
    # The site speaks here, not a program: its own contact (else the default program's).
    expect(page.locator("main").locator('a[href^="mailto:"]')).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("program's staff")
    page.get_by_label("E-mail address").fill("candidate@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send me the link").click()
    checked(page, "Check your e-mail", assert_accessible)
    expect(page.locator("main")).to_contain_text("spam or junk folder")

    # The e-mail's link.
    user = User.objects.get(email="candidate@example.org")
    link = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    page.goto(link)
    checked(page, "Choose a new password", assert_accessible)
    page.locator("#id_password1").fill("returns-desk-2027")
    page.locator("#id_password2").fill("returns-desk-2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the new password").click()
    checked(page, "Sign in with your new password", assert_accessible)
    page.get_by_role("link", name="Sign in", exact=True).click()
    # The old password out of habit: said beside the password field, in the site's words (it
    # was allauth's "The email address and/or password you specified are not correct." in a
    # list above the form that no field pointed to).
    page.get_by_label("E-mail address").fill("candidate@example.org")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    password = page.locator("#id_password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(
        re.compile("That e-mail address and password do not match an account")
    )
    assert not ALLAUTH_WORDS.search(page.locator("main").inner_text())
    page.get_by_label("E-mail address").fill("candidate@example.org")
    page.locator("#id_password").fill("returns-desk-2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    # The same link a second time: what happened and the way to a new one.
    page.context.clear_cookies()
    page.goto(link)
    checked(page, "This link cannot be used", assert_accessible)
    expect(page.get_by_role("link", name="Ask for a new link")).to_have_attribute(
        "href", "/accounts/password/reset/"
    )


def test_the_account_security_pages_speak_the_sites_words_on_a_phone(
    open_page: Callable[..., Page], sign_in, assert_accessible
):
    page = open_page(**PHONE)
    sign_in(page, "candidate@example.org")
    page.goto("/accounts/password/change/")
    checked(page, "Change your password", assert_accessible)
    expect(page.get_by_label("Current password")).to_be_visible()
    page.goto("/accounts/email/")
    checked(page, "E-mail addresses", assert_accessible)
    expect(page.get_by_label("E-mail address")).to_be_visible()
    # One confirmed address: nothing to make main, send again or remove, so no such button.
    expect(page.locator("button[name^=action_]:not([name=action_add])")).to_have_count(0)
    # A second address is removed after the browser asks, in the site's words.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=User.objects.get(email="candidate@example.org"), email="cand.home@example.org"
    )
    page.reload()
    page.get_by_label(re.compile("cand.home@example.org")).check()
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        page.get_by_role("button", name="Remove").click()
    assert asked == ["Remove the chosen e-mail address from your account?"]
    expect(page.locator("main")).to_contain_text("cand.home@example.org is removed")
    # An address already on the account: said beside the field, in the site's words, kept.
    page.get_by_label("E-mail address").fill("candidate@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the address").click()
    expect(page.get_by_label("E-mail address")).to_have_accessible_description(
        re.compile("That e-mail address is already on your account")
    )
    expect(page.get_by_label("E-mail address")).to_have_value("candidate@example.org")
    checked(page, "E-mail addresses", assert_accessible)
    page.goto("/accounts/2fa/")
    checked(page, "Two-factor authentication", assert_accessible)
    page.get_by_role("link", name="Set up an authenticator app").click()
    if page.locator("h1", has_text="Confirm it is you").is_visible():  # signed in a while ago
        checked(page, "Confirm it is you", assert_accessible)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    checked(page, "Set up an authenticator app", assert_accessible)
    secret = page.get_by_label("Key to copy into the app")
    expect(secret).to_have_attribute("readonly", "")
    # Its help is read with it (allauth's field element left the help text tied to nothing).
    expect(secret).to_have_accessible_description(re.compile("sets the app up again"))
    page.get_by_label("Authenticator code").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Turn it on").click()
    expect(page.locator("main")).to_contain_text("That code is not right")
    page.goto("/accounts/logout/")
    checked(page, "Sign out", assert_accessible)
    expect(page.get_by_role("link", name="Stay signed in and go to your account")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/inactive/")
    checked(page, "This account is closed", assert_accessible)
    # The site speaks here, not a program: its own contact (else the default program's).
    expect(page.locator("main").locator('a[href^="mailto:"]')).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("program's staff")


def test_a_staff_member_meets_their_own_application_on_a_phone(
    open_page: Callable[..., Page], sign_in, site_url, assert_accessible
):
    """The queue's row says it is theirs and leads to their candidate page; the refused staff
    page (403) says why, leads there too, and back to the queue."""
    from certify.applications.models import Application
    from certify.loaddata.demo.applications import demo_applications_create
    from certify.programs.models import Program

    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=Program.objects.get(slug="lsscp"), staff=staff)
    dual = User.objects.get(email="submitted@example.org")
    RoleAssignment.objects.create(user=dual, role=Role.PROGRAM_STAFF)
    own = Application.objects.get(candidate=dual)
    page = open_page(**PHONE)
    sign_in(page, dual.email)
    page.goto("/staff/applications/")
    row = page.get_by_role("link", name="Your own application")
    expect(row).to_have_attribute("href", own.get_absolute_url())
    assert overflow(page) == 0
    assert_accessible(page)
    response = page.goto(reverse("applications:staff_detail", args=[own.pk]))
    assert response is not None
    assert response.status == 403
    checked(page, "Your own application", assert_accessible)
    expect(page.get_by_role("link", name="Go to your application")).to_have_attribute(
        "href", own.get_absolute_url()
    )
    expect(page.get_by_role("link", name="Back to the work waiting")).to_have_attribute(
        "href", "/account/"
    )
