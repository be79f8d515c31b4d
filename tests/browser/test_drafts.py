"""Drafts that are never lost, in chromium (ADR 0037): text typed offline comes back after a
reload and is saved once online; a session that ends mid-typing keeps the text and saves it after
a sign-in in another tab; another account on the same browser never sees the draft; sign-out
removes it; copies older than 14 days go; "Apply to renew" enables without a reload. axe-core
at 320 px and 1280 px on each page touched."""

import contextlib
import json
import re
import time
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from certify.accounts.drafts import draft_key_id
from certify.accounts.models import User
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.loaddata.demo.certificates import demo_enrolled_create
from certify.loaddata.demo.renewals import RENEWING, demo_renewals_create
from certify.portfolios.models import Response
from certify.portfolios.services import portfolio_open
from certify.programs.models import Program
from certify.progress.services import route_choose

WRITER = ("writer@example.org", "Wren Ito")
OTHER = ("other-writer@example.org", "Omar Haddad")
PHONE = {"width": 320, "height": 640}
SAVED = re.compile(r"^Saved at \d{1,2}:\d\d [ap]\.m\.$")
DRAFT_KEYS = "Object.keys(localStorage).filter((k) => k.startsWith('certify.draft.'))"


def portfolio_of(email: str, name: str) -> tuple[int, int]:
    """A candidate with the Communication and Teamwork portfolio open: (planned set, first
    response)."""
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    user, application, _ = demo_enrolled_create(
        program=program,
        staff=staff,
        email=email,
        name=name,
        library_name="Riverside Public Library",
        role="Library assistant",
    )
    assert application is not None
    planned = application.planned_sets.get(competency_set__code="CT")
    planned = route_choose(planned=planned, actor=user, route="portfolio")
    portfolio = portfolio_open(planned=planned, actor=user)
    return planned.pk, portfolio.responses.order_by("pk").first().pk


def page_of(planned_id: int, response_id: int) -> str:
    """The page of that response's competency, where its text box is (ADR 0044)."""
    code = Response.objects.select_related("competency").get(pk=response_id).competency.code
    return f"/portfolios/{planned_id}/competencies/{code}/"


@pytest.fixture
def writer(site_url: str) -> tuple[int, int]:
    return portfolio_of(*WRITER)


def sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/account/$"))


def accept_dialogs(page: Page) -> list[str]:
    """Accept every dialog (the "leave this page?" question, the sign-out question); return
    their types as they come."""
    seen: list[str] = []

    def accept(dialog) -> None:
        seen.append(dialog.type)
        with contextlib.suppress(PlaywrightError):  # gone already when the navigation failed
            dialog.accept()

    page.on("dialog", accept)
    return seen


def unexpected(errors: list[str]) -> list[str]:
    """Console errors other than the refused or cut-off requests each test provokes on purpose
    (chromium logs every 403 and every request it could not send)."""
    expected = ("Failed to load resource", "ERR_INTERNET_DISCONNECTED", "ERR_FAILED")
    return [e for e in errors if not any(text in e for text in expected)]


HOME = re.compile(r"^https?://[^/]+/$")


def narrative(response_id: int) -> str:
    return Response.objects.get(pk=response_id).narrative


def test_text_typed_offline_is_back_after_a_reload_and_saved_once_online(
    open_page: Callable[..., Page], writer, assert_accessible, console_errors
):
    planned_id, response_id = writer
    page = open_page()
    dialogs = accept_dialogs(page)
    sign_in(page, WRITER[0])
    page.goto(page_of(planned_id, response_id))
    field = page.locator(f"#narrative-{response_id}")
    status = page.locator(f"#status-{response_id}")
    expect(status).to_have_attribute("aria-live", "polite")

    field.fill("I answer the reference desk chat every Tuesday.")
    expect(status).to_have_text(SAVED)
    assert narrative(response_id) == "I answer the reference desk chat every Tuesday."
    assert page.evaluate(DRAFT_KEYS) == []  # the server has it: nothing kept on the device
    assert_accessible(page)

    page.context.set_offline(True)
    field.click()  # a person's click: the browser asks before leaving only after one
    typed = "I answer the reference desk chat every Tuesday.\n\nOffline on the bus, I add this."
    field.fill(typed)
    expect(status).to_have_text("Offline: kept on this device")
    assert narrative(response_id) != typed  # never "Saved" while the server does not have it
    with pytest.raises(PlaywrightError):
        page.reload()  # the "leave this page?" question first, then no network
    assert "beforeunload" in dialogs
    # Chromium's error page reloads itself once online; a new tab of the same browser instead,
    # so that the page that restores the text is surely one that loaded after the failure.
    context = page.context
    page.close()
    page = context.new_page()
    field = page.locator(f"#narrative-{response_id}")
    status = page.locator(f"#status-{response_id}")
    dialogs = accept_dialogs(page)

    context.set_offline(False)
    page.goto(page_of(planned_id, response_id))
    expect(field).to_have_value(typed)
    expect(status).not_to_have_text(re.compile("Offline|Not saved|session"))
    for _ in range(40):  # the restored text reaches the server; the copy then goes
        if narrative(response_id) == typed and page.evaluate(DRAFT_KEYS) == []:
            break
        page.wait_for_timeout(500)
    assert narrative(response_id) == typed
    assert page.evaluate(DRAFT_KEYS) == []

    # Nothing unsaved: leaving asks nothing.
    page.reload()
    expect(field).to_have_value(typed)
    assert dialogs == []
    assert unexpected(console_errors) == []


def test_a_session_that_ends_mid_typing_keeps_the_text_and_saves_after_signing_in_again(
    open_page: Callable[..., Page], writer, assert_accessible, console_errors
):
    planned_id, response_id = writer
    page = open_page(viewport=PHONE)
    sign_in(page, WRITER[0])
    page.goto(page_of(planned_id, response_id))
    field = page.locator(f"#narrative-{response_id}")
    status = page.locator(f"#status-{response_id}")
    field.fill("First part.")
    expect(status).to_have_text(SAVED)

    Session.objects.all().delete()  # the session ends on the server (timeout, sign-out elsewhere)
    field.fill("First part. Then a second part, typed after the session ended.")
    expect(status).to_contain_text("Your session ended: sign in again to save")
    banner = page.get_by_role("alert").filter(has_text="Your session ended")
    expect(banner).to_be_visible()
    assert narrative(response_id) == "First part."
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    assert_accessible(page)  # at 320 px, with the banner

    with page.context.expect_page() as opened:
        banner.get_by_role("link", name=re.compile("Sign in again")).click()
    login = opened.value
    login.locator("#id_login").fill(WRITER[0])
    login.locator("#id_password").fill(DEMO_PASSWORD)
    login.get_by_role("button", name="Sign In").click()
    login.wait_for_url(re.compile(r"/account/signed-in/$"))
    expect(login.get_by_role("heading", level=1)).to_have_text("You are signed in again")
    assert_accessible(login)

    # Back on the page it never left: saved with a fresh token, the banner gone.
    expect(status).to_have_text(SAVED)
    expect(banner).to_have_count(0)
    assert (
        narrative(response_id) == "First part. Then a second part, typed after the session ended."
    )
    assert page.evaluate(DRAFT_KEYS) == []
    assert unexpected(console_errors) == []


def test_another_account_never_sees_the_draft_and_the_writer_gets_it_back_at_the_next_sign_in(
    open_page: Callable[..., Page], writer, console_errors
):
    planned_id, response_id = writer
    other_planned, other_response = portfolio_of(*OTHER)
    page = open_page()
    accept_dialogs(page)
    sign_in(page, WRITER[0])
    page.goto(page_of(planned_id, response_id))
    field = page.locator(f"#narrative-{response_id}")
    Session.objects.all().delete()  # walks away; the session times out
    field.fill("Words the next person at this computer must not see.")
    expect(page.locator(f"#status-{response_id}")).to_contain_text("Your session ended")

    # Someone else signs in on the same browser.
    page.context.clear_cookies()
    sign_in(page, OTHER[0])
    writer_key = draft_key_id(User.objects.get(email=WRITER[0]).pk)
    other_key = draft_key_id(User.objects.get(email=OTHER[0]).pk)
    keys = page.evaluate(DRAFT_KEYS)
    assert keys
    assert all(k.startswith(f"certify.draft.{writer_key}.") for k in keys)
    assert WRITER[0] not in json.dumps(keys)  # keyed by an id, not the e-mail address
    page.goto(page_of(other_planned, other_response))
    assert page.locator('meta[name="certify-drafts"]').get_attribute("content") == other_key
    expect(page.locator(f"#narrative-{other_response}")).to_have_value("")
    expect(page.locator("main")).not_to_contain_text("must not see")
    expect(page.locator(".draft-choice")).to_have_count(0)
    assert page.goto(page_of(planned_id, response_id)).status in (403, 404)  # not theirs
    assert narrative(other_response) == ""

    # The other person signs out: the writer's draft stays, keyed to the writer.
    page.goto("/account/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(HOME)
    assert len(page.evaluate(DRAFT_KEYS)) == 1

    # The writer signs in again (a new sign-in): the text is back and saved.
    sign_in(page, WRITER[0])
    page.goto(page_of(planned_id, response_id))
    expect(field).to_have_value("Words the next person at this computer must not see.")
    expect(page.locator(f"#status-{response_id}")).to_have_text(SAVED)
    assert narrative(response_id) == "Words the next person at this computer must not see."
    assert unexpected(console_errors) == []


def test_signing_out_removes_the_accounts_drafts_after_asking(
    open_page: Callable[..., Page], writer
):
    planned_id, response_id = writer
    page = open_page()
    dialogs = accept_dialogs(page)
    sign_in(page, WRITER[0])
    page.goto(page_of(planned_id, response_id))
    page.context.set_offline(True)
    page.locator(f"#narrative-{response_id}").click()
    page.locator(f"#narrative-{response_id}").fill("Typed offline, then signed out.")
    expect(page.locator(f"#status-{response_id}")).to_have_text("Offline: kept on this device")
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    page.route("**/responses/**", lambda route: route.abort())  # the save does not get through
    page.context.set_offline(False)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(HOME)
    assert "confirm" in dialogs  # "not reached the server … sign out anyway?"
    assert page.evaluate(DRAFT_KEYS) == []
    assert narrative(response_id) == ""


def test_old_copies_go_and_a_copy_older_than_the_servers_text_asks_first(
    open_page: Callable[..., Page], writer, assert_accessible
):
    planned_id, response_id = writer
    Response.objects.filter(pk=response_id).update(narrative="Saved from the laptop.")
    page = open_page(viewport=PHONE)
    sign_in(page, WRITER[0])
    key = draft_key_id(User.objects.get(email=WRITER[0]).pk)
    now_ms = int(time.time() * 1000)
    day_ms = 24 * 60 * 60 * 1000
    statement = f"certify.draft.{key}.portfolio-{planned_id}-statement"
    response = f"certify.draft.{key}.portfolio-{planned_id}-response-{response_id}"
    page.evaluate(
        """([a, b, old, recent]) => {
            localStorage.setItem(a, JSON.stringify({t: "Fifteen days old", base: "", at: old}));
            localStorage.setItem(
                b, JSON.stringify({t: "Typed on the phone", base: "x", at: recent}));
        }""",
        [statement, response, now_ms - 15 * day_ms, now_ms - day_ms],
    )
    page.goto(f"/portfolios/{planned_id}/")  # the overview, where the statement is
    expect(page.locator("#learning_statement")).to_have_value("")
    assert statement not in page.evaluate(DRAFT_KEYS)  # older than 14 days: gone
    page.goto(page_of(planned_id, response_id))

    # The server's text changed since the phone's copy began: the person chooses.
    field = page.locator(f"#narrative-{response_id}")
    choice = page.locator(".draft-choice")
    expect(choice).to_be_visible()
    expect(field).to_have_value("Saved from the laptop.")
    assert_accessible(page)
    choice.get_by_role("button", name="Keep the saved version").click()
    expect(choice).to_have_count(0)
    assert page.evaluate(DRAFT_KEYS) == []
    assert narrative(response_id) == "Saved from the laptop."

    page.evaluate(
        """([b, recent]) => localStorage.setItem(b, JSON.stringify(
            {t: "Typed on the phone", base: "x", at: recent}))""",
        [response, now_ms],
    )
    page.reload()
    page.locator(".draft-choice").get_by_role(
        "button", name="Restore what you typed on this device"
    ).click()
    expect(field).to_have_value("Typed on the phone")
    expect(page.locator(f"#status-{response_id}")).to_have_text(SAVED)
    assert narrative(response_id) == "Typed on the phone"


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_apply_to_renew_enables_without_a_reload_once_the_log_meets_the_requirement(
    open_page: Callable[..., Page], site_url, assert_accessible, viewport, console_errors
):
    program = Program.objects.get(slug="lsscp")
    demo_renewals_create(program=program, staff=User.objects.get(email="staff@example.org"))
    page = open_page(viewport=viewport)
    sign_in(page, RENEWING[0])
    page.goto("/renewal/")
    apply = page.get_by_role("button", name="Apply to renew")
    expect(apply).to_be_disabled()
    assert apply.evaluate("(b) => getComputedStyle(b).cursor") == "not-allowed"
    assert_accessible(page)
    page.evaluate("window.sameDocument = true")

    page.locator("#id_title").fill("Library technology summit")
    page.locator("#id_provider").fill("State Library Association")
    page.locator("#id_completed_on").fill(timezone.localdate().isoformat())
    page.locator("#id_amount").fill("9")
    page.get_by_label("Technology", exact=True).check()
    page.get_by_role("button", name="Add this activity").click()

    expect(apply).to_be_enabled()
    assert page.evaluate("window.sameDocument") is True  # no reload
    # The log says what was recorded, and the focus goes on from there, not from the top.
    expect(page.get_by_text("Activity recorded: “Library technology summit”.")).to_be_focused()
    assert apply.evaluate("(b) => getComputedStyle(b).cursor") == "pointer"
    assert_accessible(page)
    assert unexpected(console_errors) == []
