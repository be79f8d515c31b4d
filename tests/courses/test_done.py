"""The issue's "done when", through the pages and the API as people use them:

A provider gets a course approved, it appears in the catalogue, a candidate's completion is
reported by CSV and by API, confirmed, and the set shows as satisfied on the candidate's plan.
"""

import re

from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import Role
from certify.courses.models import Course, CourseCompletion, Provider
from certify.courses.numbers import candidate_number
from certify.payments.models import Payment
from certify.payments.services import payment_record
from tests.courses.conftest import csv_upload, enrol, pdf_upload
from tests.factories import UserFactory
from tests.forms_once import once_post


def test_a_course_is_approved_listed_completed_by_csv_and_api_and_satisfies_the_plan(
    client, lsscp, staff, django_capture_on_commit_callbacks
):
    today = timezone.localdate().isoformat()
    ct = lsscp.competency_sets.get(code="CT")
    pat = UserFactory(full_name="Pat Nguyen", roles=[Role.CANDIDATE])

    # 1. The provider registers its organisation; staff approve it.
    client.force_login(pat)
    client.post(
        reverse("courses:register"),
        {
            "name": "Northside Community College",
            "kind": "college",
            "contact_email": "courses@northside.example.edu",
        },
    )
    provider = Provider.objects.get()
    client.force_login(staff)
    client.post(reverse("courses:staff_provider_approve", args=[provider.pk]))

    # 2. Pat describes the course, maps every competency (saved as typed), uploads the syllabus.
    client.force_login(pat)
    response = client.post(
        reverse("courses:course_new", args=[provider.pk]),
        {
            "competency_set": ct.pk,
            "title": "Communicating at the Library Desk",
            "description": "Listening, writing and teamwork.",
            "format": "online",
            "self_paced": "on",
            "cost_cents": "$185",
            "assessments": "Weekly assignments and a final project.",
            "instructors": "Maya Torres, MLIS.",
        },
    )
    course = Course.objects.get()
    assert response.url == f"{course.get_provider_url()}#main"
    for competency in ct.competencies.all():
        saved = client.post(
            reverse("courses:course_map", args=[provider.pk, course.pk, competency.pk]),
            {"content": f"Unit on {competency.code}"},
            headers={"HX-Request": "true"},
        )
        assert "Saved" in saved.text
    assert "Every competency of Communication and Teamwork is covered." in saved.text
    client.post(
        reverse("courses:course_syllabus", args=[provider.pk, course.pk]),
        {"syllabus": pdf_upload("syllabus.pdf")},
    )
    submitted = client.post(
        reverse("courses:course_submit", args=[provider.pk, course.pk]), follow=True
    )
    course.refresh_from_db()
    assert f"the approval fee is on invoice {course.fee_invoice.code}" in submitted.text

    # 3. The fee is paid; staff evaluate against the rubric and approve.
    payment_record(
        invoice=course.fee_invoice,
        amount=course.fee_invoice.balance,
        method=Payment.Method.CHEQUE,
        reference="Check 5521",
        actor=staff,
    )
    client.force_login(staff)
    client.post(
        reverse("courses:staff_evaluate", args=[course.pk]),
        {f"score_{k}": "3" for k in ("coverage", "assessment", "instruction", "currency")},
    )
    decided = client.post(
        reverse("courses:staff_decide", args=[course.pk]),
        {"decision": "approve", "comments": "Clear and complete."},
        follow=True,
    )
    assert "Approved until" in decided.text

    # 4. It is in the public catalogue.
    client.logout()
    catalogue = client.get(reverse("courses:catalogue"), {"q": "library desk"}).text
    assert "Communicating at the Library Desk" in catalogue

    # 5. Two candidates on the course route. Ann names the course in her plan; Ben accepts the
    # provider's invitation. Ann is reported by CSV, Ben through the API (ADR 0021).
    ann = enrol(lsscp, email="ann@example.org", name="Ann Lee")
    ben = enrol(lsscp, email="ben@example.org", name="Ben Ortiz")
    client.force_login(ann.candidate)
    ann_ct = ann.planned_sets.get(competency_set__code="CT")
    client.post(reverse("courses:course_name", args=[ann_ct.pk]), {"name-course": course.pk})
    page = client.get(reverse("courses:course_completion", args=[ann_ct.pk])).text
    assert "Your plan names <strong>Communicating at the Library Desk</strong>" in page

    client.force_login(pat)
    invited = client.post(
        reverse("courses:invitations", args=[provider.pk]),
        {"course": course.pk, "who": candidate_number(ben)},
        follow=True,
    ).text
    assert "Invitation sent." in invited
    assert "Not accepted" in invited
    assert "Ben Ortiz" not in invited
    client.force_login(ben.candidate)
    consents = client.get(reverse("courses:consents")).text
    assert "Northside Community College" in consents
    consent = ben.candidate.provider_consents.get()
    client.post(reverse("courses:consent_decide", args=[consent.pk]), {"move": "accept"})

    client.force_login(pat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("courses:imports", args=[provider.pk]),
            {
                "course": course.pk,
                "file": csv_upload(
                    f"email,full_name,completed_on\nann@example.org,lee ann,{today}\n"
                ),
            },
        )
    import_url = response.url.removesuffix("#main")  # the upload's page (ADR 0043)
    assert "Import 1 completion" in client.get(import_url).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(import_url + "confirm/")

    keys_page = once_post(
        client, reverse("courses:api_keys", args=[provider.pk]), {"name": "LMS"}
    ).text
    key = re.search(r'value="(cpk_[^"]+)"', keys_page).group(1)
    client.logout()
    body = client.post(
        f"/api/v1/providers/{provider.pk}/courses/{course.pk}/completions",
        {
            "completions": [
                {
                    "candidate_number": candidate_number(ben),
                    "full_name": "Ortiz Ben",
                    "completed_on": today,
                }
            ]
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    ).json()
    assert body["created"] == 1

    # 6. Ann's is confirmed at once; Ben's waits for Ben (his plan does not name the course),
    # and counts once he confirms it. Then the set is complete on each candidate's plan.
    assert CourseCompletion.objects.get(application=ann).status == "confirmed"
    waiting = CourseCompletion.objects.get(application=ben)
    assert waiting.status == "awaiting"
    assert not ben.planned_sets.get(competency_set__code="CT").is_satisfied
    client.force_login(ben.candidate)
    assert "Yes, I completed it" in client.get(reverse("courses:consents")).text
    client.post(reverse("courses:completion_answer", args=[waiting.pk]), {"answer": "yes"})
    for application in (ann, ben):
        client.force_login(application.candidate)
        plan = client.get(reverse("progress:plan")).text
        ct_row = plan.split("Communication and Teamwork")[1].split("</li>")[0]
        assert "Complete" in ct_row
        assert "Communicating at the Library Desk (Northside Community College)" in ct_row


def test_a_candidate_records_a_completion_and_the_provider_confirms_it(
    client, lsscp, provider, provider_user, course, planned, django_capture_on_commit_callbacks
):
    today = timezone.localdate().isoformat()
    candidate = planned.application.candidate
    client.force_login(candidate)
    plan = client.get(reverse("progress:plan")).text
    url = reverse("courses:course_completion", args=[planned.pk])
    assert f'href="{url}"' in plan
    assert "Record a course completion" in plan

    page = client.get(url).text
    assert candidate_number(planned.application) in page
    bad = client.post(
        url, {"course": course.pk, "completed_on": "1999-01-01", "certificate": pdf_upload()}
    )
    assert bad.status_code == 400
    assert "2 years before its approval" in bad.text
    assert 'value="1999-01-01"' in bad.text
    # The certificate sent with it is not kept by the browser: the summary says to choose it again.
    assert "Choose the file again: a page that was refused cannot keep it." in bad.text
    # The page comes back at the form's error summary (focused by forms.js), not at its top,
    # where a phone showed nothing wrong.
    assert 'action="' + url + '#completion-errors"' in bad.text
    assert 'id="completion-errors"' in bad.text
    client.post(url, {"course": course.pk, "completed_on": today, "certificate": pdf_upload()})
    completion = CourseCompletion.objects.get()

    client.force_login(provider_user)
    listed = client.get(reverse("courses:provider_completions", args=[provider.pk])).text
    assert candidate.full_name in listed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:provider_completion_decide", args=[provider.pk, completion.pk]),
            {"decision": "confirm"},
        )
    client.force_login(candidate)
    assert "Completed" in client.get(reverse("progress:plan")).text
