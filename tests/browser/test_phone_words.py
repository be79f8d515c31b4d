"""A first-time candidate on a 320 px touch phone, sometimes with a screen reader: what a walk of
the journey at that width found, each kept from coming back. The words say what happens next and
what to do (no "contact us" without a way to; no "Open Badges 3.0, JSON"; no set codes), every
button says what it saves, and options a finger chooses between do not touch."""

import re
from collections.abc import Callable
from itertools import pairwise

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.applications.models import Application
from certify.loaddata.demo.applications import demo_applications_create
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.programs.models import Program
from certify.progress.services import plan_ensure

from .conftest import overflow

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def people(site_url) -> dict[str, object]:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    renewing, _lapsed = demo_renewals_create(program=program, staff=staff)
    accepted = Application.objects.get(candidate__email="accepted@example.org")
    plan_ensure(application=accepted)
    return {
        "accepted": accepted,
        "submitted": Application.objects.get(candidate__email="submitted@example.org"),
        "draft": Application.objects.get(candidate__email="draft@example.org"),
        "holder": renewing.holder.email,
    }


def phone(open_page: Callable[..., Page]) -> Page:
    return open_page(**PHONE)


def test_after_signing_up_the_page_says_what_to_do_and_what_if_no_email_comes(
    open_page: Callable[..., Page], site_url, assert_accessible
):
    """allauth's page said "Verify Your Email Address … Please contact us" with no way to."""
    page = phone(open_page)
    page.goto("/accounts/signup/")
    page.locator("#id_full_name").fill("Lee Park")
    page.locator("#id_email").fill("lee.park@example.org")
    page.locator("#id_password1").fill("returns-desk-2026")
    page.locator("#id_password2").fill("returns-desk-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    main = page.locator("main")
    expect(main).to_contain_text("press Confirm")
    expect(main).to_contain_text("spam or junk folder")
    expect(main.get_by_role("link", name="Sign in")).to_be_visible()
    # The site speaks here, not a program: its own contact (else the default program's).
    expect(main.locator('a[href^="mailto:"]')).to_have_count(1)
    expect(main).not_to_contain_text("program's staff")
    assert overflow(page) == 0
    assert_accessible(page)

    # A lone checkbox after its label (Django's as_p) sits before it, on its line.
    page.goto("/accounts/login/")
    box = page.locator("#id_remember").bounding_box()
    label = page.locator("label[for=id_remember]").bounding_box()
    assert box is not None
    assert label is not None
    assert box["x"] + box["width"] <= label["x"], (box, label)
    assert label["y"] <= box["y"] + box["height"] / 2 <= label["y"] + label["height"], (box, label)


def test_the_plan_explains_the_routes_spaces_them_and_names_the_set_each_save_is_for(
    open_page: Callable[..., Page], sign_in, people, assert_accessible
):
    page = phone(open_page)
    sign_in(page, "accepted@example.org")
    page.goto("/plan/")
    expect(page.get_by_role("link", name="How each way works")).to_have_attribute(
        "href", "/programs/lsscp/ways-to-show-competence/"
    )
    # Each set's Save says which set it saves ("Save" six times told a screen reader nothing).
    expect(
        page.get_by_role("button", name="Save my choice for Foundations of Library Services")
    ).to_be_visible()
    # The routes a finger chooses between are apart (they touched: 1 px between 24 px radios).
    gaps = page.evaluate(
        """() => {
          const boxes = [...document.querySelector(".route-form fieldset")
            .querySelectorAll("input[type=radio]")].map((e) => e.getBoundingClientRect());
          return boxes.slice(1).map((b, i) => b.top - boxes[i].bottom);
        }"""
    )
    assert len(gaps) >= 2
    assert min(gaps) >= 6, gaps
    assert overflow(page) == 0
    assert_accessible(page)


def test_an_application_says_what_happens_next_and_by_when_on_every_visit(
    open_page: Callable[..., Page], sign_in, people, assert_accessible
):
    page = phone(open_page)
    sign_in(page, "submitted@example.org")
    page.goto(people["submitted"].get_absolute_url())
    expect(page.locator("main")).to_contain_text(
        re.compile(r"What happens next: program staff .* their decision by \w+ \d+, \d{4}")
    )
    assert_accessible(page)

    # Accepted: the page leads on to the plan instead of ending there.
    page.context.clear_cookies()
    sign_in(page, "accepted@example.org")
    page.goto(people["accepted"].get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Go to your plan").click()
    expect(page.locator("h1")).to_have_text("Your plan and progress")


def test_the_application_form_and_its_confirmations_speak_plainly(
    open_page: Callable[..., Page], sign_in, people, assert_accessible
):
    page = phone(open_page)
    sign_in(page, "draft@example.org")
    page.goto(people["draft"].get_absolute_url())
    # The empty choice in words, not Django's "---------" (read out as dashes).
    first = page.locator("#id_new-library_type option").first
    expect(first).to_have_text("Choose the type of library")
    # A date field's hint gives no year-month-day example a phone's date picker contradicts.
    expect(page.locator("#memberships")).to_contain_text("The day your membership ends")
    expect(page.locator("#memberships")).not_to_contain_text("for example 20")
    with page.expect_navigation():
        page.get_by_role("link", name="Withdraw this application").click()
    # What will happen if she goes on, not a list that reads as if it has happened.
    expect(page.locator("#confirm-warning")).to_have_text(re.compile(r"If you go on"))
    assert overflow(page) == 0
    assert_accessible(page)
    # Adding a membership says who checks it and where its answer shows.
    page.goto("/memberships/add/")
    expect(page.locator("main")).to_contain_text("check the member number and confirm it")
    expect(page.locator("main")).to_contain_text("shows on your memberships page")


def test_the_certificate_and_renewal_pages_use_words_not_formats_or_codes(
    open_page: Callable[..., Page], sign_in, people, assert_accessible
):
    page = phone(open_page)
    sign_in(page, people["holder"])
    page.goto("/certificates/")
    main = page.locator("main")
    expect(main).not_to_contain_text("JSON")
    # The wallet's one-time code: the box beside its label (it stood alone above a bold line).
    box = page.get_by_label(re.compile("Also ask for a one-time code")).bounding_box()
    label = page.get_by_text(re.compile("^Also ask for a one-time code")).bounding_box()
    assert box is not None
    assert label is not None
    assert label["x"] > box["x"] + box["width"] - 1, (box, label)
    assert label["y"] <= box["y"] + box["height"] / 2 <= label["y"] + label["height"], (box, label)
    assert_accessible(page)

    page.goto("/renewal/")
    log = page.locator("#ce-log")
    # The sets an activity covers by name (the log said "Sets: TEC").
    expect(log.locator("td[data-label=Sets]").filter(has_text="Technology").first).to_be_visible()
    expect(
        log.locator("td[data-label=Sets]").filter(has_text=re.compile(r"\bTEC\b"))
    ).to_have_count(0)
    expect(log).not_to_contain_text("the set coded")
    expect(log).to_contain_text("Hours tied to Technology also count toward the 4 hours")
    # Each row's Edit and Remove, side by side in a dense row, are a finger's height (they
    # were 22 px: WCAG 2.5.8 let them pass only by their spacing).
    for name in ("Edit", "Remove"):
        box = log.get_by_role("link", name=re.compile(f"^{name} ")).first.bounding_box()
        assert box is not None
        assert box["height"] >= 24, (name, box)
    # Continuing education in whole hours, as the application's eligible hours.
    expect(page.locator(".eligibility")).to_contain_text(re.compile(r"Still needed: \d+ more hour"))
    expect(page.locator(".eligibility")).not_to_contain_text(re.compile(r"\d\.\d+ (more )?hours"))
    assert overflow(page) == 0


def test_the_funds_money_stacks_on_a_phone_instead_of_hiding_columns(
    open_page: Callable[..., Page], sign_in, site_url, assert_accessible
):
    program = Program.objects.get(slug="lsscp")
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    page = phone(open_page)
    sign_in(page, "sponsor@example.org")
    for path in ("/scholarships/sponsor/", "/scholarships/sponsor/funds/ssd-lsscp-enrollment/"):
        page.goto(path)
        remaining = page.locator("td[data-label=Remaining]").first
        expect(remaining).to_be_visible()
        box = remaining.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= PHONE["viewport"]["width"], box  # not behind a scroll
        assert overflow(page) == 0
        assert_accessible(page)


def test_the_sign_in_settings_speak_plainly_and_keep_a_choice_beside_its_label(
    open_page: Callable[..., Page], sign_in, site_url, assert_accessible
):
    page = phone(open_page)
    sign_in(page, "candidate@example.org")
    # allauth's "Confirm Access. Please reauthenticate to safeguard your account."
    page.goto("/accounts/2fa/totp/activate/")
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    expect(page.locator("main")).not_to_contain_text("reauthenticate")
    assert_accessible(page)
    # The address's radio beside it, and its buttons a finger apart (with a second address: with
    # one confirmed address there is nothing to choose, and no button shows).
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=User.objects.get(email="candidate@example.org"), email="cand.home@example.org"
    )
    page.goto("/accounts/email/")
    radio = page.locator("#email_radio_0").bounding_box()
    label = page.locator("label[for=email_radio_0]").bounding_box()
    assert radio is not None
    assert label is not None
    assert radio["x"] + radio["width"] <= label["x"], (radio, label)
    buttons = [
        page.locator(f"button[name={name}]").bounding_box()
        for name in ("action_primary", "action_send", "action_remove")
    ]
    gaps = [
        below["y"] - (above["y"] + above["height"])
        for above, below in pairwise(buttons)
        if above is not None and below is not None and below["y"] > above["y"]  # wrapped
    ]
    assert gaps, buttons  # at 320 px they do not fit on one line
    assert min(gaps) >= 6, buttons
    assert overflow(page) == 0
    assert_accessible(page)
