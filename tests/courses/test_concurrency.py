"""Exactly one decision when the same completion or course is decided twice at once (PostgreSQL).

Threads with their own connections, released together, against committed data: the services
lock the row, so the second move finds the first one's status and is refused in words.
"""

import pytest
from django.utils import timezone

from certify.core.models import AuditEvent
from certify.core.workflow_words import StatusMovedOnError
from certify.courses import services
from certify.courses.models import CourseCompletion, Provider
from certify.notifications.models import Notification
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_a_completion_confirmed_by_the_provider_and_staff_at_once_is_confirmed_once(
    course, enrolled, planned, provider_user, staff
):
    completion = CourseCompletion.objects.create(
        course=course,
        application=enrolled,
        candidate=enrolled.candidate,
        completed_on=timezone.localdate(),
        source=CourseCompletion.Source.CANDIDATE,
        reported_by=enrolled.candidate,
    )

    def confirm(actor):
        return lambda: services.completion_confirm(completion=completion, actor=actor).status

    results, errors = at_once(confirm(provider_user), confirm(staff))
    assert results == [CourseCompletion.Status.CONFIRMED]
    assert [type(e) for e in errors] == [StatusMovedOnError]  # the page was out of date
    assert "is already “Confirmed”" in errors[0].message
    assert AuditEvent.objects.filter(verb="course_completion.confirmed").count() == 1
    event = "course.completion_confirmed"
    assert Notification.objects.filter(recipient=enrolled.candidate, event=event).count() == 1
    planned.refresh_from_db()
    assert planned.is_satisfied


def test_an_organisation_approved_by_two_staff_at_once_is_approved_once(provider_user, staff):
    from tests.factories import ProviderFactory, UserFactory

    other_staff = UserFactory(roles=["program_staff"])
    provider = ProviderFactory(status="pending", staff=[provider_user])

    def approve(actor):
        return lambda: services.provider_approve(provider=provider, actor=actor).status

    results, errors = at_once(approve(staff), approve(other_staff))
    assert results == [Provider.Status.APPROVED]
    assert [type(e) for e in errors] == [StatusMovedOnError]  # the page was out of date
    assert AuditEvent.objects.filter(verb="provider.approved").count() == 1
