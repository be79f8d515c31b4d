"""A course provider's day on a 320 px phone (a community college's continuing-education
coordinator, not a technical person), in chromium with axe-core.

Lee signs up and confirms the e-mail, registers the college (a refused form puts the focus on
what to fix), and is told when staff approve it. Lee adds a course (refused first, the focus on
the summary), tries to submit it before it is ready (told what is missing, the focus there),
maps every competency, uploads the syllabus and submits it. Staff return it with a question:
the e-mail and the course's page carry it with what to do next; Lee answers and submits again,
and it is approved. Lee reports one candidate's completion on the form, then several from a CSV
file with a bad row (the report says how to fix each row), makes an API key (shown once, then
revoked: it no longer works), renews the approval as it nears its end, and finally reads what
a suspended provider can still do. Every page at 390 and 320 px: no sideways scrolling,
axe-core, tap targets, headings and focus (`phone_problems`)."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import Role, User
from certify.courses.api import provider_approval_suspend
from certify.courses.models import Course, CourseCompletion, Provider, ProviderApiKey
from certify.courses.services import api_key_authenticate, course_return, provider_approve
from certify.programs.models import CompetencySet
from tests import files
from tests.courses.conftest import approve, enrol
from tests.factories import UserFactory

from .test_phone_walks import PHONE
from .test_phone_walks import button_go as _go
from .test_phone_walks import problems_noted as _checked

pytestmark = pytest.mark.django_db(transaction=True)

NAME, EMAIL, LEE_PASSWORD = "Lee Alvarez", "lalvarez@northside.example.edu", "continuing-ed-2026"
COLLEGE = "Northside Community College"
TITLE = "Working the Library Desk"
QUESTION = "Which unit assesses CT 4 (dealing with conflict)? The syllabus does not say."


def _sign_up(page: Page) -> None:
    page.goto("/accounts/signup/")
    page.locator("#id_full_name").fill(NAME)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(LEE_PASSWORD)
    page.locator("#id_password2").fill(LEE_PASSWORD)
    _go(page, "Sign up")
    message = next(m for m in mail.outbox if m.to == [EMAIL])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
    assert link is not None
    page.goto(link.group(1))
    _go(page, "Confirm")


def _register(page: Page, found: dict[str, list[str]]) -> Provider:
    page.goto("/providers/register/")
    _checked(page, found, "register, empty")
    _go(page, "Register")
    expect(page.locator("#register-errors")).to_be_focused()
    expect(page.locator("#register-errors")).to_contain_text("Give the organization's name.")
    _checked(page, found, "register, refused")
    page.get_by_label("Organization name").fill(COLLEGE)
    page.get_by_label("Kind of organization").select_option(index=1)
    page.get_by_label("Contact e-mail for candidates and staff").fill(EMAIL)
    _go(page, "Register")
    expect(page.locator("main")).to_contain_text("we will e-mail you when they do")
    _checked(page, found, "registered, waiting")
    return Provider.objects.get(name=COLLEGE)


def _add_course(page: Page, provider: Provider, found: dict[str, list[str]]) -> Course:
    page.goto(f"/providers/{provider.pk}/")
    _checked(page, found, "provider home, no courses")
    with page.expect_navigation():
        page.get_by_role("link", name="Add a course").first.click()
    _go(page, "Save the draft")
    expect(page.locator("#course-errors")).to_be_focused()
    _checked(page, found, "new course, refused")
    ct = CompetencySet.objects.get(
        program__slug="lsscp", code="CT", framework_version__status="published"
    )
    page.get_by_label("Competency set the course is for").select_option(str(ct.pk))
    page.get_by_label("Course title").fill(TITLE)
    page.get_by_label("Description").fill("Serving the public at the desk, and working as a team.")
    page.get_by_label("Online").check()
    page.get_by_label("Self-paced: learners start when they like").check()
    page.get_by_label("Tuition").fill("0")
    page.get_by_label("Assessments").fill("A recorded role play and a written reflection.")
    page.get_by_label("Instructors").fill("Mia Park, MLIS, 12 years at a public library desk.")
    _go(page, "Save the draft")
    expect(page.locator("main")).to_contain_text("Now map its content to every competency")
    course = Course.objects.get(title=TITLE)
    # Submitted too early: told what is missing, the focus on it.
    _go(page, "Submit for approval")
    expect(page.locator("#problems")).to_be_focused()
    expect(page.locator("#problems")).to_contain_text("Upload the syllabus.")
    _checked(page, found, "course, not ready to submit")
    for box in page.locator("textarea[id^=map-text-]").all():
        box.fill("Unit 2: the desk role play, assessed with a checklist.")
        box.blur()
    expect(page.locator("[id^=map-status-] .saved")).to_have_count(
        course.competency_set.competencies.count()
    )
    page.locator("#id_syllabus").set_input_files(
        files={"name": "syllabus.pdf", "mimeType": "application/pdf", "buffer": files.PDF}
    )
    _go(page, "Upload the syllabus")
    _go(page, "Submit for approval")
    expect(page.locator("main")).to_contain_text("Submitted.")
    _checked(page, found, "course, submitted")
    return course


def _report_completions(
    page: Page, provider: Provider, course: Course, found: dict[str, list[str]], tmp_path
) -> None:
    program = course.program
    dana = enrol(program, email="dana@example.org", name="Dana Okafor", names=course)
    enrol(program, email="ali@example.org", name="Ali Hassan", names=course)
    page.goto(f"/providers/{provider.pk}/completions/report/")
    _checked(page, found, "report one, empty")
    page.get_by_label("Course:").select_option(str(course.pk))
    page.get_by_label("Candidate's e-mail address:").fill("dana@example.org")
    page.get_by_label("Candidate's full name:").fill("Dana Okafor")
    page.get_by_label("Completion date:").fill(timezone.localdate().isoformat())
    _go(page, "Report the completion")
    _checked(page, found, "report one, reported")
    assert CourseCompletion.objects.filter(application=dana, course=course).exists()

    csv = tmp_path / "fall-cohort.csv"
    csv.write_text(
        "email,full_name,completed_on\n"
        f"ali@example.org,Ali Hassan,{timezone.localdate().isoformat()}\n"
        "sam@example.org,Sam Lee,last Tuesday\n"
    )
    page.goto(f"/providers/{provider.pk}/imports/")
    _checked(page, found, "report many, empty")
    page.get_by_label("Course:").select_option(str(course.pk))
    page.get_by_label("CSV file:").set_input_files(str(csv))
    _go(page, "Upload and check")
    problem = page.locator('td[data-label="Problem"]').first
    expect(problem).to_contain_text("is not a date we understand")
    expect(problem).to_contain_text("2026-03-31")  # the fix: a date written the way we read
    _checked(page, found, "report many, checked with a bad row")
    _go(page, re.compile("^Import 1 completion"))
    expect(page.locator("main")).to_contain_text("Imported")
    _checked(page, found, "report many, imported")


def _api_key(page: Page, provider: Provider, found: dict[str, list[str]]) -> None:
    page.goto(f"/providers/{provider.pk}/api-keys/")
    expect(page.locator("main")).to_contain_text("You do not need a key to report completions")
    _checked(page, found, "API keys, none")
    page.get_by_label("What is the key for?").fill("Student records system")
    sent = page.locator('input[name="once"]').input_value()  # the form's one-time token
    _go(page, "Create a key")
    raw = page.locator("#new-key").input_value()
    assert api_key_authenticate(raw) is not None
    _checked(page, found, "API keys, the new key shown once")
    # The same form sent again (a reload of the answer, the browser sending it once more)
    page.get_by_label("What is the key for?").fill("Student records system")
    page.locator('input[name="once"]').evaluate("(input, token) => { input.value = token }", sent)
    _go(page, "Create a key")
    expect(page.locator("#key-errors")).to_contain_text("This key was already created")
    expect(page.locator("#new-key")).to_have_count(0)
    assert ProviderApiKey.objects.filter(provider=provider).count() == 1
    _checked(page, found, "API keys, the same form sent again")
    page.goto(f"/providers/{provider.pk}/api-keys/")
    expect(page.locator("#new-key")).to_have_count(0)  # shown once, never again
    _go(page, "Revoke Student records system")
    expect(page.locator("main")).to_contain_text("it no longer works")
    assert api_key_authenticate(raw) is None
    assert ProviderApiKey.objects.get(provider=provider).revoked_at is not None
    _checked(page, found, "API keys, revoked")


def test_a_course_providers_day_on_a_phone(
    open_page: Callable[..., Page], site_url, console_errors, tmp_path
):
    staff = User.objects.get(email="staff@example.org")
    found: dict[str, list[str]] = {}
    page = open_page(**PHONE)
    page.set_viewport_size({"width": 320, "height": 844})
    _sign_up(page)
    provider = _register(page, found)
    with TestCase.captureOnCommitCallbacks(execute=True):
        provider_approve(provider=provider, actor=staff)
    course = _add_course(page, Provider.objects.get(pk=provider.pk), found)

    # Staff return it with a question: the e-mail and the page say what to do next.
    with TestCase.captureOnCommitCallbacks(execute=True):
        course_return(course=course, actor=staff, reason=QUESTION)
    told = [m for m in mail.outbox if m.to == [EMAIL] and TITLE in m.subject]
    assert told, [m.subject for m in mail.outbox if m.to == [EMAIL]]
    assert QUESTION in told[-1].body
    page.goto(f"/providers/{provider.pk}/courses/{course.pk}/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(QUESTION)
    expect(alert).to_contain_text("submit again")
    _checked(page, found, "course, returned with a question")
    page.get_by_label("Assessments").fill(
        "A recorded role play (Unit 4 assesses dealing with conflict) and a reflection."
    )
    _go(page, "Save")
    _go(page, "Submit for approval")
    expect(page.locator("main")).to_contain_text("Submitted.")
    course = approve(Course.objects.get(pk=course.pk))
    page.goto(f"/providers/{provider.pk}/courses/{course.pk}/")
    expect(page.locator("main")).to_contain_text("Approved until")
    _checked(page, found, "course, approved")

    _report_completions(page, provider, course, found, tmp_path)
    _api_key(page, provider, found)

    # The approval nears its end: renewing it.
    ends = timezone.localdate() + timedelta(days=60)
    Course.objects.filter(pk=course.pk).update(approval_expires_on=ends)
    course.approvals.update(expires_on=ends)
    page.goto(f"/providers/{provider.pk}/")
    expect(page.get_by_role("heading", name="Approvals ending within a year")).to_be_visible()
    _checked(page, found, "provider home, an approval ending")
    page.goto(f"/providers/{provider.pk}/courses/{course.pk}/")
    _go(page, "Renew the approval")
    expect(page.locator("main")).to_contain_text("Submitted.")
    _checked(page, found, "course, renewal submitted")

    # Suspended: what the college can still do.
    suspender = UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])
    with TestCase.captureOnCommitCallbacks(execute=True):
        provider_approval_suspend(
            provider=provider, actor=suspender, reason="The instructors named have left."
        )
    page.goto(f"/providers/{provider.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("You can still see your courses")
    _checked(page, found, "provider home, suspended")
    page.goto(f"/providers/{provider.pk}/api-keys/")
    expect(page.get_by_role("status")).to_contain_text("do not work until they reinstate it")
    expect(page.get_by_role("button", name="Create a key")).to_have_count(0)
    _checked(page, found, "API keys, suspended")

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 400" not in e] == []
