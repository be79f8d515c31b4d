"""Staff refusing a refund in a real browser: the fee of a refused renewal that the holder's
next renewal, still open, uses as its own is not refunded (ADR 0014). The invoice page's refund
form answers "Check the refund" with why and what to do instead, beside the form, nothing
refunded; the page is checked at 1280, 390 and 320 px with axe-core."""

from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.core.money import Money
from certify.payments.models import Refund
from certify.payments.services import payment_record
from certify.programs.models import Program
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_decide, renewal_submit
from tests.browser.test_form_errors import unexpected
from tests.renewals.conftest import in_window, log


def test_the_refund_of_a_fee_the_next_renewal_uses_is_refused_with_why(
    open_page: Callable[..., Page], sign_in, workspace_step, console_errors
):
    program = Program.objects.get(slug="lsscp")
    Program.objects.filter(pk=program.pk).update(renewal_audit_percent=100)
    program.refresh_from_db()
    staff = User.objects.get(email="staff@example.org")
    today = timezone.localdate()
    certificate = in_window(program, today, name="Ada Moss", email="ada.moss@example.org")
    log(certificate.holder, program=program, on=today)
    first = renewal_submit(certificate=certificate, actor=certificate.holder)
    payment_record(
        invoice=first.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
    )
    first.refresh_from_db()
    renewal_decide(renewal=first, actor=staff, action="refuse", reason="No such workshop.")
    again = renewal_submit(certificate=certificate, actor=certificate.holder)
    assert (again.invoice_id, again.status) == (first.invoice_id, Renewal.Status.IN_AUDIT)

    page = open_page()
    sign_in(page, "staff@example.org")
    page.goto(first.invoice.get_absolute_url())
    form = page.locator("form[action$='/refunds/#refund-errors']")
    form.get_by_label("Amount to refund").fill("150")
    form.get_by_label("Reason").fill("The renewal was refused.")
    with page.expect_navigation():
        form.get_by_role("button", name="Check the refund").click()
    errors = page.locator("#refund-errors")
    assert page.url.endswith("/refunds/#refund-errors")  # the refusal opens at its summary
    expect(errors).to_contain_text(f"Invoice {first.invoice.code} cannot be refunded now")
    expect(errors).to_contain_text("Decide it first: refuse it with a reason")
    workspace_step(page, "staff-refund-refused-fee-in-use")
    assert not Refund.objects.exists()
    assert unexpected(console_errors) == []  # the refusal's page answers 400
