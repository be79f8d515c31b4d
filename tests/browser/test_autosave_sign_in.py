"""An htmx autosave sent after the session ended is not lost (autosave.js, ADR 0037): the
server sends the person to sign in, and back on the page what they changed is put back and
saved; a new job typed but not added is put back for its button. Never for another account.
axe-core at 320 px on the page with the notice."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from certify.accounts.models import Role
from certify.accounts.services import user_create
from certify.applications import services as applications
from certify.applications.models import Application, ExperienceEntry
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.programs.models import Program
from tests.factories import ExperienceEntryFactory

from .conftest import overflow

PHONE = {"width": 320, "height": 640}
APPLYING = ("autosaving@example.org", "Noor Haddad")
OTHER = ("someone-else@example.org", "Omar Haddad")
KEPT = "Object.keys(sessionStorage).filter((k) => k.startsWith('certify.unsaved.'))"
NOTE = "Diploma from the Lycée Victor Hugo, Paris, 2009."


def _candidate(email: str, name: str) -> Application:
    user = user_create(email=email, full_name=name, password=DEMO_PASSWORD, roles=(Role.CANDIDATE,))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    program = Program.objects.get(slug="lsscp")
    return applications.application_start(candidate=user, program=program)


@pytest.fixture
def applying(site_url: str) -> tuple[int, int]:
    """A candidate with a draft application and one job: (the application, the job)."""
    application = _candidate(*APPLYING)
    entry = ExperienceEntryFactory(application=application, library_name="Hillside Library")
    return application.pk, entry.pk


def sign_in_on_the_page(page: Page, email: str) -> None:
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_change_sent_after_the_session_ended_is_saved_after_signing_in(
    open_page: Callable[..., Page], sign_in, applying, assert_accessible, console_errors
):
    application_id, entry_id = applying
    page = open_page(viewport=PHONE)
    sign_in(page, APPLYING[0])
    page.goto(f"/applications/{application_id}/")
    role = page.locator(f"#id_e{entry_id}-role")
    role.fill("Circulation assistant")
    role.press("Tab")  # the change is sent as the field is left
    expect(page.locator(f"#entry-{entry_id}-status")).to_contain_text("Saved at")
    assert page.evaluate(KEPT) == []  # the server has it: nothing kept in the tab

    Session.objects.all().delete()  # the session ends on the server (12 hours, or elsewhere)
    note = page.locator("#id_education_note")
    note.fill(NOTE)
    note.press("Tab")  # the autosave is answered 401: htmx goes to the sign-in page
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert Application.objects.get(pk=application_id).education_note == ""
    assert len(page.evaluate(KEPT)) == 1

    sign_in_on_the_page(page, APPLYING[0])
    page.wait_for_url(re.compile(rf"/applications/{application_id}/$"))
    expect(note).to_have_value(NOTE)
    notice = page.locator("#education .autosave-restored")
    expect(notice).to_have_text(
        "We put back what you changed before your session ended, and saved it."
    )
    expect(page.locator("#education-status")).to_contain_text("Saved at")
    assert Application.objects.get(pk=application_id).education_note == NOTE
    # The job saved before the session ended is not sent again, nor changed.
    assert ExperienceEntry.objects.get(pk=entry_id).role == "Circulation assistant"
    expect(page.locator(f"#entry-{entry_id} .autosave-restored")).to_have_count(0)
    assert page.evaluate(KEPT) == []
    assert overflow(page) == 0
    assert_accessible(page)

    page.reload()  # once saved, nothing comes back again
    expect(note).to_have_value(NOTE)
    expect(page.locator(".autosave-restored")).to_have_count(0)
    assert [e for e in console_errors if "status of 401" not in e] == []


def test_a_new_job_typed_when_the_session_ended_waits_for_its_button_and_no_other_account(
    open_page: Callable[..., Page], sign_in, applying
):
    application_id, _ = applying
    other = _candidate(*OTHER)
    page = open_page()
    sign_in(page, APPLYING[0])
    page.goto(f"/applications/{application_id}/")
    Session.objects.all().delete()
    page.locator("#id_new-library_name").fill("Eastside Branch Library")
    page.locator("#id_new-library_type").select_option(label="Academic")
    page.locator("#id_new-role").fill("Page")
    page.locator("#id_new-start_date").fill("2024-01-08")
    page.locator("#id_new-hours_per_week").fill("20")
    page.get_by_role("button", name="Add this job").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))

    # Another account signing in on this tab gets nothing of it.
    sign_in_on_the_page(page, OTHER[0])
    page.wait_for_load_state()
    page.goto(f"/applications/{other.pk}/")
    expect(page.locator("#id_new-library_name")).to_have_value("")
    expect(page.locator(".autosave-restored")).to_have_count(0)
    page.context.clear_cookies()

    page.goto(f"/applications/{application_id}/")  # sent to sign in, and back
    sign_in_on_the_page(page, APPLYING[0])
    page.wait_for_url(re.compile(rf"/applications/{application_id}/$"))
    expect(page.locator("#id_new-library_name")).to_have_value("Eastside Branch Library")
    expect(page.locator("#id_new-role")).to_have_value("Page")
    expect(page.locator("#id_new-library_type option:checked")).to_have_text("Academic")
    expect(page.locator("#entry-new .autosave-restored")).to_have_text(
        "We put back what you typed before your session ended. It is not saved yet."
    )
    assert not ExperienceEntry.objects.filter(library_name="Eastside Branch Library").exists()
    page.get_by_role("button", name="Add this job").click()
    expect(page.get_by_role("heading", name="Page at Eastside Branch Library")).to_be_visible()
    assert ExperienceEntry.objects.filter(library_name="Eastside Branch Library").exists()
    assert page.evaluate(KEPT) == []


def test_a_value_saved_elsewhere_meanwhile_is_not_overwritten_and_what_was_typed_shows(
    open_page: Callable[..., Page], sign_in, applying
):
    application_id, _ = applying
    page = open_page()
    sign_in(page, APPLYING[0])
    page.goto(f"/applications/{application_id}/")
    Session.objects.all().delete()
    note = page.locator("#id_education_note")
    note.fill(NOTE)
    note.press("Tab")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    # Meanwhile the note was saved from another device.
    Application.objects.filter(pk=application_id).update(education_note="From my phone.")

    sign_in_on_the_page(page, APPLYING[0])
    page.wait_for_url(re.compile(rf"/applications/{application_id}/$"))
    notice = page.locator("#education .autosave-restored")
    expect(notice).to_contain_text("was changed since, so it keeps the saved value")
    expect(notice).to_contain_text(f"You had typed: {NOTE}")
    expect(note).to_have_value("From my phone.")
    page.wait_for_timeout(500)  # nothing is sent
    assert Application.objects.get(pk=application_id).education_note == "From my phone."
    assert page.evaluate(KEPT) == []


def test_a_copy_kept_more_than_14_days_is_removed_and_nothing_is_put_back(
    open_page: Callable[..., Page], sign_in, applying
):
    """The rulings' limit for a draft kept in the browser: a tab left open on a shared computer
    does not keep what someone typed for longer, signed in again or not."""
    application_id, _ = applying
    page = open_page()
    sign_in(page, APPLYING[0])
    page.goto(f"/applications/{application_id}/")
    Session.objects.all().delete()
    note = page.locator("#id_education_note")
    note.fill(NOTE)
    note.press("Tab")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert len(page.evaluate(KEPT)) == 1

    page.clock.install(time=datetime.now(UTC) + timedelta(days=15))  # the tab stayed open
    page.reload()  # the sign-in page, nobody signed in: the old copy goes
    assert page.evaluate(KEPT) == []
    sign_in_on_the_page(page, APPLYING[0])
    page.wait_for_url(re.compile(rf"/applications/{application_id}/$"))
    expect(note).to_have_value("")
    expect(page.locator(".autosave-restored")).to_have_count(0)
    assert Application.objects.get(pk=application_id).education_note == ""


def test_a_password_field_in_an_autosaved_form_is_never_kept(
    open_page: Callable[..., Page], sign_in, applying
):
    application_id, _ = applying
    page = open_page()
    sign_in(page, APPLYING[0])
    page.goto(f"/applications/{application_id}/")
    page.evaluate(
        """() => {
          const form = document.querySelector("#education");
          for (const [name, attrs] of [["pin", {type: "password"}],
                                        ["code", {autocomplete: "one-time-code"}]]) {
            const input = document.createElement("input");
            Object.assign(input, {name, ...attrs});
            form.appendChild(input);
            input.value = "0000";
            input.dispatchEvent(new Event("input", {bubbles: true}));
          }
        }"""
    )
    assert page.evaluate(KEPT) == []
