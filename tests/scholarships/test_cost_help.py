"""A program's costs page lists the funds that pay its fees from the funds' own figures, so a
change on the fund's page is what the program's page says; LSSCP's prose writes none of them
out (ADR 0020). Another program's page lists its own funds, never SSD's."""

from django.urls import reverse

from certify.scholarships.models import Fund
from tests.factories import FundFactory, ProgramFactory


def _costs(client, program):
    return client.get(reverse("programs:costs", args=[program.slug])).text


def test_the_costs_page_lists_the_funds_figures_and_follows_a_change_of_them(
    client, lsscp, enrollment_fund
):
    page = _costs(client, lsscp)
    assert "SSD LSSCP Enrollment Scholarship" in page
    assert "$1,000.00 in all: five awards of $200.00 toward the enrollment fee." in page
    assert "One award per person in any 18 months, counting all SSD scholarships together." in page

    Fund.objects.filter(pk=enrollment_fund.pk).update(
        budget_cents=150_000, award_cents=30_000, max_awards=5
    )
    Fund.objects.filter(sponsor=enrollment_fund.sponsor).update(cooldown_months=12)
    page = _costs(client, lsscp)
    assert "$1,500.00 in all: five awards of $300.00 toward the enrollment fee." in page
    assert "in any 12 months" in page
    assert "five awards of $200.00" not in page
    assert "18 months" not in page


def test_a_closed_or_inactive_fund_is_not_offered(client, lsscp, enrollment_fund, ce_fund):
    Fund.objects.filter(pk=enrollment_fund.pk).update(is_active=False)
    page = _costs(client, lsscp)
    assert "SSD LSSCP Enrollment Scholarship" not in page
    assert "SSD Continuing Education Scholarship" in page


def test_another_programs_costs_page_lists_its_own_funds_and_none_of_ssds(client, lsscp, ssd):
    other = ProgramFactory(
        slug="rmt", name="Records Management Technician", short_name="RMT", currency="CAD",
        is_published=True, help_with_costs="",
    )  # fmt: skip
    page = _costs(client, other)
    assert "SSD" not in page
    assert "Help with costs" not in page
    FundFactory(
        program=other, name="Records Bursary", currency="CAD", budget_cents=60_000,
        award_cents=30_000, max_awards=2, cooldown_months=0,
    )  # fmt: skip
    page = _costs(client, other)
    assert "Help with costs" in page
    assert "Records Bursary" in page
    assert "CA$600.00 in all: two awards of CA$300.00 toward the enrollment fee." in page
    assert "SSD" not in page
    assert "One award per person" not in page


def test_the_funds_seed_description_writes_none_of_its_figures(ssd, enrollment_fund):
    """The fund's page shows its figures from its fields; a running site's seed text changes."""
    from importlib import import_module

    from django.apps import apps

    from certify.scholarships.defaults import FUNDS

    assert all("USD" not in fund["description"] for fund in FUNDS)
    migration = import_module(
        "certify.scholarships.migrations.0007_fund_description_without_figures"
    )
    Fund.objects.filter(pk=enrollment_fund.pk).update(description=migration.BEFORE)
    migration.forward(apps, None)
    enrollment_fund.refresh_from_db()
    assert enrollment_fund.description == migration.NOW
