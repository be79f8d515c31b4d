"""Two staff deciding about the same suspended course renewal at the same moment (PostgreSQL):
threads with their own connections, released together, against committed data. One decision
wins; the other is refused in words, and the course, its held fee and the provider's notices
agree with the one that won.
"""

import pytest

from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.core.workflow_words import StatusMovedOnError
from certify.courses import services
from certify.courses.models import Course
from certify.notifications.models import Notification
from certify.payments.models import CreditNote, Invoice
from tests.courses.conftest import ct, provider, provider_user  # noqa: F401  (fixtures)
from tests.courses.test_renewal_fees import _fee, _renewal
from tests.factories import UserFactory
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def suspended_renewal(provider, provider_user, ct, staff):  # noqa: F811
    """A renewal under review, its fee open, suspended: reinstating it puts it back under
    review with the same invoice (`reinstate_review`); revoking it voids the fee."""
    renewal = _renewal(provider, provider_user, ct)
    return services.course_approval_suspend(course=renewal, actor=staff, reason="A complaint.")


def _move(service, actor, course):
    return lambda: service(course=course, actor=actor, reason="Looked into.").status


def test_two_staff_reinstating_a_suspended_renewal_at_once_reinstate_it_once(
    suspended_renewal,
    staff,
    provider_user,  # noqa: F811
):
    other = UserFactory(roles=["program_staff"])
    back = services.course_approval_reinstate
    told = Notification.objects.filter(recipient=provider_user)
    before = told.count()
    results, errors = at_once(
        _move(back, staff, suspended_renewal), _move(back, other, suspended_renewal)
    )
    assert results == [Course.Status.SUBMITTED]
    assert [type(e) for e in errors] == [StatusMovedOnError]  # the page was out of date
    course = Course.objects.get(pk=suspended_renewal.pk)
    assert course.transitions.filter(from_status="suspended").count() == 1
    assert _fee(course).status == Invoice.Status.OPEN  # the same invoice, payable again
    assert told.count() == before + 1  # one "reinstated" notice


def test_a_reinstatement_and_a_revocation_at_once_leave_the_fee_as_the_winner_says(
    suspended_renewal, staff
):
    other = UserFactory(roles=["program_staff"])
    results, errors = at_once(
        _move(services.course_approval_reinstate, staff, suspended_renewal),
        _move(services.course_approval_revoke, other, suspended_renewal),
    )
    assert all(isinstance(e, DomainError) for e in errors), errors
    course = Course.objects.get(pk=suspended_renewal.pk)
    fee = _fee(course)
    moves = list(  # the race's moves: from the suspension, and a revocation after reinstating
        course.transitions.filter(from_status__in=["suspended", "submitted"]).exclude(
            to_status="suspended"
        )
    )
    if course.status == Course.Status.REVOKED:
        # Revoked (first, or after the reinstatement): a fee nobody will pay is void, once.
        assert fee.status == Invoice.Status.VOID
        assert CreditNote.objects.filter(invoice=fee).count() == 1
    else:  # reinstated and the revocation refused: back under review, the fee payable
        assert (course.status, len(errors)) == (Course.Status.SUBMITTED, 1)
        assert fee.status == Invoice.Status.OPEN
        assert not CreditNote.objects.filter(invoice=fee).exists()
    assert len(results) + len(errors) == 2
    assert len(moves) == len(results)
    assert AuditEvent.objects.filter(verb="invoice.void").count() <= 1
