"""The provider's home (courses by approval, approvals ending, recent imports) at 1280, 390 and
320 px: nothing scrolls sideways, no serious axe-core violation, and each item is a link to its
page; photographed for the tour."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certify.accounts.models import User
from certify.courses.api import consent_invite
from certify.courses.models import CompletionImport, Course, CourseApproval, Provider
from certify.loaddata.demo.courses import demo_courses_create
from certify.programs.models import Program


@pytest.fixture
def provider(site_url) -> Provider:
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    provider = demo_courses_create(program=program, staff=staff)
    assert provider is not None
    course = provider.courses.filter(status=Course.Status.APPROVED).first()
    assert course is not None
    # Its approval ends in two months: renewal is open.
    ends = timezone.localdate() + timedelta(days=60)
    CourseApproval.objects.filter(course=course).update(expires_on=ends)
    Course.objects.filter(pk=course.pk).update(approval_expires_on=ends)
    CompletionImport.objects.create(
        provider=provider,
        course=course,
        file="imports/spring-cohort.csv",
        original_name="spring-cohort.csv",
        total_rows=24,
    )
    return provider


def test_the_provider_home_fits_and_is_accessible(open_page, sign_in, workspace_step, provider):
    page = open_page()
    sign_in(page, "provider@example.org")
    page.goto(f"/providers/{provider.pk}/")
    expect(page.get_by_role("heading", name="Approved, in the catalog")).to_be_visible()
    expect(page.get_by_role("heading", name="Approvals ending within a year")).to_be_visible()
    link = page.get_by_role("link", name="spring-cohort.csv")
    expect(link).to_be_visible()
    workspace_step(page, "provider-home")  # 1280, 390 and 320 px: axe-core, no sideways scroll
    with page.expect_navigation():
        link.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/imports/" in page.url

    # The invitations sent: one card per invitation on a phone, not columns behind a scroll.
    course = provider.courses.filter(status=Course.Status.APPROVED).first()
    assert course is not None
    consent_invite(
        provider=provider,
        course=course,
        actor=User.objects.get(email="provider@example.org"),
        who="sam.lee@example.org",
    )
    page.goto(f"/providers/{provider.pk}/invitations/")
    expect(page.locator("td[data-label=Course]").first).to_be_visible()
    workspace_step(page, "provider-invitations")
