"""An employer's day on a 320 px phone (an HR clerk at a library), in chromium with axe-core.

Hana signs up with the library's HR address and confirms it from the e-mail; her list of
certificates shared with her says what to do while it is empty. Rosa, on her own phone, mistypes
Hana's address when she shares her certificate (told beside the field, the focus on the summary,
what she chose kept), then shares it. Hana is e-mailed with a link to her list, finds Rosa there
("Valid through …") and checks it on its verification page. Staff revoke it: Hana is e-mailed
(never staff's reason) and her list says "Revoked" with what that means; her other staff's
certificates read in every state (suspended, expired, lapsed, replaced) each with what to do.
Rosa stops sharing: Hana's list no longer has it and her notices say so. Every page at 390 and
320 px: no sideways scrolling, axe-core, tap targets, headings and focus (`phone_problems`).

Paying a staff member's fee is not something an employer's account can do (an invoice is paid by
the account it was issued to; the holder can have it reissued in the library's name): this walk
stops there. A second walk, signed out, types numbers on the verification page, opens a check's
JSON and writes a job posting's text from competency sets."""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import TestCase
from playwright.sync_api import Page, expect

from certify.accounts.models import Role
from certify.certificates.models import Certificate
from certify.certificates.services import certificate_revoke
from certify.programs.models import Program
from certify.webhooks.employer_words import REVOKED
from tests.certificates.conftest import finish, nearly_done
from tests.factories import PASSWORD, UserFactory
from tests.webhooks.test_employer_day import _every_state

from .test_phone_walks import PHONE
from .test_phone_walks import button_go as _go
from .test_phone_walks import problems_noted as _checked

pytestmark = pytest.mark.django_db(transaction=True)

NAME, EMAIL, HANA_PASSWORD = "Hana Reyes", "hr@riverside-library.example", "circulation-2026"
LIST = "/webhooks/shared-with-you/"


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    _go(page, "Sign In")


def test_an_employers_day_on_a_phone(open_page: Callable[..., Page], site_url, console_errors):
    program = Program.objects.get(slug="lsscp")
    application, last = nearly_done(program, name="Rosa Bianchi", email="rosa@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        finish(last)
    rosa = Certificate.objects.get(pk=application.certificate.pk)
    found: dict[str, list[str]] = {}

    hana = open_page(**PHONE)
    hana.set_viewport_size({"width": 320, "height": 844})
    hana.goto("/accounts/signup/")
    hana.locator("#id_full_name").fill(NAME)
    hana.locator("#id_email").fill(EMAIL)
    hana.locator("#id_password1").fill(HANA_PASSWORD)
    hana.locator("#id_password2").fill(HANA_PASSWORD)
    _go(hana, "Sign up")
    message = next(m for m in mail.outbox if m.to == [EMAIL])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
    assert link is not None
    hana.goto(link.group(1))
    _go(hana, "Confirm")
    expect(hana.get_by_role("link", name="Certificates shared with you")).to_be_visible()
    hana.get_by_role("link", name="Certificates shared with you").click()
    hana.wait_for_url(re.compile(f"{LIST}$"))
    main = hana.locator("main")
    expect(main).to_contain_text(f"None yet. When someone shares their certificate with {EMAIL}")
    expect(main).to_contain_text("What to do: give them this address.")
    _checked(hana, found, "Hana's empty list")

    # Rosa shares it from her phone, mistyping the address first.
    mine = open_page(**PHONE)
    mine.set_viewport_size({"width": 320, "height": 844})
    _sign_in(mine, "rosa@example.org", PASSWORD)
    mine.goto("/webhooks/shares/")
    _checked(mine, found, "Rosa's shares, empty")
    mine.get_by_label("The employer's e-mail address").fill("hr@riverside-library")
    _go(mine, "Share")
    address = mine.get_by_label("The employer's e-mail address")
    expect(address).to_have_attribute("aria-invalid", "true")
    expect(address).to_have_value("hr@riverside-library")
    expect(mine.locator("#endpoint-errors")).to_be_focused()
    expect(mine.locator("main")).to_contain_text("Enter the whole address, with the part after")
    _checked(mine, found, "Rosa's share refused")
    mine.get_by_label("The employer's e-mail address").fill(EMAIL)
    _go(mine, "Share")
    expect(mine.locator("main")).to_contain_text(f"{rosa.number} with {EMAIL}")
    _checked(mine, found, "Rosa's shares, one")

    told = [m for m in mail.outbox if m.to == [EMAIL] and "shared their" in m.subject]
    assert len(told) == 1
    assert LIST in told[0].body
    hana.goto(LIST)
    row = hana.locator("tr", has_text=rosa.number)
    expect(row).to_contain_text("Rosa Bianchi")
    expect(row).to_contain_text("Valid through")
    _checked(hana, found, "Hana's list, Rosa valid")
    with hana.expect_navigation():
        row.get_by_role("link", name=f"Check {rosa.number}").click()
    expect(hana.locator("main")).to_contain_text("Valid")

    # Staff revoke it; her other staff's certificates are in every other state.
    staff = UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])
    with TestCase.captureOnCommitCallbacks(execute=True):
        certificate_revoke(certificate=rosa, actor=staff, reason="Evidence was not her own.")
    revoked = [m for m in mail.outbox if m.to == [EMAIL] and m.subject.endswith(" was revoked")]
    assert [m.subject for m in revoked] == ["Rosa Bianchi's LSSCP certificate was revoked"]
    assert REVOKED in revoked[0].body
    assert LIST in revoked[0].body
    assert "Evidence was not her own" not in revoked[0].body  # staff's reason is not hers
    _every_state(program)
    hana.goto(LIST)
    row = hana.locator("tr", has_text=rosa.number)
    expect(row).to_contain_text("Revoked")
    expect(row).to_contain_text(REVOKED)
    expect(row).not_to_contain_text("Evidence was not her own")  # staff's reason is not hers
    for word in ("Suspended", "Expired", "Lapsed", "Replaced", "Valid through"):
        expect(hana.locator("main")).to_contain_text(word)
    _checked(hana, found, "Hana's list, every state")

    # Rosa stops sharing; Hana's list no longer has it, and her notices say so.
    mine.goto("/webhooks/shares/")
    _go(mine, re.compile(f"^Stop sharing with {re.escape(EMAIL)}"))
    expect(mine.locator("main")).to_contain_text(f"Stopped: {EMAIL} no longer sees {rosa.number}")
    _checked(mine, found, "Rosa's shares, stopped")
    hana.goto(LIST)
    expect(hana.locator("main")).not_to_contain_text(rosa.number)
    hana.goto("/notifications/")
    expect(hana.locator("main")).to_contain_text(
        "Rosa Bianchi stopped sharing their LSSCP certificate with you"
    )
    expect(hana.locator("main")).to_contain_text("Rosa Bianchi's LSSCP certificate was revoked")
    _checked(hana, found, "Hana's notices")
    # The e-mails of changes are optional: her e-mail choices name them.
    hana.goto("/notifications/preferences/")
    expect(hana.locator("main")).to_contain_text(
        "A certificate shared with you was suspended, reinstated, revoked, replaced or lapsed"
    )
    _checked(hana, found, "Hana's e-mail choices")

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 400" not in e] == []


def test_an_employer_checks_certificates_and_writes_a_posting_signed_out(
    open_page: Callable[..., Page], site_url, console_errors
):
    """Signed out, at 390 and 320 px: a number typed on the verification page (a wrong one, then
    a revoked, a suspended and an expired one, each saying its status in words), the JSON of a
    check, and a posting's text written from competency sets and copied."""
    states = _every_state(Program.objects.get(slug="lsscp"))
    page = open_page(**PHONE)
    found: dict[str, list[str]] = {}

    def look_up(number: str) -> None:
        page.goto("/verify/")
        page.get_by_label("Certificate number", exact=True).fill(number)
        _go(page, "Verify")

    look_up("LSSCP-2026-9999")
    number = page.get_by_label("Certificate number", exact=True)
    expect(number).to_have_value("LSSCP-2026-9999")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#lookup-errors")).to_be_focused()  # read out first, linked to the field
    expect(page.locator("#lookup-errors")).to_contain_text(
        "No certificate has the number LSSCP-2026-9999. Check it and retry."  # as typed
    )
    _checked(page, found, "a wrong number")
    words = {"revoked": "Revoked", "suspended": "Suspended", "expired": "Expired"}
    for state, word in words.items():
        look_up(states[state].number.lower())  # typed as people type it
        page.wait_for_url(f"**/verify/{states[state].number}/")
        expect(page.locator("dd .tag")).to_have_text(word)
        _checked(page, found, f"a {state} certificate")

    # The same check as JSON, from the link on the page.
    link = page.locator(".verification a[href^='/api/v1/certificates/']")
    with page.expect_navigation():
        link.click()
    assert '"status"' in page.locator("body").inner_text()
    assert states["expired"].number in page.locator("body").inner_text()

    # A posting's text from two competency sets, copied from the plain text.
    page.goto("/programs/lsscp/job-requirements/")
    _checked(page, found, "the job requirements, empty")
    page.get_by_label("Technology").check()
    page.get_by_label("Youth Services").check()
    page.get_by_label("Required").check()
    _go(page, "Write the job requirements")
    text = page.locator(".job-requirements__text")
    expect(text).to_contain_text("Library Support Staff Certification (LSSCP) required.")
    _checked(page, found, "the job requirements, written")
    page.get_by_text("The same as plain text").click()
    plain = page.get_by_label("Plain text to copy")
    plain.focus()
    plain.press("ControlOrMeta+a")
    chosen = page.evaluate("window.getSelection().toString() || document.activeElement.value")
    assert "Library Support Staff Certification (LSSCP) required." in chosen
    assert "Youth Services" in chosen
    _checked(page, found, "the job requirements, plain text open")

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 404" not in e] == []
