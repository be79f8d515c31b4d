"""A set completed by an approved course or a recognised college programme gets its own
credential once, naming that route (ADR 0035)."""

from datetime import timedelta

from django.utils import timezone

from certify.certificates.models import SetCredential
from certify.courses import services
from tests.courses.conftest import enrol, pdf_upload
from tests.courses.test_completions import record


def _routes(application) -> dict[str, str]:
    return {
        s.competency_set.code: s.credential["evidence"][0]["name"]
        for s in SetCredential.objects.filter(application=application).select_related(
            "competency_set"
        )
    }


def test_a_confirmed_course_completion_issues_the_sets_credential_once(
    planned, course, provider_user, django_capture_on_commit_callbacks
):
    completion = record(planned, course)
    with django_capture_on_commit_callbacks(execute=True):
        services.completion_confirm(completion=completion, actor=provider_user)
    assert _routes(planned.application) == {"CT": "Approved course"}
    made = SetCredential.objects.get(planned_set=planned)
    assert "Communicating at the Library Desk" in made.credential["evidence"][0]["narrative"]


def test_a_confirmed_programme_claim_issues_a_credential_for_each_set_it_covers(
    lsscp, staff, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    programme = services.programme_create(
        program=lsscp,
        actor=staff,
        college="Lakeshore Technical College",
        name="Library Technical Assistant, AAS",
        reference="RA-2024-01",
        starts_on=today - timedelta(days=365 * 5),
        competency_sets=list(lsscp.competency_sets.filter(code__in=["FLS", "CT"])),
    )
    graduate = enrol(lsscp, email="grad@example.org", sets=("FLS",), route="programme")
    claim = services.claim_submit(
        planned=graduate.planned_sets.get(competency_set__code="FLS"),
        actor=graduate.candidate,
        programme=programme,
        graduated_on=today - timedelta(days=200),
        proof=pdf_upload("diploma.pdf"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_confirm(claim=claim, actor=staff)
    label = "Recognized college program"
    assert _routes(graduate) == {"FLS": label, "CT": label}
