"""The renewal fee's words at 390 and 320 px (ADR 0014), checked as the phone walks check a page
(no sideways scrolling, axe-core, headings in order, focus visible): the renewal page with the
fee still payable (its button and the last moment to pay), then, once the certificate has
lapsed, the renewal page and the invoice page with the message in place of the button, and the
staff decision page of a renewal paid after its certificate lapsed (the refusal to approve in
place of "Approve", with the way to reinstate, and what refusing does to the fee), the staff
reinstate page of its certificate (what the renewal waits for, with a link to it), and that
holder's renewal page (lapsed, her renewal with staff, who must reinstate before they can
approve it); and the staff renewals list with its filters set."""

from collections.abc import Callable
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.programs.models import Program
from certify.renewals.lifecycle import add_months
from certify.renewals.models import Renewal
from certify.renewals.services import renewal_submit, renewal_sync
from tests.payments.conftest import card_paid
from tests.renewals.conftest import in_window, log

from .test_phone_walks import walk_problems
from .test_phone_walks_more import _renewal_submitted

RENEWING = "renewing@example.org"
ADA = "ada.moss@example.org"


def _lapse(certificate: Certificate) -> None:
    """Its last day to renew passed a week ago: expired more than the grace period ago."""
    program = certificate.program
    today = timezone.localdate()
    expires: date = add_months(today - timedelta(days=7), -program.renewal_grace_months)
    issued = add_months(expires, -12 * program.certificate_validity_years)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=expires, issued_on=issued)


def test_the_renewal_fee_pages_read_on_a_phone(
    open_page: Callable[..., Page], sign_in, site_url, console_errors
):
    program = Program.objects.get(slug="lsscp")
    program.contact_email = "renewals@lsscp.example.org"
    program.save(update_fields=["contact_email"])
    staff = User.objects.get(email="staff@example.org")
    renewing, _lapsed = demo_renewals_create(program=program, staff=staff)
    renewal = Renewal.objects.get(pk=_renewal_submitted(program, renewing))
    assert renewal.invoice is not None
    payable = open_page()
    sign_in(payable, RENEWING)
    payable.goto("/renewal/")
    assert payable.locator("#renewal-pay-by").is_visible()
    found = {
        f"fee payable: {k}": v
        for k, v in walk_problems(open_page, sign_in, {RENEWING: ["/renewal/"]}).items()
    }

    _lapse(renewing)
    late = in_window(program, timezone.localdate(), name="Ada Moss", email=ADA)
    log(late.holder, program=program, on=timezone.localdate())
    paid_late = renewal_submit(certificate=late, actor=late.holder)
    _lapse(late)
    card_paid(paid_late.invoice, intent="pi_late")
    paid_late = renewal_sync(renewal=paid_late)
    assert paid_late.status == Renewal.Status.IN_AUDIT
    late.holder.set_password(DEMO_PASSWORD)  # she signs in as a person would
    late.holder.save(update_fields=["password"])

    lapsed = open_page()
    sign_in(lapsed, RENEWING)
    lapsed.goto("/renewal/")
    assert "the renewal can no longer be paid" in lapsed.locator("#renewal-apply").inner_text()
    # Lapsed with her renewal in staff's hands, its fee paid after the lapse: staff reinstate
    # her certificate before they can approve it, or refuse it and decide on the fee.
    with_staff = open_page()
    sign_in(with_staff, ADA)
    with_staff.goto("/renewal/")
    said = with_staff.locator("#renewal-lapsed-with-staff").inner_text()
    assert "program staff cannot approve the renewal as it stands" in said
    assert "a refusal does not refund the fee by itself" in said
    staff_page = open_page()
    sign_in(staff_page, "staff@example.org")
    staff_page.goto(f"/staff/renewals/{paid_late.pk}/")
    assert "Reinstate it first" in staff_page.locator("#approval-refused").inner_text()
    # Before they refuse: what a refusal does to the fee paid after the lapse (nothing).
    fee_words = staff_page.locator("#refusal-fee")
    assert fee_words.is_visible()
    assert "pays for nothing while the certificate is lapsed" in fee_words.inner_text()
    reinstate = reverse("renewals:staff_reinstate", args=[late.pk])
    staff_page.goto(reinstate)
    waiting = staff_page.locator("#reinstate-renewal-open").inner_text()
    assert "cannot be approved until you reinstate the certificate" in waiting
    found |= walk_problems(
        open_page,
        sign_in,
        {
            RENEWING: ["/renewal/", renewal.invoice.get_absolute_url()],
            "staff@example.org": [
                f"/staff/renewals/{paid_late.pk}/",
                reinstate,
                # The staff renewals list with its filters set, the filter form open at 320 px.
                "/staff/renewals/?status=in_audit&audited=no&q=Ada&program=lsscp",
                "/staff/renewals/?status=submitted&audited=yes",
            ],
            ADA: ["/renewal/", "/renewal/?program=lsscp"],
        },
    )
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_errors == []
