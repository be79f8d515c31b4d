from certify.loaddata.demo.accounts import demo_accounts_create
from certify.memberships.api import membership_is_confirmed
from certify.payments.models import Invoice


def test_the_demo_candidate_is_an_ala_member_who_paid_the_member_price(lsscp):
    demo_accounts_create()
    demo_accounts_create()  # safe to run again
    invoice = Invoice.objects.get()
    assert (invoice.user.email, invoice.status, invoice.total_cents) == (
        "candidate@example.org",
        "paid",
        lsscp.member_fee_cents,
    )
    assert invoice.payments.count() == 1
    assert membership_is_confirmed(user=invoice.user, organisation_code="ALA", on=invoice.issued_on)
