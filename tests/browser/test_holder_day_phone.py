"""A certificate holder's day on a phone, at 390 and 320 px with axe-core: Rosa, whose LSSCP
certificate ends in five months, opens her certificates, downloads the PDF, opens the public
verification page as an employer would from the QR code (signed out), shares its status with an
employer and stops, makes her profile public, lists herself in the register of holders and
leaves it, and takes the credential to a wallet (the offer page with its QR code and link; the
OID4VCI flow itself is tests/certificates/test_wallet_flow.py's). Then she renews: the window is
open, she logs activities in each unit the program counts (a bad one first: explained in her
words, what she typed kept), sees the running total and her technology hours against the rule,
applies and pays the fee, and once renewed reads what that renewal counted, apart from the new
period's log. A holder in the grace period and one whose certificate lapsed read
what that means. Every page is checked by `phone_problems` (no sideways scrolling, no serious axe
violation, headings, targets, text spacing, focus)."""

import os
import re
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.programs import api as programs_api
from certify.programs.models import Program
from certify.renewals.lifecycle import add_months
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_decide, renewal_sync
from tests.payments.conftest import card_paid
from tests.renewals.conftest import in_window

from .test_phone_walks import PHONE, opened_and_noted
from .test_phone_walks import button_go as _go

WORDS = os.environ.get("HOLDER_WORDS", "")  # a file to write each page's words to, to read them

RENEWING, LAPSED = "renewing@example.org", "lapsed@example.org"
EMPLOYER = "hr@riverside-library.example"


def _long(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _checked(page: Page, path: str, found: dict[str, list[str]]) -> None:
    opened_and_noted(page, path, found)
    if WORDS:
        with open(WORDS, "a", encoding="utf-8") as out:
            out.write(f"\n===== {page.url}\n{page.locator('main').inner_text()}\n")


def _add_activity(page: Page, title: str, unit: str, amount: str, set_name: str) -> None:
    page.get_by_label("Title of the activity").fill(title)
    page.get_by_label("Provider").fill("State Library Association")
    page.get_by_label("Date completed").fill(str(timezone.localdate() - timedelta(days=30)))
    page.get_by_label("Unit").select_option(unit)
    page.get_by_label("Amount").fill(amount)
    page.locator("#ce-log").get_by_label(set_name, exact=True).check()
    page.get_by_role("button", name="Add this activity").click()
    expect(page.locator("#ce-log").get_by_text(f"Activity recorded: “{title}”.")).to_be_visible()


def test_a_holders_day_on_a_phone(
    open_page: Callable[..., Page], sign_in, site_url, console_errors
):
    found: dict[str, list[str]] = {}
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    renewing, _lapsed = demo_renewals_create(program=program, staff=staff)
    rosa = open_page(**PHONE)
    sign_in(rosa, RENEWING)

    # Her certificate, and its PDF.
    _checked(rosa, "/certificates/", found)
    main = rosa.locator("main")
    expect(main).to_contain_text(f"Certificate {renewing.number}, issued")
    pdf = rosa.get_by_role("link", name=re.compile("^Download the certificate"))
    response = rosa.request.get(pdf.get_attribute("href") or "")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Its verification page, as an employer opens it from the QR code: signed out.
    employer = open_page(**PHONE)
    path = renewing.verification_url.removeprefix(site_url)
    assert path == f"/verify/{renewing.number}/"
    _checked(employer, path, found)
    expect(employer.locator("main")).to_contain_text("Rosa Delgado")
    expect(employer.locator("main")).to_contain_text("Valid")

    # Sharing its status with an employer, then stopping.
    rosa.goto("/certificates/")
    with rosa.expect_navigation():
        rosa.get_by_role("link", name=re.compile("^Let an employer follow its status")).click()
    _checked(rosa, "", found)
    rosa.get_by_label("The employer's e-mail address").fill(EMPLOYER)
    _go(rosa, "Share")
    expect(rosa.locator("main")).to_contain_text(f"{renewing.number} with {EMPLOYER}")
    _checked(rosa, "", found)
    _go(rosa, re.compile(f"^Stop sharing with {re.escape(EMPLOYER)}"))
    expect(rosa.locator("main")).to_contain_text(f"Stopped: {EMPLOYER} no longer sees")
    _checked(rosa, "", found)

    # Her public profile, and the public register: in, then out.
    rosa.goto("/certificates/")
    _go(rosa, "Make my profile public")
    expect(rosa.locator("main")).to_contain_text("Your profile is public")
    _checked(rosa, "", found)
    rosa.goto("/account/#register")
    _checked(rosa, "", found)
    rosa.locator("#register-state").select_option(label="Colorado")
    _go(rosa, "List me in the public register")
    expect(rosa.locator("main")).to_contain_text("You are listed")
    expect(rosa.locator("main")).to_contain_text("under Colorado")
    _checked(rosa, "", found)
    _go(rosa, "Remove me from the public register")
    expect(rosa.locator("main")).to_contain_text("You are not listed")

    # The credential to a wallet: the offer's page, its QR code and its link.
    rosa.goto("/certificates/")
    _go(rosa, re.compile("^Add to a digital wallet"))
    expect(rosa.get_by_role("heading", level=1)).to_contain_text(renewing.number)
    expect(rosa.get_by_role("img", name=re.compile("^QR code of the wallet offer"))).to_be_visible()
    offer = rosa.get_by_role("link", name="Open the offer in a wallet on this device")
    assert (offer.get_attribute("href") or "").startswith("openid-credential-offer://")
    _checked(rosa, "", found)

    # Renewal: the window is open; 23 hours logged, 2 on technology (the demo's).
    _checked(rosa, "/renewal/", found)
    progress = rosa.locator("#ce-log .eligibility__summary")
    expect(progress).to_contain_text("23")
    # A bad entry: refused in her words, what she typed kept.
    rosa.get_by_label("Title of the activity").fill("Reference interview course")
    rosa.get_by_label("Provider").fill("Lakeside College")
    rosa.get_by_label("Date completed").fill(str(timezone.localdate() + timedelta(days=20)))
    rosa.get_by_label("Unit").select_option("quarter")
    rosa.get_by_label("Amount").fill("1")
    rosa.get_by_role("button", name="Add this activity").click()
    summary = rosa.locator("#ce-add-errors")
    expect(summary).to_be_visible()
    expect(rosa.get_by_label("Title of the activity")).to_have_value("Reference interview course")
    expect(rosa.get_by_label("Amount")).to_have_value("1")
    _checked(rosa, "", found)
    # Then right: a quarter credit, and two hours on technology.
    _add_activity(
        rosa, "Reference interview course", "quarter", "1", "Reference and Information Services"
    )
    _add_activity(rosa, "Library apps workshop", "hours", "2", "Technology")
    expect(progress).to_contain_text("35")
    rosa.reload()
    _checked(rosa, "", found)
    _go(rosa, "Apply to renew")
    renewal = Renewal.objects.get(certificate=renewing)
    assert renewal.invoice is not None
    assert renewal.invoice.code in rosa.url
    # Its due date, and the last day it can be paid at all: the renewal page's "Pay it by".
    last = add_months(renewing.expires_on, program.renewal_grace_months)
    expect(rosa.locator("main")).to_contain_text(
        f"by {_long(renewal.invoice.due_on)}, its due date (it can still be paid until the end "
        f"of {_long(last)}, your last day to renew)"
    )
    _checked(rosa, "", found)
    card_paid(renewal.invoice, intent="pi_renewal")
    renewal = renewal_sync(renewal=renewal)
    if renewal.status == Renewal.Status.IN_AUDIT:  # chosen for an evidence check: staff approve
        renewal = renewal_decide(renewal=renewal, actor=staff, action="approve")
    assert renewal.status == Renewal.Status.APPROVED
    # Renewed: her log is the new period's; what the renewal counted is shown apart, under it
    # and the day it was approved, and none of it "does not count".
    _checked(rosa, "/renewal/", found)
    approved_on = programs_api.program_day(renewal.decided_at, program)
    earlier = rosa.locator(f"section[aria-labelledby='ce-earlier-{renewal.pk}']")
    expect(
        earlier.get_by_role(
            "heading", level=3, name=f"Counted toward your renewal approved on {_long(approved_on)}"
        )
    ).to_be_visible()
    expect(earlier).to_contain_text("Library apps workshop")
    expect(earlier).to_contain_text("Reference interview course")
    expect(earlier).not_to_contain_text("does not count")
    this_period = rosa.locator("#ce-log > table")
    expect(this_period).not_to_contain_text("Library apps workshop")
    expect(this_period.locator(".tag--warn")).to_have_count(0)

    # In the grace period, and lapsed.
    grace = in_window(
        program, timezone.localdate(), months_left=-1, name="Ada Moss", email="ada.moss@example.org"
    )
    grace.holder.set_password(DEMO_PASSWORD)
    grace.holder.save(update_fields=["password"])
    ada = open_page(**PHONE)
    sign_in(ada, "ada.moss@example.org")
    _checked(ada, "/renewal/", found)
    grace_words = ada.locator("#renewal-grace")
    expect(grace_words).to_contain_text(f"expired on {_long(grace.expires_on)}")
    expect(grace_words).to_contain_text("it is not valid now")
    expect(grace_words).to_contain_text("after that it lapses")
    _checked(ada, "/certificates/", found)
    expect(ada.locator("main")).to_contain_text("you can still renew it in the grace period")
    expect(ada.locator("main")).to_contain_text("it is now expired.")
    with ada.expect_navigation():
        ada.get_by_role("link", name="your renewal page").click()
    expect(ada.locator("#renewal-grace")).to_be_visible()
    luke = open_page(**PHONE)
    sign_in(luke, LAPSED)
    _checked(luke, "/renewal/", found)
    _checked(luke, "/certificates/", found)
    expect(luke.locator("main")).to_contain_text("It has lapsed: its last day to renew has passed.")
    expect(luke.locator("main")).to_contain_text("it is now lapsed.")
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []
