"""The provider and staff pages: every bad input is explained and what was typed is kept."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from certify.accounts.models import Role
from certify.courses import services
from certify.courses.models import Course, Provider
from certify.courses.selectors import catalogue
from certify.programs.days import program_today
from tests.clock import clock_at
from tests.courses.conftest import full_map, pdf_upload
from tests.factories import CourseFactory, UserFactory
from tests.forms_once import once_post


def test_registration_keeps_what_was_typed_when_refused(client, provider):
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    response = client.post(
        reverse("courses:register"),
        {
            "name": "Northside Community College",
            "kind": "college",
            "contact_email": "not-an-email",
            "website": "northside",
        },
    )
    assert response.status_code == 400
    assert "Enter a valid e-mail address, like courses@college.edu." in response.text
    assert 'value="not-an-email"' in response.text
    response = client.post(
        reverse("courses:register"),
        {"name": "Northside Community College", "kind": "college", "contact_email": "a@b.org"},
    )
    assert "is already registered. Ask its staff to add you" in response.text


def test_a_pending_organisation_is_listed_for_its_registrant(client, db):
    person = UserFactory(roles=[Role.CANDIDATE])
    client.force_login(person)
    client.post(
        reverse("courses:register"),
        {"name": "Online Library School", "kind": "online_school", "contact_email": "a@b.org"},
    )
    page = client.get(reverse("courses:register")).text
    assert "Online Library School" in page
    assert "Waiting for approval by program staff" in page


def test_a_colleague_is_invited_or_the_problem_explained(client, provider, provider_user):
    """It used to say "No account uses …" (account enumeration) or attach the account at once;
    now any well-formed address gets an invitation and the same message."""
    client.force_login(provider_user)
    url = reverse("courses:provider", args=[provider.pk])
    bad = client.post(url, {"email": "not-an-address"})
    assert bad.status_code == 400
    assert "Enter a valid e-mail address." in bad.text
    assert 'value="not-an-address"' in bad.text
    UserFactory(email="sam@example.org", roles=[Role.CANDIDATE])
    for address in ("ghost@example.org", "sam@example.org"):
        sent = client.post(url, {"email": address}, follow=True)
        assert f"We sent an invitation to {address}." in sent.text
    assert list(provider.members.all()) == [provider_user]


def test_a_new_course_with_bad_input_is_explained_and_kept(client, lsscp, provider, provider_user):
    client.force_login(provider_user)
    response = client.post(
        reverse("courses:course_new", args=[provider.pk]),
        {"title": "Cataloging Basics", "cost_cents": "a lot", "format": "online"},
    )
    assert response.status_code == 400
    text = response.text
    assert "Choose the competency set the course is for." in text
    assert "Enter the price in dollars and cents" in text  # the only program is in USD
    assert "Give the start date, or check “self-paced” if there is none." in text
    assert 'value="Cataloging Basics"' in text
    assert 'value="a lot"' in text
    # A long form on a phone: the summary at its top links each problem to its field.
    assert 'id="course-errors"' in text
    assert 'href="#id_competency_set"' in text
    assert 'href="#id_cost_cents"' in text
    assert not Course.objects.exists()


def test_adding_a_course_says_the_fee_and_what_it_buys_before_any_work(
    client, lsscp, provider, provider_user, ct
):
    """A new provider member learns the price before describing a course, not at the end."""
    client.force_login(provider_user)
    page = client.get(reverse("courses:course_new", args=[provider.pk])).text
    assert (
        "The approval fee is $100.00 per course, invoiced when you submit it, not before. "
        "It buys four years of approval: the course is listed for candidates and the "
        "completions you report count toward its competency set. You can renew the approval "
        "before it ends, for a new fee. Candidates pay you for the course itself."
    ) in page
    course = CourseFactory(provider=provider, competency_set=ct)
    edit = client.get(course.get_provider_url()).text
    assert (
        "Submitting invoices the approval fee ($100.00). It buys 4 years of approval, "
        "renewable before it ends for a new fee."
    ) in edit


def test_the_course_page_lists_what_blocks_submission(client, provider, provider_user, ct):
    course = CourseFactory(provider=provider, competency_set=ct)
    client.force_login(provider_user)
    response = client.post(reverse("courses:course_submit", args=[provider.pk, course.pk]))
    assert response.status_code == 400
    assert "Before you can submit" in response.text
    assert "Upload the syllabus." in response.text
    assert f"{ct.competencies.count()} not covered yet" in response.text


def test_withdrawing_a_course_asks_first_and_says_what_happens_to_its_fee(
    client, provider, provider_user, ct, staff
):
    course = CourseFactory(provider=provider, competency_set=ct, title="Desk Skills")
    full_map(course)
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    course = services.course_submit(course=Course.objects.get(pk=course.pk), actor=provider_user)
    services.course_return(course=course, actor=staff, reason="Add an assessment.")
    client.force_login(provider_user)
    edit = client.get(reverse("courses:course_edit", args=[provider.pk, course.pk])).text
    confirm_url = reverse("courses:course_withdraw_confirm", args=[provider.pk, course.pk])
    assert f'href="{confirm_url}"' in edit
    withdraw_url = reverse("courses:course_withdraw", args=[provider.pk, course.pk])
    assert f'action="{withdraw_url}"' not in edit  # no one-click withdrawal
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "Withdraw “Desk Skills”?" in page.text
    assert f"invoice {course.fee_invoice.code}, is voided: nothing is owed" in page.text
    assert Course.objects.get(pk=course.pk).status == Course.Status.RETURNED  # reading it
    client.post(reverse("courses:course_withdraw", args=[provider.pk, course.pk]))
    assert Course.objects.get(pk=course.pk).status == Course.Status.WITHDRAWN
    again = client.get(confirm_url)
    assert again.status_code == 302  # nothing left to withdraw: back to the course


def test_withdrawing_a_returned_renewal_says_the_running_approval_ends_with_it(
    client, provider, provider_user, course, staff
):
    """An approved course whose renewal staff sent back is withdrawn whole: the provider reads,
    before confirming, that it leaves the catalog now although its approval still runs."""
    ends = program_today(course.program) + timedelta(days=100)
    Course.objects.filter(pk=course.pk).update(approval_expires_on=ends, syllabus="s/x.pdf")
    course.approvals.update(expires_on=ends)
    renewal = services.course_submit(course=Course.objects.get(pk=course.pk), actor=provider_user)
    services.course_return(course=renewal, actor=staff, reason="Update the reading list.")
    client.force_login(provider_user)
    page = client.get(reverse("courses:course_withdraw_confirm", args=[provider.pk, course.pk]))
    day = f"{ends:%B %-d, %Y}"
    assert (
        f"Its approval runs until {day}, but the course leaves the catalog now: candidates can "
        "no longer find it. You can still report completions up to that day."
    ) in page.text
    assert "To keep it listed until then, do not withdraw it" in page.text


def test_a_wrong_syllabus_file_is_explained(client, provider, provider_user, ct):
    from django.core.files.uploadedfile import SimpleUploadedFile

    course = CourseFactory(provider=provider, competency_set=ct)
    client.force_login(provider_user)
    response = client.post(
        reverse("courses:course_syllabus", args=[provider.pk, course.pk]),
        {"syllabus": SimpleUploadedFile("syllabus.pdf", b"#!/bin/sh\nrm -rf /\n")},
    )
    assert response.status_code == 400
    assert "is not a file type we accept" in response.text


def test_an_approved_course_shows_its_content_locked_but_its_dates_editable(
    client, provider, provider_user, course
):
    client.force_login(provider_user)
    page = client.get(course.get_provider_url()).text
    assert "what was approved cannot change" in page
    assert 'name="title"' in page
    assert "disabled" in page.split('name="title"')[1].split(">")[0]
    response = client.post(
        course.get_provider_url(),
        {"self_paced": "on", "cost_cents": "199", "url": "https://northside.example.edu/c"},
        follow=True,
    )
    assert "Saved." in response.text
    course.refresh_from_db()
    assert course.cost_cents == 19900
    assert course.title == "Communicating at the Library Desk"
    refused = client.post(course.get_provider_url(), {"self_paced": "on", "cost_cents": "a lot"})
    assert refused.status_code == 400
    assert 'id="details-errors"' in refused.text
    assert 'href="#id_cost_cents"' in refused.text


def test_staff_evaluation_and_decision_explain_what_is_missing(
    client, provider, provider_user, ct, staff
):
    course = CourseFactory(provider=provider, competency_set=ct)
    full_map(course)
    services.course_syllabus_upload(course=course, actor=provider_user, upload=pdf_upload())
    services.course_submit(course=Course.objects.get(pk=course.pk), actor=provider_user)
    client.force_login(staff)
    page = client.get(reverse("courses:staff_course", args=[course.pk])).text
    assert "The approval fee is not paid yet" in page
    # Beside the decision, the way to record the fee that arrived by check (it was only at the
    # top of the page).
    invoice = Course.objects.get(pk=course.pk).fee_invoice
    assert (
        f'is recorded on <a href="{invoice.get_absolute_url()}">invoice {invoice.code}</a>.' in page
    )
    response = client.post(
        reverse("courses:staff_evaluate", args=[course.pk]),
        {"score_coverage": "4", "comment_coverage": "Thorough map."},
    )
    assert response.status_code == 400
    assert "Score “Assessment” from 1 to 4." in response.text
    # The provider's page while it is evaluated: nothing is approved yet, so it does not say so.
    client.force_login(provider_user)
    page = client.get(Course.objects.get(pk=course.pk).get_provider_url()).text
    assert "what the evaluators are reading cannot change while they evaluate it" in page
    assert "what was approved" not in page
    client.force_login(staff)
    assert "Thorough map." in response.text
    response = client.post(
        reverse("courses:staff_decide", args=[course.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    assert "is not paid yet: approve once it is settled" in response.text
    response = client.post(
        reverse("courses:staff_decide", args=[course.pk]), {"decision": "return"}
    )
    assert "Give your comments: the provider will read them." in response.text
    client.post(
        reverse("courses:staff_decide", args=[course.pk]),
        {"decision": "return", "comments": "Add an assessment per unit."},
    )
    client.force_login(provider_user)
    page = client.get(Course.objects.get(pk=course.pk).get_provider_url()).text
    assert "returned the course with these comments" in page
    assert "Add an assessment per unit." in page


def test_a_new_api_key_is_shown_once_and_never_cached(client, provider, provider_user):
    client.force_login(provider_user)
    url = reverse("courses:api_keys", args=[provider.pk])
    response = once_post(client, url, {"name": "Moodle"})
    assert response["Cache-Control"] == "no-store"
    assert 'value="cpk_' in response.text
    later = client.get(url).text
    assert 'value="cpk_' not in later
    assert "Moodle" in later
    assert 'action="#key-errors"' in later  # a refused key opens at its summary
    refused = client.post(url, {"name": "", "days": "9999"})
    assert refused.status_code == 400
    assert '<a href="#id_name">Say what the key is for.</a>' in refused.text
    assert 'id="key-errors"' in refused.text
    assert 'value="9999"' in refused.text  # what was typed stays


@pytest.mark.parametrize(
    "when",
    [pytest.param("today"), pytest.param("2028", marks=clock_at("2028-02-29T00:30:00-06:00"))],
)
def test_staff_work_the_unmatched_reports(client, course, provider_user, staff, lsscp, when):
    from certify.courses.models import UnmatchedCompletion
    from tests.courses.conftest import enrol

    # A month ago, not a fixed day: completions count from the program's look-back years before
    # the course's approval (today), and "2026-01-01" stopped counting on 2 January 2028.
    completed_on = program_today(lsscp) - timedelta(days=30)
    services.completions_report(
        course=course,
        rows=[
            services.ReportRow(
                line=1,
                email="old@example.org",
                full_name="Dana Okafor",
                completed_on=completed_on.isoformat(),
            )
        ],
        actor=provider_user,
    )
    row = UnmatchedCompletion.objects.get()
    dana = enrol(lsscp, email="dana@example.org")
    client.force_login(staff)
    page = client.get(reverse("courses:staff_unmatched")).text
    assert "old@example.org" in page
    url = reverse("courses:staff_unmatched_resolve", args=[row.pk])
    response = client.post(url, {"action": "match", "candidate": "dana@example.org"}, follow=True)
    assert "Say why this report is this candidate&#x27;s" in response.text
    reason = "Her old address."
    response = client.post(
        url, {"action": "match", "candidate": "nobody@x.org", "note": reason}, follow=True
    )
    assert "No enrolled candidate" in response.text
    response = client.post(
        url, {"action": "match", "candidate": "dana@example.org", "note": reason}, follow=True
    )
    # Dana's plan does not name the course: the completion waits for her, and she is told.
    assert "Matched to Dana Okafor; their plan does not name this course" in response.text
    completion = dana.candidate.course_completions.get()
    assert completion.status == "awaiting"
    assert not dana.planned_sets.get(competency_set__code="CT").is_satisfied
    notice = dana.candidate.notifications.get(event="course.completion_to_confirm")
    assert notice.link == "/plan/providers/"


def test_the_navigation_leads_each_role_to_their_course_pages(client, provider_user, staff, db):
    client.force_login(provider_user)
    assert reverse("courses:provider_home") in client.get("/").text
    client.force_login(staff)
    assert reverse("courses:staff_courses") in client.get("/").text
    client.logout()
    assert reverse("courses:catalogue") in client.get("/").text


def test_the_demo_has_a_provider_with_two_approved_courses_and_a_programme(lsscp, capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # safe to run again
    assert "provider@example.org acts for Northside Community College" in capsys.readouterr().out
    provider = Provider.objects.get(name="Northside Community College")
    assert provider.members.filter(email="provider@example.org").exists()
    listed = catalogue(program=lsscp).filter(provider=provider)
    assert sorted(c.competency_set.code for c in listed) == ["CT", "TEC"]
    assert lsscp.recognised_programmes.count() == 1


def test_the_keys_page_marks_a_key_the_two_factor_rule_stopped(
    client, provider, provider_user, settings
):
    """As the personal tokens page does (ADR 0023): a key made before its maker turned on 2FA,
    and one whose maker's roles need 2FA while it is off, say so on the page, not only in the
    API's answer; the page's query count does not grow with keys and their makers."""
    from allauth.mfa.models import Authenticator

    from certify.accounts.models import RoleAssignment
    from certify.courses.models import ProviderMembership
    from tests.conftest import count_queries

    settings.MFA_REQUIRED_ROLES = ("reviewer",)
    services.api_key_create(provider=provider, actor=provider_user, name="Before 2FA")
    Authenticator.objects.create(user=provider_user, type=Authenticator.Type.TOTP, data={})
    services.api_key_create(provider=provider, actor=provider_user, name="With 2FA")
    client.force_login(provider_user)
    url = reverse("courses:api_keys", args=[provider.pk])
    page = client.get(url).text
    assert page.count("No longer works: it was made before") == 1
    assert "Not working now" not in page
    colleague = UserFactory(full_name="Robin Reviewer", roles=[Role.PROVIDER])
    ProviderMembership.objects.create(provider=provider, user=colleague)
    services.api_key_create(provider=provider, actor=colleague, name="Robin's")
    few = count_queries(lambda: client.get(url))
    RoleAssignment.objects.create(user=colleague, role=Role.REVIEWER)
    page = client.get(url).text
    assert "Not working now: Robin Reviewer needs two-factor authentication" in page
    for n in range(3):
        other = UserFactory(roles=[Role.PROVIDER])
        ProviderMembership.objects.create(provider=provider, user=other)
        services.api_key_create(provider=provider, actor=other, name=f"Key {n}")
    assert count_queries(lambda: client.get(url)) == few
