"""Only SSD members receive SSD scholarships: another organization's membership (ALA, or OLA
as a whole) is not enough, nor is an SSD membership not yet confirmed or past its last day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.memberships.models import Organisation
from certify.scholarships.services import ApplicationRefusedError
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.scholarships.conftest import apply

REFUSED = "Only SSD members can apply; joining SSD is free."


def test_an_ala_and_ola_member_who_is_not_in_ssd_cannot_apply(enrollment_fund, ce_fund):
    ala = Organisation.objects.get(code="ALA")
    ola = OrganisationFactory(code="OLA", name="Ohio Library Association")
    person = UserFactory(full_name="Olga Ola-only")
    MembershipFactory(user=person, organisation=ala)
    MembershipFactory(user=person, organisation=ola)
    for fund in (enrollment_fund, ce_fund):
        with pytest.raises(ApplicationRefusedError) as refused:
            apply(
                fund,
                person,
                **({"purpose": "class", "class_details": "A"} if fund == ce_fund else {}),
            )
        assert str(refused.value) == REFUSED


@pytest.mark.parametrize(
    ("status", "expires_in_days", "allowed"),
    [
        ("pending", 365, False),
        ("rejected", 365, False),
        ("confirmed", -1, False),  # its last day was yesterday
        ("confirmed", 0, True),  # today is its last day
        ("confirmed", 365, True),
    ],
)
def test_only_a_confirmed_current_ssd_membership_counts(
    enrollment_fund, ssd_org, status, expires_in_days, allowed
):
    person = UserFactory(full_name="Sam Member")
    today = timezone.localdate()
    MembershipFactory(
        user=person,
        organisation=ssd_org,
        status=status,
        expires_on=today + timedelta(days=expires_in_days),
    )
    if allowed:
        assert apply(enrollment_fund, person, on=today).pk
    else:
        with pytest.raises(ApplicationRefusedError) as refused:
            apply(enrollment_fund, person, on=today)
        assert str(refused.value) == REFUSED
