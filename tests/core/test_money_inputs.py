"""Every money field of the site's forms shows the amount it edits, in dollars.

The course form's tuition came back empty when a provider edited a course (the field was declared
on the form but left out of the model fields the form fills from the course), so saving any change
to the course asked for the tuition again. Each edit form is rendered here for an existing
object, and its money input must hold the stored amount.
"""

import re

import pytest
from django.urls import reverse

from certify.accounts.models import Role
from certify.core.forms import AmountField, amount_text
from certify.core.money import Money
from certify.courses.forms import CostField, CourseForm
from certify.payments.api import enrollment_invoice_get_or_create
from certify.scholarships.api import defaults_ensure
from certify.scholarships.models import Fund, SponsorMember
from tests.factories import CourseFactory, ProviderFactory, UserFactory


def input_value(html: str, name: str) -> str | None:
    """The value of the input named `name` in `html` (None when it has no value)."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert tag is not None, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


@pytest.mark.parametrize(
    ("cents", "typed"), [(0, "0.00"), (25_000, "250.00"), (125_050, "1250.50"), (7, "0.07")]
)
def test_an_amount_in_cents_is_shown_in_dollars_and_reads_back_the_same(cents, typed):
    assert amount_text(cents) == typed
    assert AmountField().prepare_value(Money(cents, "USD")) == typed
    assert CostField().prepare_value(cents) == typed
    assert CostField().clean(typed) == cents  # what is shown is what is read back


def test_text_already_typed_is_shown_as_it_was_typed():
    assert AmountField().prepare_value("$1,250.5") == "$1,250.5"
    assert CostField().prepare_value(None) is None


def test_the_course_form_fills_the_tuition_from_the_course(lsscp):
    course = CourseFactory(competency_set=lsscp.competency_sets.get(code="CT"), cost_cents=125_050)
    assert CourseForm(instance=course).initial["cost_cents"] == 125_050
    assert 'value="1250.50"' in str(CourseForm(instance=course)["cost_cents"])


def test_the_provider_editing_a_course_sees_its_tuition_and_saving_keeps_it(client, lsscp):
    user = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[user])
    course = CourseFactory(
        provider=provider, competency_set=lsscp.competency_sets.get(code="CT"), cost_cents=125_050
    )
    client.force_login(user)
    url = reverse("courses:course_edit", args=[provider.pk, course.pk])
    page = client.get(url).text
    assert input_value(page, "cost_cents") == "1250.50"

    # Saving the form as it came (only the title changed) keeps the tuition.
    form = CourseForm(instance=course)
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(
        title="A new title",
        cost_cents=input_value(page, "cost_cents"),
        competency_set=course.competency_set_id,
        start_date=course.start_date.isoformat(),
    )
    data.pop("self_paced")
    response = client.post(url, data)
    assert response.status_code == 302, response.text
    course.refresh_from_db()
    assert (course.title, course.cost_cents) == ("A new title", 125_050)


def test_a_course_form_sent_back_with_an_error_keeps_the_tuition_typed(client, lsscp):
    user = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[user])
    course = CourseFactory(provider=provider, competency_set=lsscp.competency_sets.get(code="CT"))
    client.force_login(user)
    url = reverse("courses:course_edit", args=[provider.pk, course.pk])
    response = client.post(url, {"title": "", "cost_cents": "$1,999.99"})
    assert response.status_code == 400
    assert input_value(response.text, "cost_cents") == "$1,999.99"


def test_the_sponsor_editing_a_fund_sees_its_budget_and_award(client, db):
    sponsor = defaults_ensure()
    fund = Fund.objects.get(slug="ssd-lsscp-enrollment")
    Fund.objects.filter(pk=fund.pk).update(budget_cents=123_456, award_cents=20_050)
    admin = UserFactory(roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=sponsor, user=admin, role=SponsorMember.Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("scholarships:fund_edit", args=[fund.slug])).text
    assert input_value(page, "budget") == "1234.56"
    assert input_value(page, "award") == "200.50"


def test_staff_recording_a_payment_see_the_amount_due_in_dollars(client, lsscp):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    invoice = enrollment_invoice_get_or_create(user=candidate, program=lsscp, actor=candidate)
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    client.force_login(staff)
    page = client.get(invoice.get_absolute_url()).text
    assert input_value(page, "amount") == amount_text(invoice.amount_due.cents)
    assert input_value(page, "amount") == f"{lsscp.enrollment_fee_cents // 100}.00"


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("currency", "typed", "cents"),
    [
        ("USD", "$1,325.50", 132_550),
        ("USD", "usd 300", 30_000),
        ("CAD", "CA$300", 30_000),
        ("CAD", "$300", 30_000),
        ("EUR", "€ 1,325.00", 132_500),
        ("EUR", "300 EUR", 30_000),
        ("GBP", "£300", 30_000),
        ("MXN", "MX$300", 30_000),
    ],
)
def test_an_amount_takes_the_marks_of_its_own_currency(currency, typed, cents):
    assert AmountField(currency=currency).clean(typed) == Money(cents, currency)
    assert CostField(currency=currency).clean(typed) == cents


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("currency", "typed", "mark"),
    [
        ("EUR", "$300", "$"),
        ("GBP", "$300", "$"),
        ("CHF", "$300", "$"),
        ("USD", "€300", "€"),
        ("USD", "£300", "£"),
        ("USD", "CA$300", "CA$"),
        ("CAD", "US$300", "US$"),
        ("EUR", "300 USD", "USD"),
    ],
)
def test_an_amount_typed_with_another_currencys_mark_is_refused_in_words(currency, typed, mark):
    from django import forms

    from certify.core.money import currency_name

    for field in (AmountField(currency=currency), CostField(currency=currency)):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(typed)
        message = refused.value.messages[0]
        assert f"Amounts here are in {currency_name(currency)}" in message
        assert f"“{mark}”" in message


@pytest.mark.database_free
def test_a_price_whose_program_is_not_known_yet_takes_any_mark():
    assert CostField(currency="").clean("€250") == 25_000
    assert CostField(currency="").clean("$250") == 25_000
