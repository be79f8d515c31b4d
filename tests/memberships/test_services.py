from datetime import date, timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.memberships.api import membership_is_confirmed
from certify.memberships.models import Membership, Organisation
from certify.memberships.services import (
    membership_confirm,
    membership_record,
    membership_reject,
)
from tests.factories import MembershipFactory, SponsorFactory, SponsorMemberFactory, UserFactory

TODAY = date(2026, 11, 27)


@pytest.fixture
def ala(db):
    return Organisation.objects.get(code="ALA")


@pytest.fixture
def ssd(db):
    return Organisation.objects.get(code="SSD")


def test_ala_and_ssd_exist_with_who_confirms_them(ala, ssd):
    assert ala.confirmed_by == Organisation.ConfirmedBy.PROGRAM_STAFF
    assert ssd.name == "OLA Support Staff Division"
    assert ssd.confirmed_by == Organisation.ConfirmedBy.SPONSOR
    assert "free" in ssd.note


def test_a_recorded_membership_waits_for_confirmation(candidate, ala):
    m = membership_record(
        user=candidate,
        organisation=ala,
        member_number=" 123456 ",
        expires_on=TODAY + timedelta(days=30),
        actor=candidate,
        today=TODAY,
    )
    assert m.status == Membership.Status.PENDING
    assert m.member_number == "123456"
    assert not membership_is_confirmed(user=candidate, organisation_code="ALA", on=TODAY)


def test_an_expired_date_is_refused_in_the_persons_words(candidate, ala):
    with pytest.raises(DomainError, match="This date has passed") as error:
        membership_record(
            user=candidate,
            organisation=ala,
            member_number="1",
            expires_on=TODAY - timedelta(days=1),
            actor=candidate,
            today=TODAY,
        )
    assert error.value.field == "expires_on"
    assert not Membership.objects.exists()


def test_staff_confirm_ala_and_the_membership_counts_until_its_last_day(candidate, staff, ala):
    m = MembershipFactory(user=candidate, organisation=ala, status="pending", expires_on=TODAY)
    membership_confirm(membership=m, actor=staff)
    m.refresh_from_db()
    assert (m.status, m.confirmed_by) == (Membership.Status.CONFIRMED, staff)
    assert membership_is_confirmed(user=candidate, organisation_code="ala", on=TODAY)
    assert not membership_is_confirmed(
        user=candidate, organisation_code="ALA", on=TODAY + timedelta(days=1)
    )
    assert AuditEvent.objects.filter(verb="membership.confirmed", actor=staff).exists()


def test_only_the_sponsor_confirms_ssd_and_only_staff_confirm_ala(candidate, staff, ala, ssd):
    sponsor = SponsorMemberFactory(sponsor=SponsorFactory(slug="ssd", organisation=ssd)).user
    ssd_m = MembershipFactory(user=candidate, organisation=ssd, status="pending")
    ala_m = MembershipFactory(user=candidate, organisation=ala, status="pending")
    with pytest.raises(
        DomainError,
        match="only program staff other than the member, for memberships staff check or",
    ):
        membership_confirm(membership=ssd_m, actor=staff)
    with pytest.raises(DomainError, match="You are not allowed to make this change"):
        membership_confirm(membership=ala_m, actor=sponsor)
    assert membership_confirm(membership=ssd_m, actor=sponsor).status == "confirmed"


def test_rejecting_needs_a_reason(candidate, staff, ala):
    m = MembershipFactory(user=candidate, organisation=ala, status="pending")
    with pytest.raises(DomainError, match="Say why"):
        membership_reject(membership=m, actor=staff, reason="  ")
    membership_reject(membership=m, actor=staff, reason="No such member number")
    m.refresh_from_db()
    assert (m.status, m.reason) == ("rejected", "No such member number")


def test_changing_a_confirmed_membership_sends_it_back_for_confirmation(candidate, ala):
    m = MembershipFactory(user=candidate, organisation=ala)
    later = timezone.localdate() + timedelta(days=700)
    membership_record(
        user=candidate,
        organisation=ala,
        member_number=m.member_number,
        expires_on=later,
        actor=candidate,
    )
    m.refresh_from_db()
    assert (m.status, m.expires_on, m.confirmed_by) == ("pending", later, None)
    assert Membership.objects.filter(user=candidate).count() == 1


def test_a_sponsor_role_alone_does_not_confirm_ssd(candidate, ssd):
    """Only people who run the scholarship sponsor linked to SSD confirm SSD."""
    ssd_m = MembershipFactory(user=candidate, organisation=ssd, status="pending")
    other_sponsor = SponsorMemberFactory().user
    for actor in (UserFactory(roles=[Role.SPONSOR]), other_sponsor):
        with pytest.raises(DomainError, match="You are not allowed to make this change"):
            membership_confirm(membership=ssd_m, actor=actor)
