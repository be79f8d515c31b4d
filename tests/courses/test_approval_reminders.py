"""Reminders to the provider's people that a course's approval ends: 90 and 30 days before, on
the program's day, once each (ADR 0009)."""

from datetime import timedelta

from django.utils import timezone

from certify.courses import services
from certify.courses.models import Course
from certify.courses.reminders import approval_reminders_send, stage_due
from certify.notifications.models import Notification
from tests.courses.conftest import approved_course
from tests.factories import UserFactory
from tests.workflow import force_status


def _ending_in(days, *, provider, ct, **fields):
    today = timezone.localdate()
    course = approved_course(provider=provider, competency_set=ct, **fields)
    course.approval_expires_on = today + timedelta(days=days)
    course.save()
    return course


def _sent(course=None):
    rows = Notification.objects.filter(event="course.approval_ending")
    return rows.filter(link=course.get_provider_url()) if course else rows


def test_the_stage_reached_is_the_nearest():
    today = timezone.localdate()
    assert stage_due(expires_on=today + timedelta(days=91), today=today) is None
    assert stage_due(expires_on=today + timedelta(days=90), today=today) == 90
    assert stage_due(expires_on=today + timedelta(days=30), today=today) == 30
    assert stage_due(expires_on=today - timedelta(days=1), today=today) is None


def test_90_and_30_days_before_each_once_to_every_colleague(provider, provider_user, ct):
    today = timezone.localdate()
    colleague = UserFactory(full_name="Kim Lee")
    provider.memberships.create(user=colleague)
    course = _ending_in(90, provider=provider, ct=ct)
    assert approval_reminders_send(today=today, since=today) == 2
    assert approval_reminders_send(today=today, since=today) == 0  # once each
    told = _sent(course)
    assert {n.recipient for n in told} == {provider_user, colleague}
    assert told.first().link == course.get_provider_url()

    course.approval_expires_on = today + timedelta(days=30)
    course.save()
    assert approval_reminders_send(today=today, since=today) == 2
    assert _sent(course).count() == 4


def test_a_day_with_no_reminder_due_sends_none(provider, ct):
    today = timezone.localdate()
    _ending_in(89, provider=provider, ct=ct)
    _ending_in(120, provider=provider, ct=ct)
    assert approval_reminders_send(today=today, since=today) == 0


def test_missed_days_send_only_the_nearest_reminder(provider, ct):
    today = timezone.localdate()
    course = _ending_in(29, provider=provider, ct=ct)  # the 30-day one fell due yesterday
    assert approval_reminders_send(today=today, since=today - timedelta(days=3)) == 1
    assert f":{course.approval_expires_on}:30:" in _sent(course).get().dedupe_key


def test_no_reminder_for_a_renewal_under_review_or_a_stopped_approval(provider, ct, staff):
    today = timezone.localdate()
    submitted = _ending_in(90, provider=provider, ct=ct, title="Under review")
    force_status(submitted, Course.Status.SUBMITTED)
    stopped = _ending_in(90, provider=provider, ct=ct, title="Suspended")
    services.course_approval_suspend(course=stopped, actor=staff, reason="Checking it.")
    assert approval_reminders_send(today=today, since=today) == 0
