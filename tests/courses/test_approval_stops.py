"""Program staff suspend, revoke and reinstate a course's approval (ADR 0009)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.errors import DomainError
from certify.core.models import AuditEvent
from certify.courses import services
from certify.courses.models import Course
from certify.courses.selectors import catalogue, course_public_find
from certify.courses.services.completions.report_check import ReportRow, report_rows_check
from certify.notifications.models import Notification
from tests.courses.conftest import approved_course, enrol, pdf_upload
from tests.factories import UserFactory

REASON = "The instructors named are no longer teaching it."


def _suspend(course, staff, **kw):
    return services.course_approval_suspend(course=course, actor=staff, reason=REASON, **kw)


def test_a_suspended_course_leaves_the_catalog_at_once(course, staff):
    today = timezone.localdate()
    assert course in catalogue()
    _suspend(course, staff)
    course.refresh_from_db()
    assert course.status == Course.Status.SUSPENDED
    assert course.approval_stopped_on == today
    assert course.approval_expires_on == today - timedelta(days=1)
    assert course not in catalogue()
    assert course_public_find(pk=course.pk) is None


def test_the_stop_is_audited_with_who_and_why(course, staff):
    services.course_approval_revoke(course=course, actor=staff, reason=REASON)
    row = course.transitions.get()
    assert (row.from_status, row.to_status, row.actor, row.reason) == (
        Course.Status.APPROVED,
        Course.Status.REVOKED,
        staff,
        REASON,
    )
    assert AuditEvent.objects.filter(verb="course.revoked", actor=staff).exists()


def test_a_reason_is_required(course, staff):
    with pytest.raises(DomainError, match="Give the reason"):
        services.course_approval_suspend(course=course, actor=staff, reason="  ")
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED


def test_staff_who_act_for_the_provider_are_refused(course, provider):
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    provider.memberships.create(user=colleague)
    with pytest.raises(DomainError, match="own"):
        _suspend(course, colleague)
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED
    assert course in catalogue()


def test_the_provider_and_candidates_are_refused(course, provider_user, lsscp):
    candidate = enrol(lsscp).candidate
    for person in (provider_user, candidate):
        with pytest.raises(DomainError):
            services.course_approval_revoke(course=course, actor=person, reason=REASON)


def test_an_approval_that_ended_cannot_be_stopped(provider, ct, staff):
    today = timezone.localdate()
    old = approved_course(provider=provider, competency_set=ct, on=today - timedelta(days=1500))
    with pytest.raises(DomainError, match="is not running \\(it ended on"):
        _suspend(old, staff)


def test_a_renewal_under_review_can_be_suspended(course, staff):
    from tests.workflow import force_status

    force_status(course, Course.Status.SUBMITTED)
    _suspend(course, staff)
    course.refresh_from_db()
    assert course.status == Course.Status.SUSPENDED


def test_completions_before_the_stop_count_after_it_they_are_refused(planned, course, staff):
    today = timezone.localdate()
    _suspend(course, staff)
    course.refresh_from_db()
    before = services.completion_record(
        planned=planned,
        actor=planned.application.candidate,
        course=course,
        completed_on=today - timedelta(days=1),
        certificate=pdf_upload(),
    )
    assert before.pk
    with pytest.raises(DomainError) as error:
        services.completion_record(
            planned=planned,
            actor=planned.application.candidate,
            course=course,
            completed_on=today,
            certificate=pdf_upload(),
        )
    assert f"Program staff suspended the approval of “{course.title}” on " in str(error.value)
    assert "those before it still do" in str(error.value)


def test_the_providers_report_is_refused_in_plain_words_from_the_stop_on(
    lsscp, course, staff, provider
):
    today = timezone.localdate()
    enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course)
    services.course_approval_revoke(course=course, actor=staff, reason=REASON)
    course.refresh_from_db()
    rows = [
        ReportRow(line=2, email="ann@example.org", full_name="Ann Lee", completed_on=str(today)),
        ReportRow(
            line=3,
            email="ann@example.org",
            full_name="Ann Lee",
            completed_on=str(today - timedelta(days=3)),
        ),
    ]
    after, before = (
        report_rows_check(course=course, rows=rows[:1]),
        report_rows_check(course=course, rows=rows[1:]),
    )
    assert after[0].result == "error"
    assert "Program staff revoked the approval" in after[0].message
    assert "renew" not in after[0].message
    assert before[0].result != "error"


def test_the_provider_and_candidates_who_chose_it_are_told_once(
    lsscp, course, staff, provider_user, django_capture_on_commit_callbacks
):
    chose = enrol(lsscp, email="ann@example.org", name="Ann Lee", names=course).candidate
    other = enrol(lsscp, email="bo@example.org", name="Bo Park").candidate  # named no course
    with django_capture_on_commit_callbacks(execute=True):
        _suspend(course, staff)
        services.course_approval_revoke(course=course, actor=staff, reason=REASON)
    told = Notification.objects.filter(event="course.approval_stopped")
    assert told.filter(recipient=chose).count() == 1  # suspended, then revoked: told once
    assert not told.filter(recipient=other).exists()
    assert told.filter(recipient=provider_user).count() == 2
    to_candidate = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert len(to_candidate) == 1
    body = to_candidate[0].body
    assert to_candidate[0].subject == f"Course approval suspended: {course.title}"
    assert REASON in body
    assert "your completion still counts" in body
    assert "choose another approved course from the catalog, or a portfolio" in body


def test_a_suspended_approval_is_reinstated_and_runs_to_its_own_end(course, staff):
    ends = course.approval_expires_on
    _suspend(course, staff)
    services.course_approval_reinstate(course=course, actor=staff, reason="Instructors named.")
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED
    assert (course.approval_expires_on, course.approval_stopped_on) == (ends, None)
    assert course in catalogue()


def test_a_revoked_approval_is_not_reinstated(course, staff):
    services.course_approval_revoke(course=course, actor=staff, reason=REASON)
    with pytest.raises(DomainError):
        services.course_approval_reinstate(course=course, actor=staff, reason="Changed my mind.")


# --- The staff page and the API -----------------------------------------------------------------


def test_the_staff_page_offers_it_and_keeps_what_was_typed(client, course, staff):
    from django.urls import reverse

    client.force_login(staff)
    page = client.get(reverse("courses:staff_course", args=[course.pk])).text
    assert "Suspend or revoke the approval" in page
    url = reverse("courses:staff_approval", args=[course.pk])
    refused = client.post(url, {"action": "suspend", "reason": ""})
    assert refused.status_code == 400
    assert "Give the reason" in refused.text
    done = client.post(url, {"action": "suspend", "reason": REASON}, follow=True)
    assert "The approval is suspended and the course left the catalog" in done.text
    assert "Reinstate or revoke the approval" in done.text


def test_the_page_refuses_staff_who_act_for_the_provider(client, course, provider):
    from django.urls import reverse

    colleague = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    provider.memberships.create(user=colleague)
    client.force_login(colleague)
    url = reverse("courses:staff_approval", args=[course.pk])
    answer = client.post(url, {"action": "revoke", "reason": REASON})
    assert answer.status_code == 400
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED


@pytest.mark.parametrize("role", ["anonymous", "candidate", "provider", "reviewer"])
def test_only_program_staff_reach_the_api_operation(client_as, course, role):
    answer = client_as(role).post(
        f"/api/v1/staff/courses/{course.pk}/approval",
        {"action": "revoke", "reason": REASON},
        content_type="application/json",
    )
    assert answer.status_code == (401 if role == "anonymous" else 403)
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED


def test_the_api_suspends_and_reinstates(client, course, staff):
    client.force_login(staff)
    url = f"/api/v1/staff/courses/{course.pk}/approval"
    answer = client.post(url, {"action": "suspend"}, content_type="application/json")
    assert answer.status_code == 400
    assert "Give the reason" in answer.text
    answer = client.post(
        url, {"action": "suspend", "reason": REASON}, content_type="application/json"
    )
    assert (answer.status_code, answer.json()["status"]) == (200, "suspended")
    answer = client.post(
        url, {"action": "reinstate", "reason": "Fixed."}, content_type="application/json"
    )
    assert (answer.status_code, answer.json()["status"]) == (200, "approved")


# --- A provider's approval ----------------------------------------------------------------------


def test_a_suspended_provider_takes_its_running_approvals_with_it_and_gets_them_back(
    provider, ct, tec, staff
):
    one = approved_course(provider=provider, competency_set=ct, title="One")
    two = approved_course(provider=provider, competency_set=tec, title="Two")
    services.course_approval_suspend(course=two, actor=staff, reason="On its own.")
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    provider.refresh_from_db()
    one.refresh_from_db()
    assert provider.status == "suspended"
    assert not provider.is_approved
    assert one.status == Course.Status.SUSPENDED
    assert one not in catalogue()
    assert AuditEvent.objects.filter(verb="provider.suspended", actor=staff).exists()

    services.provider_approval_reinstate(provider=provider, actor=staff, reason="Cleared.")
    provider.refresh_from_db()
    one.refresh_from_db()
    two.refresh_from_db()
    assert provider.is_approved
    assert one.status == Course.Status.APPROVED
    assert one in catalogue()
    # suspended on its own the same day, it comes back with the provider: staff revoke it if not
    assert two.status == Course.Status.APPROVED


def test_the_providers_people_are_told_even_with_no_running_course(
    provider, provider_user, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    told = Notification.objects.get(recipient=provider_user, event="course.approval_stopped")
    assert told.link == provider.get_absolute_url()
    (sent,) = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert sent.subject == "Provider approval suspended: Northside Community College"
    assert "your API keys do not work" in sent.body
    assert REASON in sent.body


def test_a_revoked_provider_revokes_every_approval(provider, ct, staff):
    one = approved_course(provider=provider, competency_set=ct, title="One")
    services.provider_approval_suspend(provider=provider, actor=staff, reason=REASON)
    services.provider_approval_revoke(provider=provider, actor=staff, reason=REASON)
    one.refresh_from_db()
    assert one.status == Course.Status.REVOKED
    with pytest.raises(DomainError):
        services.provider_approval_reinstate(provider=provider, actor=staff, reason="No.")


def test_staff_who_act_for_the_provider_cannot_stop_it(provider, course):
    colleague = UserFactory(roles=[Role.PROGRAM_STAFF, Role.PROVIDER])
    provider.memberships.create(user=colleague)
    with pytest.raises(DomainError, match="own"):
        services.provider_approval_revoke(provider=provider, actor=colleague, reason=REASON)
    provider.refresh_from_db()
    course.refresh_from_db()
    assert provider.is_approved
    assert course.status == Course.Status.APPROVED


def test_the_provider_page_and_api(client, provider, course, staff):
    from django.urls import reverse

    client.force_login(staff)
    url = reverse("courses:staff_provider_approval", args=[provider.pk])
    assert "Suspend or revoke Northside Community College" in client.get(url).text
    refused = client.post(url, {"action": "suspend", "reason": ""})
    assert refused.status_code == 400
    assert "Give the reason" in refused.text
    done = client.post(url, {"action": "suspend", "reason": REASON}, follow=True)
    assert "Northside Community College is suspended" in done.text
    answer = client.post(
        f"/api/v1/staff/courses/providers/{provider.pk}/approval",
        {"action": "reinstate", "reason": "Cleared."},
        content_type="application/json",
    )
    assert (answer.status_code, answer.json()["status"]) == (200, "approved")
    course.refresh_from_db()
    assert course.status == Course.Status.APPROVED
