"""`memberships_confirmed_until`: one read of the person's confirmed memberships that answers,
for any organisation and day, what `membership_current` answers one query at a time."""

from datetime import date, timedelta

import pytest

from certify.memberships.api import membership_current, memberships_confirmed_until
from certify.memberships.models import Membership, Organisation
from tests.factories import MembershipFactory, UserFactory

DAY = date(2027, 3, 14)


@pytest.mark.django_db
def test_it_agrees_with_membership_current_on_the_expiry_day_and_after(django_assert_num_queries):
    person = UserFactory()
    ssd = Organisation.objects.get(code="SSD")
    ala = Organisation.objects.get(code="ALA")
    MembershipFactory(user=person, organisation=ssd, expires_on=DAY)
    MembershipFactory(
        user=person,
        organisation=ala,
        expires_on=DAY + timedelta(days=90),
        status=Membership.Status.PENDING,
    )
    MembershipFactory(organisation=ala, expires_on=DAY + timedelta(days=90))  # someone else's
    with django_assert_num_queries(1):
        until = memberships_confirmed_until(user=person)
    assert until == {"SSD": DAY}
    for code in ("SSD", "ssd", "ALA"):
        for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
            read = until.get(code.upper())
            assert (read is not None and read >= day) == (
                membership_current(user=person, organisation_code=code, on=day) is not None
            ), (code, day)
