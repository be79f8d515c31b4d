"""One validation, two doors, for the course, program and renewal forms that gained operations:
the same bad input through the page and through the API is refused with the same words, named
by the same field (ADR 0054)."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.courses.models import CourseCompletion, ProviderConsent, RecognisedProgramme
from certify.renewals.lifecycle import add_months
from certify.renewals.models import Reinstatement
from tests.courses.conftest import (  # noqa: F401  (fixtures)
    course,
    ct,
    enrolled,
    pdf_upload,
    planned,
    provider,
    provider_user,
)
from tests.days import InDays, dated
from tests.renewals.conftest import holder_with_certificate
from tests.rest.test_two_doors import api_fields, form_fields

# --- A course completion the candidate records --------------------------------------------------
BAD_COMPLETIONS: dict[str, dict[str, Any]] = {
    "no course": {"course": None},
    "no date": {"completed_on": None},
    "a date in the future": {"completed_on": InDays(3)},
    "no certificate": {"certificate": None},
}


@pytest.mark.parametrize("case", BAD_COMPLETIONS)
def test_a_completion_is_refused_alike_by_the_form_and_the_api(
    client,
    planned,  # noqa: F811
    course,  # noqa: F811
    case,
):
    today = timezone.localdate()
    good = {
        "course": course.pk,
        "completed_on": (today - timedelta(days=5)).isoformat(),
        "certificate": "file",
    }
    data = {**good, **dated(BAD_COMPLETIONS[case], iso=True)}
    client.force_login(planned.application.candidate)

    def sent(names: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, name in names.items():
            if data[key] is None:
                continue
            out[name] = pdf_upload() if key == "certificate" else data[key]
        return out

    page = client.post(
        reverse("courses:course_completion", args=[planned.pk]),
        sent({"course": "course", "completed_on": "completed_on", "certificate": "certificate"}),
    )
    assert page.status_code == 400
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        f"/api/v1/plan/courses/sets/{planned.pk}/completions",
        sent({"course": "course_id", "completed_on": "completed_on", "certificate": "certificate"}),
    )

    assert api_fields(api) == said_by_the_form
    assert not CourseCompletion.objects.exists()


# --- A recognized college program (staff) -------------------------------------------------------
PROGRAMME = {
    "college": "Lakeshore Technical College",
    "name": "Library Technical Assistant, AAS",
    "starts_on": "2024-05-01",
    "sets": ["CT"],
}
BAD_PROGRAMMES: dict[str, dict[str, Any]] = {
    "no college": {"college": ""},
    "no name": {"name": ""},
    "no start": {"starts_on": None},
    "an end before the start": {"ends_on": "2024-04-30"},
    "no sets": {"sets": []},
}


@pytest.mark.parametrize("case", BAD_PROGRAMMES)
def test_a_program_is_refused_alike_by_the_form_and_the_api(client, lsscp, staff, case):
    data = {**PROGRAMME, **BAD_PROGRAMMES[case]}
    client.force_login(staff)
    sets = {s.code: s.pk for s in lsscp.competency_sets.all()}
    posted = {k: "" if v is None else v for k, v in data.items()}
    posted["sets"] = [sets[code] for code in data["sets"]]
    page = client.post(reverse("courses:staff_programmes"), posted)
    assert page.status_code == 400
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        "/api/v1/staff/courses/programmes",
        {k: v for k, v in data.items() if v is not None},
        content_type="application/json",
    )

    assert api_fields(api) == said_by_the_form
    assert not RecognisedProgramme.objects.exists()


# --- Reopening renewal of a lapsed certificate (staff) ------------------------------------------
BAD_REINSTATEMENTS: dict[str, dict[str, Any]] = {
    "no reason": {"reason": ""},
    "no day": {"renew_by": None},
    "a day that is not after today": {"renew_by": InDays(0)},
}


@pytest.mark.parametrize("case", BAD_REINSTATEMENTS)
def test_a_reinstatement_is_refused_alike_by_the_form_and_the_api(client, lsscp, staff, case):
    today = timezone.localdate()
    expired = add_months(today, -lsscp.renewal_grace_months) - timedelta(days=1)
    lapsed = holder_with_certificate(
        lsscp, issued_on=add_months(expired, -12 * lsscp.certificate_validity_years)
    )
    data = {
        "renew_by": (today + timedelta(days=30)).isoformat(),
        "reason": "Hospital stay.",
        **dated(BAD_REINSTATEMENTS[case], iso=True),
    }
    client.force_login(staff)
    page = client.post(
        reverse("renewals:staff_reinstate", args=[lapsed.pk]),
        {k: "" if v is None else v for k, v in data.items()},
    )
    assert page.status_code == 400
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        f"/api/v1/staff/renewals/lapsed/{lapsed.pk}/reinstate",
        {k: v for k, v in data.items() if v is not None},
        content_type="application/json",
    )

    assert api_fields(api) == said_by_the_form
    assert not Reinstatement.objects.exists()


# --- A provider invites a candidate to give consent ---------------------------------------------
BAD_INVITATIONS: dict[str, dict[str, Any]] = {
    "no course": {"course": None},
    "no one": {"who": ""},
    "neither an address nor a number": {"who": "Dana"},
}


@pytest.mark.parametrize("case", BAD_INVITATIONS)
def test_an_invitation_is_refused_alike_by_the_form_and_the_api(
    client,
    course,  # noqa: F811
    provider,  # noqa: F811
    provider_user,  # noqa: F811
    case,
):
    data = {"course": course.pk, "who": "dana@example.org", **BAD_INVITATIONS[case]}
    client.force_login(provider_user)
    page = client.post(
        reverse("courses:invitations", args=[provider.pk]),
        {k: "" if v is None else v for k, v in data.items()},
    )
    assert page.status_code == 400
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        f"/api/v1/providers/{provider.pk}/invitations",
        {"course_id": data["course"], "who": data["who"]},
        content_type="application/json",
    )

    assert api_fields(api) == said_by_the_form
    assert not ProviderConsent.objects.exists()


# --- A second reviewer decides an appeal (staff) ------------------------------------------------
BAD_APPEAL_DECISIONS: dict[str, dict[str, Any]] = {
    "no outcome": {"outcome": ""},
    "no reason": {"reason": ""},
}


@pytest.mark.parametrize("case", BAD_APPEAL_DECISIONS)
def test_an_appeal_decision_is_refused_alike_by_the_form_and_the_api(client, lsscp, staff, case):
    from certify.appeals.services import appeal_give_notice, appeal_submit_grounds
    from certify.applications.decisions import application_reject
    from certify.applications.services import application_submit
    from tests.factories import ApplicationFactory, ExperienceEntryFactory, UserFactory

    application = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(application=application)
    application_submit(application=application, actor=application.candidate)
    application = application_reject(application=application, actor=staff, reason="Not yet.")
    appeal = appeal_give_notice(
        subject=application,
        appellant=application.candidate,
        program=lsscp,
        decided_by=staff,
        decided_at=application.decided_at,
    )
    appeal_submit_grounds(
        appeal=appeal, actor=application.candidate, grounds="The archive lends to the public."
    )
    data = {
        "outcome": "uphold",
        "reason": "The hours are not library work.",
        **BAD_APPEAL_DECISIONS[case],
    }
    client.force_login(UserFactory(roles=["program_staff"]))  # not the one who decided
    page = client.post(reverse("appeals:review", args=[appeal.pk]), data)
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        f"/api/v1/staff/appeals/{appeal.pk}/decision", data, content_type="application/json"
    )

    assert api_fields(api) == said_by_the_form
    appeal.refresh_from_db()
    assert appeal.status == "grounds"


# --- Staff decide an audited renewal ------------------------------------------------------------
BAD_RENEWAL_DECISIONS: dict[str, dict[str, Any]] = {
    "no decision": {"action": ""},
    "more evidence without a reason": {"action": "more_evidence", "reason": " "},
    "a refusal without a reason": {"action": "refuse", "reason": ""},
}


@pytest.mark.parametrize("case", BAD_RENEWAL_DECISIONS)
def test_a_renewal_decision_is_refused_alike_by_the_form_and_the_api(client, lsscp, staff, case):
    today = timezone.localdate()
    from certify.renewals.services import renewal_submit, renewal_sync
    from tests.renewals.conftest import in_window, log
    from tests.renewals.steps import pay

    lsscp.renewal_audit_percent = 100
    lsscp.save()
    certificate = in_window(lsscp, today)
    log(certificate.holder, program=lsscp, on=today)
    renewal = renewal_submit(certificate=certificate, actor=certificate.holder, today=today)
    pay(renewal, staff)
    renewal = renewal_sync(renewal=renewal)
    data = {"action": "approve", "reason": "", **BAD_RENEWAL_DECISIONS[case]}
    client.force_login(staff)
    page = client.post(reverse("renewals:staff_decide", args=[renewal.pk]), data)
    assert page.status_code == 400
    said_by_the_form = form_fields(page.context["form"])

    api = client.post(
        f"/api/v1/staff/renewals/{renewal.pk}/decision", data, content_type="application/json"
    )

    assert api_fields(api) == said_by_the_form
    renewal.refresh_from_db()
    assert renewal.status == "in_audit"
