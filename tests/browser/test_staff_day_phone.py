"""A program staff member's day on a phone, at 390 then 320 px: signed in with password and
authenticator app (program staff need two-factor in production: MFA_REQUIRED_ROLES), Sam opens
the staff home and the applications queue filtered to education outside the US; accepts that
application case by case with a reason (refused without one first: the summary takes the
focus); asks another candidate for more information; rejects a third, whose paid fee is
refunded; opens the renewals chosen for an evidence check, passes one and asks for more evidence
on the other; suspends a certificate and reinstates it, revokes another with a reason (each
behind its confirmation page); and extends an enrolled candidate's completion deadline. Two
tabs left open from before answer with where things are now (the workflow's words for a page out
of date, ADR 0018): a renewal decided meanwhile, and a suspension confirmed after the revocation.

Every page is checked by `phone_problems` (no sideways scrolling at 390 or 320 px, no serious
axe-core violation, one h1 and no skipped level, targets large enough, text spacing, the focus
visible for the first keyboard stops) and for words a staff member would not use (a stored
status value, "None", "True"). The data: tests/browser/staff_day.py."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.payments.models import Invoice
from certify.renewals.models import Renewal

from .staff_day import STAFF, Day, sign_in_with_app, staff_day_create
from .test_phone_walks import PHONE, button_go, problems_noted

pytestmark = pytest.mark.django_db(transaction=True)

# What a page must not say to staff: the stored values of statuses and choices, Python's words;
# and a cell or line that says only "None" (Python's empty value, where a person writes "No file").
MACHINE_WORDS = re.compile(r"\b(more_info|in_audit|more_evidence|submitted_at|True|False|null)\b")
ONLY_NONE = """() => [...document.querySelectorAll("main *")]
  .filter((e) => e.children.length === 0 && e.textContent.trim() === "None").length"""


@pytest.fixture
def day(site_url, settings) -> Day:
    return staff_day_create(settings)


def _noted(page: Page, found: dict[str, list[str]], label: str, path: str = "") -> None:
    if path:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
    words = MACHINE_WORDS.findall(page.locator("main").inner_text())
    if page.evaluate(ONLY_NONE):
        words.append("None")
    if words:
        found.setdefault(label, []).append(f"machine words: {sorted(set(words))}")
    problems_noted(page, found, label)
    if not found.get(label):
        found.pop(label, None)


def _focus_on(page: Page, summary_id: str) -> None:
    expect(page.locator(f"#{summary_id}")).to_be_visible()
    assert page.evaluate("() => document.activeElement.id") == summary_id


def _reason(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Reason").fill(text)


def _on_screen(page: Page, cell: str) -> None:
    """At 320 px the table's rows are cards: `cell` (a column's label) of the first row is on the
    screen, not at the far end of a table scrolled sideways inside its region."""
    page.set_viewport_size({"width": 320, "height": 844})
    box = page.locator(f"td[data-label='{cell}']").first.bounding_box()
    assert box is not None, (page.url, cell)
    assert box["x"] >= 0, (page.url, cell, box)
    assert box["x"] + box["width"] <= 320, (page.url, cell, box)


def _tab(page: Page, path: str) -> Page:
    """Another tab of the same browser (signed in), opened at `path` and left there."""
    tab = page.context.new_page()
    tab.set_viewport_size({"width": 320, "height": 844})
    response = tab.goto(path)
    assert response is not None
    assert response.status == 200, path
    return tab


def _said(page: Page, words: str) -> None:
    expect(page.get_by_role("main")).to_contain_text(words)


def test_a_staff_members_day_on_a_phone(open_page: Callable[..., Page], day: Day, console_errors):
    found: dict[str, list[str]] = {}
    page = open_page(**PHONE)
    sign_in_with_app(page, STAFF, day.secret)
    _noted(page, found, "staff home", "/staff/")

    # The queue, filtered to education outside the US: only Amara's application.
    _noted(page, found, "applications", "/staff/applications/")
    page.get_by_label("Education outside the US").check()
    button_go(page, re.compile(r"^Filter$"))
    expect(page.get_by_role("link", name="Amara Eze")).to_be_visible()
    expect(page.get_by_role("link", name="Kim Lowe")).to_have_count(0)
    _noted(page, found, "applications filtered")

    # Case by case: accepting needs a reason, which the candidate reads.
    with page.expect_navigation():
        page.get_by_role("link", name="Amara Eze").click()
    _said(page, "Education outside the US is decided case by case")
    _noted(page, found, "application outside the US")
    page.get_by_role("radio", name=re.compile(r"^Accept")).check()
    button_go(page, "Record the decision")
    _focus_on(page, "decide-errors")
    _noted(page, found, "application outside the US, no reason")
    _reason(
        page, "Her Nigerian senior secondary certificate (WAEC) equals a US high-school diploma."
    )
    button_go(page, "Record the decision")
    _said(page, "You accepted the application. The candidate was told.")
    _noted(page, found, "application outside the US, accepted")
    day.outside_us.refresh_from_db()
    assert day.outside_us.status == Application.Status.ACCEPTED

    # More information from Maria.
    _noted(page, found, "application", f"/staff/applications/{day.more_info.pk}/")
    page.get_by_role("radio", name=re.compile(r"^Ask for more information")).check()
    _reason(page, "Please add the dates of your work at the school library.")
    button_go(page, "Record the decision")
    _said(page, "You asked the candidate for more information.")
    _noted(page, found, "application, more information asked")
    day.more_info.refresh_from_db()
    assert day.more_info.status == Application.Status.MORE_INFO

    # Kim is not eligible: the consequence is said before, the fee refunded after.
    _noted(page, found, "application to reject", f"/staff/applications/{day.rejected.pk}/")
    _said(page, "An enrollment fee they paid is refunded")
    page.get_by_role("radio", name=re.compile(r"^Reject")).check()
    _reason(page, "The hours at the bookshop are not library experience.")
    button_go(page, "Record the decision")
    _said(page, "You did not accept the application.")
    _noted(page, found, "application, rejected")
    day.fee.refresh_from_db()
    assert day.fee.status == Invoice.Status.REFUNDED, day.fee.status
    _noted(page, found, "the refunded fee", f"/payments/invoices/{day.fee.code}/")

    # The renewals to check: one passes, the other needs more evidence. Ivan's is also open in a
    # second tab, left behind; and a suspension of Ben's certificate waits in a third.
    old_renewal = _tab(page, f"/staff/renewals/{day.asked_more.pk}/")
    old_confirmation = _tab(page, f"/staff/certificates/{day.revoked.pk}/suspend/confirm/")
    _noted(page, found, "renewals", "/staff/renewals/")
    _on_screen(page, "Status")
    for renewal, action, reason, done in (
        (day.passes, r"^Approve", "", "You approved the renewal"),
        (
            day.asked_more,
            r"^Ask for more evidence",
            "Please upload the certificate of the cybersecurity course.",
            "You asked for more evidence",
        ),
    ):
        number = renewal.certificate.number
        with page.expect_navigation():
            page.get_by_role("link", name=number).click()
        _noted(page, found, f"renewal {action}")
        _on_screen(page, "Evidence")
        page.get_by_role("radio", name=re.compile(action)).check()
        if reason:  # sent without its reason first: the summary, with the focus, and the choice
            button_go(page, "Save the decision")
            _focus_on(page, "decide-errors")
            expect(page.get_by_role("radio", name=re.compile(action))).to_be_checked()
            _noted(page, found, f"renewal {action} refused")
            _reason(page, reason)
        button_go(page, "Save the decision")
        _said(page, done)
        _noted(page, found, f"renewal {action} decided")
        page.goto("/staff/renewals/")
    # The tab left behind: its approval is refused, said on the renewal's page as it is now.
    old_renewal.get_by_role("radio", name=re.compile(r"^Approve")).check()
    button_go(old_renewal, "Save the decision")
    assert old_renewal.url.endswith(f"/staff/renewals/{day.asked_more.pk}/#main")
    _said(old_renewal, "This renewal is “More evidence asked for” now, so it cannot become")
    _said(old_renewal, "the page you used was out of date. Here is its current page.")
    _noted(old_renewal, found, "renewal decided in another tab")
    day.passes.refresh_from_db()
    day.asked_more.refresh_from_db()
    assert day.passes.status == Renewal.Status.APPROVED
    assert day.asked_more.status == Renewal.Status.MORE_EVIDENCE

    # A certificate suspended, then reinstated; another revoked. Each asks first.
    _noted(page, found, "certificates", "/staff/certificates/")
    _on_screen(page, "Status")
    for certificate, moves in (
        (day.suspended, ("suspend", "reinstate")),
        (day.revoked, ("revoke",)),
    ):
        _noted(page, found, f"certificate {moves}", f"/staff/certificates/{certificate.pk}/")
        for move in moves:
            with page.expect_navigation():
                page.get_by_role("link", name=f"{move.title()} this certificate…").click()
            _noted(page, found, f"confirm {move}")
            # The reason is required (the browser says so first; the server's own refusal:
            # tests/certificates/test_staff_confirmations.py).
            expect(page.get_by_label(f"Why {move} it?")).to_have_attribute("required", "")
            page.get_by_label(f"Why {move} it?").fill(f"Checked with the library board: {move}.")
            button_go(page, f"Yes, {move} certificate {certificate.number}")
            _noted(page, found, f"certificate after {move}")
    # The suspension confirmed from the tab opened before the revocation: refused, in words.
    old_confirmation.get_by_label("Why suspend it?").fill("A complaint from the library.")
    button_go(old_confirmation, f"Yes, suspend certificate {day.revoked.number}")
    assert old_confirmation.url.endswith(f"/staff/certificates/{day.revoked.pk}/#main")
    _said(
        old_confirmation,
        "This certificate is “Revoked” now, so it cannot become “Suspended”: the page you used "
        "was out of date. Here is its current page.",
    )
    _noted(old_confirmation, found, "certificate confirmed in another tab")
    day.suspended.refresh_from_db()
    day.revoked.refresh_from_db()
    assert day.suspended.status == Certificate.Status.VALID
    assert day.revoked.status == Certificate.Status.REVOKED

    # The completion deadline, extended by six months.
    _noted(page, found, "enrolled application", f"/staff/applications/{day.accepted.pk}/")
    new_deadline = day.accepted.completion_deadline + timedelta(days=182)
    page.get_by_label("New deadline").fill(new_deadline.isoformat())
    _reason(page, "Family leave for five months.")
    button_go(page, "Extend the deadline")
    _said(page, "The deadline is extended.")
    _noted(page, found, "deadline extended")
    day.accepted.refresh_from_db()
    assert day.accepted.completion_deadline == new_deadline

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 400" not in e] == []
