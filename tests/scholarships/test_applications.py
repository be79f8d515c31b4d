"""Applying: who may, what they must say, and the reasons when they may not."""

from datetime import date

import pytest

from certify.core.models import AuditEvent
from certify.scholarships.models import ScholarshipApplication
from certify.scholarships.services import (
    ApplicationRefusedError,
    application_award,
    application_withdraw,
)
from tests.conftest import count_queries
from tests.factories import FundFactory, UserFactory
from tests.scholarships.conftest import apply


def test_an_ssd_member_applies_with_a_short_statement(enrollment_fund, member):
    application = apply(enrollment_fund, member, statement="  I want to be certified.  ")
    assert application.status == ScholarshipApplication.Status.SUBMITTED
    assert (application.statement, application.purpose) == ("I want to be certified.", "enrollment")
    assert AuditEvent.objects.filter(verb="scholarship.applied", actor=member).exists()


def test_a_non_ssd_member_cannot_apply_and_is_told_joining_is_free(enrollment_fund):
    ola_only = UserFactory()
    with pytest.raises(ApplicationRefusedError) as refused:
        apply(enrollment_fund, ola_only)
    assert refused.value.problems == ["Only SSD members can apply; joining SSD is free."]
    assert not ScholarshipApplication.objects.exists()


def test_a_pending_or_expired_ssd_membership_is_not_enough(enrollment_fund, ssd_org):
    from tests.factories import MembershipFactory

    pending, lapsed = UserFactory(), UserFactory()
    MembershipFactory(user=pending, organisation=ssd_org, status="pending")
    MembershipFactory(user=lapsed, organisation=ssd_org, expires_on=date(2020, 1, 1))
    for person in (pending, lapsed):
        with pytest.raises(ApplicationRefusedError, match="Only SSD members can apply"):
            apply(enrollment_fund, person)


def test_every_problem_is_listed_at_once_by_field(enrollment_fund):
    with pytest.raises(ApplicationRefusedError) as refused:
        apply(enrollment_fund, UserFactory(), statement="   ")
    assert refused.value.fields == {
        "statement": "Write a short statement: why you are applying and how it helps."
    }
    assert refused.value.problems == ["Only SSD members can apply; joining SSD is free."]


def test_a_long_statement_is_refused_with_its_length(enrollment_fund, member):
    with pytest.raises(ApplicationRefusedError) as refused:
        apply(enrollment_fund, member, statement="x" * 2001)
    assert refused.value.fields["statement"] == (
        "Keep your statement to 2,000 characters; it has 2,001."
    )
    apply(enrollment_fund, member, statement="x" * 2000)


def test_one_application_per_fund_until_it_is_withdrawn(enrollment_fund, member):
    first = apply(enrollment_fund, member)
    with pytest.raises(ApplicationRefusedError, match="You applied to the SSD LSSCP Enrollment"):
        apply(enrollment_fund, member)
    application_withdraw(application=first, actor=member)
    assert apply(enrollment_fund, member).pk != first.pk


def test_only_the_applicant_withdraws_and_only_while_waiting(enrollment_fund, member, committee):
    from certify.core.errors import DomainError

    application = apply(enrollment_fund, member)
    with pytest.raises(DomainError, match="This is not your application"):
        application_withdraw(application=application, actor=UserFactory())
    application_withdraw(application=application, actor=member)
    with pytest.raises(DomainError, match="already “Withdrawn”"):
        application_withdraw(application=application, actor=member)


def test_the_application_window_is_checked(ssd, ssd_org, member):
    fund = FundFactory(
        sponsor=ssd,
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 3, 31),
        required_organisations=[ssd_org],
    )
    with pytest.raises(ApplicationRefusedError, match="Applications open on March 1, 2026"):
        apply(fund, member, on=date(2026, 2, 28))
    with pytest.raises(ApplicationRefusedError, match="Applications closed on March 31, 2026"):
        apply(fund, member, on=date(2026, 4, 1))
    assert apply(fund, member, on=date(2026, 3, 31)).pk


def test_a_class_needs_its_details_and_a_choice_of_purpose(ce_fund, member):
    with pytest.raises(ApplicationRefusedError) as refused:
        apply(ce_fund, member)
    assert "Choose what the award would pay" in refused.value.fields["purpose"]
    with pytest.raises(ApplicationRefusedError) as refused:
        apply(ce_fund, member, purpose="class")
    assert refused.value.fields == {
        "class_details": "Name the class: its title, who teaches it and when."
    }
    application = apply(
        ce_fund, member, purpose="class", class_details="Cataloging basics, Lakeland CC, spring"
    )
    assert application.class_details.startswith("Cataloging basics")


def test_optional_criteria_state_and_years_of_experience(ssd, ssd_org, member):
    fund = FundFactory(
        sponsor=ssd, states="OK,TX", min_years_experience=2, required_organisations=[ssd_org]
    )
    with pytest.raises(ApplicationRefusedError) as refused:
        apply(fund, member, state_of_employment="OH", years_experience=1)
    assert set(refused.value.fields) == {"state_of_employment", "years_experience"}
    application = apply(fund, member, state_of_employment="tx", years_experience=3)
    assert (application.state_of_employment, application.years_experience) == ("TX", 3)


def test_a_full_fund_takes_no_more_applications(ssd, ssd_org, make_member, committee, program):
    fund = FundFactory(sponsor=ssd, max_awards=1, required_organisations=[ssd_org])
    application_award(application=apply(fund, make_member()), actor=committee)
    with pytest.raises(ApplicationRefusedError, match="All of this fund's awards have been made"):
        apply(fund, make_member())


def test_checking_many_funds_costs_a_fixed_number_of_queries(ssd, ssd_org, member, program):
    from certify.scholarships.selectors import EligibilityReader, fund_list

    def check():
        reader = EligibilityReader(user=member, today=date.today())  # noqa: DTZ011
        for fund in fund_list():
            reader.reasons(fund)

    few = count_queries(check)
    for _ in range(5):
        FundFactory(sponsor=ssd, required_organisations=[ssd_org])
    assert count_queries(check) == few
