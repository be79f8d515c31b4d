"""A second program set up through the setup and framework services alone (the same doors as
the screens and the API), and one candidate in it and in LSSCP at once: the education rule of
each applies to its own application, and fees, plans and certificates stay apart."""

from datetime import date

import pytest

from certify.accounts.models import Role
from certify.applications.decisions import application_accept
from certify.applications.models import Application
from certify.applications.services import (
    application_eligibility,
    application_start,
    application_submit,
    application_update,
    experience_save,
    submission_problems,
)
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.services.issuance import certificate_approve
from certify.payments.models import Invoice
from certify.programs.frameworks import (
    framework_competency_save,
    framework_draft_start,
    framework_publish,
    framework_set_save,
)
from certify.programs.models import CompetencySet, Program
from certify.programs.setup import program_create, program_publish, program_settings_update
from certify.progress.services import electives_choose, plan_ensure, planned_set_satisfy
from tests.factories import LSSCP_RULES, UserFactory

CPLA_SETS = (
    ("BF", "Budget and Finance", "core"),
    ("TEC", "Management of Technology", "core"),
    ("MK", "Marketing", "elective"),
    ("PN", "Politics and Networking", "elective"),
)


def cpla_set_up(staff) -> Program:
    program = program_create(
        actor=staff,
        slug="cpla",
        name="Certified Public Library Administrator Program",
        short_name="CPLA",
        certifying_body="ALA-APA",
    )
    for section, data in (
        ("identity", {"contact_email": "cpla@certify.invalid"}),
        (
            "eligibility",
            {
                "experience_hours_required": 5460,
                "experience_window_years": 10,
                "education_required": "masters_accredited",
                "education_accreditor": "the American Library Association (ALA)",
            },
        ),
        (
            "money",
            {
                "enrollment_fee_cents": 35000,
                "member_organisation": "ALA",
                "member_fee_cents": 25000,
                "accepts_check": True,
            },
        ),
        ("candidacy", {"electives_required": 1, "completion_limit_years": 5}),
        ("certificate", {"certificate_validity_years": 5, "certificate_approval_required": True}),
        ("renewal", {"renewal_window_months": 12, "renewal_ce_hours": 60}),
        ("pages", {"overview": "Post-MLS certification for public library administrators."}),
    ):
        program = program_settings_update(program=program, actor=staff, section=section, data=data)
    draft = framework_draft_start(program=program, actor=staff)
    for code, name, kind in CPLA_SETS:
        cset = framework_set_save(
            version=draft,
            actor=staff,
            code=code,
            name=name,
            kind=kind,
            routes=CompetencySet.Routes.COURSE,
        )
        framework_competency_save(
            competency_set=cset, actor=staff, code=f"{code}-1", statement=f"Leads {name}."
        )
    framework_publish(version=draft, actor=staff)
    return program_publish(program=program, actor=staff)


def _apply(candidate, program, staff, **education) -> Application:
    application = application_start(candidate=candidate, program=program)
    application_update(
        application=application,
        actor=candidate,
        education_country="US",
        attested=True,
        **education,
    )
    experience_save(
        application=application,
        actor=candidate,
        library_name="Hill Public Library",
        library_type="public",
        role="Branch manager",
        start_date=date(2018, 1, 8),
        hours_mode="weekly",
        hours_per_week=40,
    )
    return application


@pytest.mark.django_db
def test_one_candidate_in_two_programs_at_once(lsscp, staff):
    cpla = cpla_set_up(staff)
    candidate = UserFactory(full_name="Robin Lee", roles=[Role.CANDIDATE])

    # CPLA's education rule: a master's degree from an ALA-accredited program.
    cpla_app = _apply(candidate, cpla, staff, education_level="bachelors")
    result = application_eligibility(application=cpla_app)
    needs = (
        "The program needs a master's degree from a program accredited by the American Library "
        "Association (ALA)."
    )
    assert needs in submission_problems(application=cpla_app, result=result)
    application_update(application=cpla_app, actor=candidate, education_level="masters")
    assert needs in submission_problems(application=cpla_app, result=result)  # not accredited
    application_update(application=cpla_app, actor=candidate, education_accredited=True)
    assert not [
        p
        for p in submission_problems(application=cpla_app, result=result)
        if "degree" in p or "diploma" in p
    ]

    # LSSCP's rule is what it was: a diploma meets it, no education does not.
    lsscp_app = _apply(candidate, lsscp, staff, education_level="none")
    lsscp_result = application_eligibility(application=lsscp_app)
    assert "high-school diploma or its equivalent" in " ".join(
        submission_problems(application=lsscp_app, result=lsscp_result)
    )
    application_update(application=lsscp_app, actor=candidate, education_level="diploma")

    for application in (cpla_app, lsscp_app):
        application_submit(application=application, actor=candidate)
        application_accept(application=application, actor=staff)

    # Fees apart: each program's enrollment invoice at its own fee.
    invoices = {i.program.slug: i for i in Invoice.objects.filter(user=candidate)}
    assert invoices["cpla"].total_cents == 35000
    assert invoices["lsscp"].total_cents == LSSCP_RULES["enrollment_fee_cents"]

    # Plans apart: each plan holds its own program's sets only.
    cpla_app.refresh_from_db()
    lsscp_app.refresh_from_db()
    plan_ensure(application=cpla_app)
    electives_choose(application=cpla_app, actor=candidate, set_codes=["MK"])
    plan_ensure(application=lsscp_app)
    cpla_rows = list(cpla_app.planned_sets.select_related("competency_set"))
    lsscp_rows = list(lsscp_app.planned_sets.select_related("competency_set"))
    assert {r.competency_set.program_id for r in cpla_rows} == {cpla.pk}
    assert {r.competency_set.program_id for r in lsscp_rows} == {lsscp.pk}
    assert {r.competency_set.code for r in cpla_rows} == {"BF", "TEC", "MK"}

    # CPLA completed by its courses; its certificate waits for staff approval (its rule).
    for row in cpla_rows:
        planned_set_satisfy(planned=row, actor=None, route="course", evidence="Course completed")
    certificate = Certificate.objects.get(holder=candidate)
    assert certificate.program == cpla
    assert certificate.status == Certificate.Status.PENDING
    certificate = certificate_approve(certificate=certificate, actor=staff)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.expires_on.year - certificate.issued_on.year == 5

    # Credentials apart: one per completed CPLA set, each naming CPLA and that set.
    credentials = SetCredential.objects.filter(holder=candidate)
    assert {c.competency_set.code for c in credentials} == {"BF", "TEC", "MK"}
    assert {c.program_id for c in credentials} == {cpla.pk}
    assert {c.application_id for c in credentials} == {cpla_app.pk}

    # LSSCP untouched: its plan is not complete and no certificate of it exists.
    assert not any(r.satisfied_at for r in lsscp_app.planned_sets.all())
    assert not Certificate.objects.filter(holder=candidate, program=lsscp).exists()
