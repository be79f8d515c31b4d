"""Who hears of money on an invoice (`services.common.tell_staff`): the active program staff who
may act on it. Not the invoice's person, nor staff who act for the organization it bills (a
course's approval fee is its provider's case, ADR 0022), who could not refund it; and when
nobody is left to tell, the site's operators find it in the log."""

import logging

import pytest

from certify.accounts.models import Role
from certify.notifications.models import Notification
from certify.payments.api import course_approval_invoice_create
from tests.factories import CompetencySetFactory, CourseFactory, ProviderFactory, UserFactory
from tests.payments.conftest import card_paid

pytestmark = pytest.mark.django_db

EVENT = "payment.refund_pending"


@pytest.fixture
def colleague(db):
    """Program staff who also act for the provider whose course fee is billed."""
    return UserFactory(full_name="Lee Colleague", roles=[Role.PROGRAM_STAFF, Role.PROVIDER])


@pytest.fixture
def course_fee(program, colleague):
    billed = UserFactory(roles=[Role.PROVIDER])
    provider = ProviderFactory(staff=[billed, colleague])
    course = CourseFactory(provider=provider, competency_set=CompetencySetFactory(program=program))
    return course_approval_invoice_create(
        provider=billed,
        program=program,
        course_title=course.title,
        subject=f"course:{course.pk}",
        actor=None,
    )


def test_staff_who_act_for_the_provider_are_not_told_to_refund_its_fee(
    course_fee, colleague, staff
):
    card_paid(course_fee, intent="pi_twice", cents=course_fee.total_cents * 2)
    assert course_fee.refund_pending_cents == course_fee.total_cents
    told = {n.recipient for n in Notification.objects.filter(event=EVENT)}
    assert told == {staff}  # the colleague may not refund their own organization's fee


def test_when_nobody_may_be_told_the_operators_find_it_in_the_log(course_fee, colleague, caplog):
    with caplog.at_level(logging.ERROR, logger="certify.payments.services.common"):
        card_paid(course_fee, intent="pi_alone", cents=course_fee.total_cents * 2)
    assert not Notification.objects.filter(event=EVENT).exists()
    assert (
        f"No program staff member can be told of {EVENT} on invoice {course_fee.code} (LSSCP)"
        in caplog.text
    )
