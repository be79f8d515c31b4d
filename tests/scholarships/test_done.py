"""The issue's "done when", end to end on the real LSSCP definition and SSD's default fund."""

from datetime import date

import pytest
from django.urls import reverse

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.payments.api import enrollment_invoice_get_or_create
from certify.scholarships.eligibility import add_months
from certify.scholarships.services import ApplicationRefusedError, application_award
from tests.factories import FundFactory, UserFactory
from tests.scholarships.conftest import apply


def test_done_when(client, lsscp, ssd, ssd_org, enrollment_fund, ce_fund, committee, make_member):
    # A non-SSD member cannot apply (OLA membership alone is not enough).
    with pytest.raises(ApplicationRefusedError) as refused:
        apply(enrollment_fund, UserFactory(full_name="Olga Ola-only"))
    assert str(refused.value) == "Only SSD members can apply; joining SSD is free."

    # The USD 200 award lowers the LSSCP enrollment balance by as much.
    dana = make_member(full_name="Dana Okafor")
    invoice = enrollment_invoice_get_or_create(user=dana, program=lsscp, actor=dana)
    assert invoice.amount_due == lsscp.enrollment_fee
    application_award(application=apply(enrollment_fund, dana), actor=committee)
    invoice.refresh_from_db()
    assert invoice.amount_due == lsscp.enrollment_fee - Money(20000)
    client.force_login(dana)
    page = client.get(invoice.get_absolute_url()).text
    assert "SSD LSSCP Enrollment Scholarship: scholarship award" in page
    assert str(lsscp.enrollment_fee - Money(20000)) in page

    # A sixth USD 200 award from the USD 1,000 fund is refused with a clear message.
    waiting = [apply(enrollment_fund, make_member()) for _ in range(5)]
    for application in waiting[:4]:
        application_award(application=application, actor=committee)
    with pytest.raises(DomainError) as refused:
        application_award(application=waiting[4], actor=committee)
    assert refused.value.message == (
        "The SSD LSSCP Enrollment Scholarship has made all 5 of its awards ($1,000.00 of its "
        "$1,000.00 budget is committed or paid): nothing is left to award."
    )

    # Awarded 17 months ago: no other SSD award (from any SSD fund); 19 months ago: one is.
    awarded_on = date(2025, 3, 3)
    class_fund = FundFactory(
        sponsor=ssd,
        name="SSD Class Scholarship",
        pays_enrollment=False,
        pays_class=True,
        opens_on=awarded_on,
        required_organisations=[ssd_org],
    )
    for months, allowed in ((17, False), (19, True)):
        person = make_member()
        first = apply(ce_fund, person, on=awarded_on, purpose="class", class_details="Class 1")
        application_award(application=first, actor=committee, today=awarded_on)
        later = add_months(awarded_on, months)
        if allowed:
            second = apply(class_fund, person, on=later, class_details="Class 2")
            assert application_award(application=second, actor=committee, today=later).pk
        else:
            with pytest.raises(ApplicationRefusedError, match="one award per person in any 18"):
                apply(class_fund, person, on=later, class_details="Class 2")

    # The candidate's page says so in words.
    client.force_login(UserFactory(full_name="Olga Ola-only"))
    assert (
        "Only SSD members can apply; joining SSD is free."
        in client.get(reverse("scholarships:index")).text
    )
