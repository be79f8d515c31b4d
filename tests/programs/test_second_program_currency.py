"""A program's currency is a setting staff change through the settings service and page (ADR
0055), one of a list of ISO 4217 codes counted in cents; the fees are labeled and asked for in it.
A change applies to new invoices: those already issued, and their replacements, keep theirs
(tests/programs/second_program.py sets RMT up as its staff would)."""

import pytest
from django.urls import reverse

from certify.core.models import AuditEvent
from certify.core.services import audit_record
from certify.payments.api import enrollment_invoice_get_or_create, invoice_reissue
from certify.programs.models import Program
from certify.programs.setup import SettingsInvalidError, program_settings_update
from tests.factories import UserFactory
from tests.programs.second_program import rmt_set_up


@pytest.fixture
def rmt(lsscp, staff):
    return rmt_set_up(staff)


def _money(program, **typed) -> dict[str, str]:
    data = {
        "money-currency": program.currency,
        "money-enrollment_fee_cents": "200.00",
        "money-member_organisation": "",
        "money-member_fee_cents": "200.00",
        "money-renewal_fee_cents": "90",
        "money-course_approval_fee_cents": "50",
        "money-payment_timing": program.payment_timing,
        "money-accepts_card": "on",
        "money-accepts_check": "on",
    }
    return {**data, **{f"money-{name}": value for name, value in typed.items()}}


def test_staff_change_the_currency_through_the_settings_service(rmt, staff):
    rmt = program_settings_update(
        program=rmt, actor=staff, section="money", data={"currency": "CAD"}
    )
    assert rmt.currency == "CAD"
    assert str(rmt.enrollment_fee) == "CA$200.00"
    event = AuditEvent.objects.filter(verb="program.settings_changed").latest("pk")
    assert event.data["changes"] == {"currency": ["USD", "CAD"]}


@pytest.mark.parametrize("code", ["JPY", "usd", "XYZ", "", "DOLLARS"])
def test_a_currency_not_offered_is_refused_beside_the_field(rmt, staff, code):
    with pytest.raises(SettingsInvalidError) as refused:
        program_settings_update(program=rmt, actor=staff, section="money", data={"currency": code})
    assert "Choose a currency from the list" in refused.value.fields["currency"]
    rmt.refresh_from_db()
    assert rmt.currency == "USD"


def test_invoices_already_issued_keep_their_currency(rmt, staff):
    first = enrollment_invoice_get_or_create(user=UserFactory(), program=rmt, actor=staff)
    rmt = program_settings_update(
        program=rmt, actor=staff, section="money", data={"currency": "EUR"}
    )
    first.refresh_from_db()
    assert first.currency == "USD"
    replacement = invoice_reissue(invoice=first, reason="A new due date.", actor=staff)
    assert (replacement.currency, replacement.total_cents) == ("USD", first.total_cents)
    later = enrollment_invoice_get_or_create(user=UserFactory(), program=rmt, actor=staff)
    assert (later.currency, later.total_cents) == ("EUR", 20000)


def test_the_settings_page_sets_the_currency_and_asks_fees_in_it(rmt, staff, client):
    client.force_login(staff)
    url = reverse("programs:setup_settings", args=["rmt"])
    page = client.get(url).text
    assert "Enrollment fee (US dollars)" in page
    assert '<option value="USD" selected>USD (US dollars)</option>' in page
    assert "dollars and cents" not in page
    section = reverse("programs:setup_section", args=["rmt", "money"])
    assert client.post(section, _money(rmt, currency="EUR")).status_code == 302
    rmt.refresh_from_db()
    assert rmt.currency == "EUR"
    page = client.get(url).text
    assert "Enrollment fee (euros)" in page
    assert "Renewal fee (euros)" in page
    refused = client.post(section, _money(rmt, enrollment_fee_cents="two hundred"))
    assert refused.status_code == 400
    assert "Enter an amount in euros and cents, for example 325 or 162.50." in refused.text
    refused = client.post(section, _money(rmt, currency="JPY"))
    assert refused.status_code == 400
    assert "Choose a currency from the list." in refused.text
    assert 'value="200.00"' in refused.text  # the fees typed are kept


def test_the_history_shows_each_amount_in_the_currency_in_force_when_it_changed(rmt, staff, client):
    # A change recorded before the currency was (the audit trail is append-only: written so):
    # its amounts are in the currency then in force, which the later change of currency shows.
    Program.objects.filter(pk=rmt.pk).update(renewal_fee_cents=9500)
    audit_record(
        actor=staff,
        verb="program.settings_changed",
        target=rmt,
        data={"section": "money", "changes": {"renewal_fee_cents": [9000, 9500]}},
    )
    rmt.refresh_from_db()
    update = program_settings_update
    rmt = update(
        program=rmt,
        actor=staff,
        section="money",
        data={"currency": "EUR", "renewal_fee_cents": 10000},
    )
    rmt = update(program=rmt, actor=staff, section="money", data={"renewal_fee_cents": 11000})
    event = AuditEvent.objects.filter(verb="program.settings_changed").latest("pk")
    assert event.data["currency"] == "EUR"
    client.force_login(staff)
    page = client.get(reverse("programs:setup_settings", args=["rmt"])).text
    history = page.split('id="history-title"', 1)[1]
    assert "Renewal fee: €100.00 → €110.00" in history
    assert "Currency: USD (US dollars) → EUR (euros)" in history
    assert "Renewal fee: $95.00 → €100.00" in history
    assert "Renewal fee: $90.00 → $95.00" in history
    assert history.count("was not recorded") == 1
    note = history.split("Renewal fee: $90.00 → $95.00", 1)[1].split("<li><p>", 1)[0]
    assert "Amounts in USD (US dollars): the currency was not recorded with this change" in note
