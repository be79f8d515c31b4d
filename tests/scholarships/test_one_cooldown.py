"""One award per person in so many months is the sponsor's rule, across all its funds (PRODUCT:
one SSD award in any 18 months, across all SSD scholarships): a fund cannot set its own. The
number is kept on each fund, the same on all: changing it on one changes it on each, a new fund
takes the sponsor's, and the migration gave funds that differed the longest of theirs."""

from importlib import import_module

from django.apps import apps
from django.urls import reverse

from certify.core.models import AuditEvent
from certify.scholarships import services
from certify.scholarships.models import Fund
from tests.factories import FundFactory
from tests.scholarships.test_funds_api import FUND


def test_a_change_on_one_fund_is_the_rule_of_every_fund_of_the_sponsor(
    ssd, ssd_admin, enrollment_fund, ce_fund
):
    services.fund_save(sponsor=ssd, actor=ssd_admin, fund=ce_fund, cooldown_months=0)
    assert set(Fund.objects.filter(sponsor=ssd).values_list("cooldown_months", flat=True)) == {0}
    entry = AuditEvent.objects.filter(verb="scholarship.fund_changed").latest("pk")
    assert entry.data["cooldown_months_also_for"] == enrollment_fund.name


def test_other_sponsors_keep_their_own_rule(ssd, ssd_admin, enrollment_fund):
    elsewhere = FundFactory(cooldown_months=12)
    services.fund_save(sponsor=ssd, actor=ssd_admin, fund=enrollment_fund, cooldown_months=24)
    elsewhere.refresh_from_db()
    assert elsewhere.cooldown_months == 12


def test_a_new_fund_takes_the_sponsors_rule_on_the_form_and_in_the_api(
    client, ssd, ssd_admin, enrollment_fund
):
    Fund.objects.filter(sponsor=ssd).update(cooldown_months=24)
    client.force_login(ssd_admin)
    form = client.get(reverse("scholarships:fund_create", args=[ssd.slug])).text
    assert 'name="cooldown_months" value="24"' in form
    assert "changing it here changes it for each of them" in form
    made = client.post(
        f"/api/v1/sponsor/scholarships/sponsors/{ssd.slug}/funds",
        FUND,  # says no number of months
        content_type="application/json",
    )
    assert made.status_code == 201, made.text
    assert Fund.objects.get(slug=made.json()["slug"]).cooldown_months == 24
    assert set(Fund.objects.filter(sponsor=ssd).values_list("cooldown_months", flat=True)) == {24}


def test_the_migration_gives_a_sponsors_funds_the_longest_of_theirs(ssd, enrollment_fund):
    FundFactory(sponsor=ssd, cooldown_months=0)
    FundFactory(sponsor=ssd, cooldown_months=12)
    migration = import_module("certify.scholarships.migrations.0006_one_cooldown_per_sponsor")
    migration.one_rule_per_sponsor(apps, None)
    assert set(Fund.objects.filter(sponsor=ssd).values_list("cooldown_months", flat=True)) == {
        max(18, enrollment_fund.cooldown_months)
    }
