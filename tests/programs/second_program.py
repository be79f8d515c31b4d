"""A second program that is not about libraries and shares none of LSSCP's numbers, set up the
way its staff would: through the setup and framework services (the doors of the settings pages
and the API). Records Management Technician (RMT): two core sets and one elective of two, both
routes, a portfolio threshold of 80 %, a three-year certificate, 20 hours of continuing education
of which 5 on its retention set, 1,000 hours of experience in three years, USD 200 and no member
price, two years to finish, in Denver's time zone; experience is records management work in an
organization of one of four kinds."""

from certify.programs.frameworks import (
    framework_competency_save,
    framework_draft_start,
    framework_publish,
    framework_set_save,
)
from certify.programs.models import CompetencySet, Program
from certify.programs.setup import program_create, program_publish, program_settings_update

RMT_SETS = (
    ("RMF", "Records Management Foundations", "core"),
    ("RET", "Retention and Disposition", "core"),
    ("DIG", "Digital Records", "elective"),
    ("VIT", "Vital Records Protection", "elective"),
)
RMT_SETTINGS = (
    ("identity", {"contact_email": "rmt@certify.invalid", "time_zone": "America/Denver"}),
    (
        "eligibility",
        {
            "experience_hours_required": 1000,
            "experience_window_years": 3,
            "education_required": "high_school",
            "workplace_noun": "organization",
            "experience_field": "records management",
            "workplace_kinds": ["Government", "Business", "Health care", "Nonprofit"],
            "experience_counts": "paid or unpaid, keeping the records of an organization",
        },
    ),
    (
        "money",
        {
            "enrollment_fee_cents": 20000,
            "member_fee_cents": 20000,
            "member_organisation": "",
            "renewal_fee_cents": 9000,
            "course_approval_fee_cents": 5000,
            "accepts_card": True,
            "accepts_check": True,
        },
    ),
    ("candidacy", {"electives_required": 1, "completion_limit_years": 2}),
    (
        "routes",
        {
            "course_approval_years": 3,
            "course_completion_lookback_years": 1,
            "portfolio_met_percent": 80,
            "portfolio_resubmissions": 1,
        },
    ),
    ("certificate", {"certificate_validity_years": 3}),
    (
        "renewal",
        {
            "renewal_window_months": 6,
            "renewal_grace_months": 1,
            "renewal_ce_hours": 20,
            "renewal_technology_hours": 5,
            "renewal_technology_set_code": "RET",
            "semester_credit_hours": 12,
            "quarter_credit_hours": 8,
            "conference_day_hours": 5,
            "renewal_reminder_months": [6, 1],
        },
    ),
    ("pages", {"overview": "Certification for records management technicians."}),
)


def rmt_set_up(staff, *, slug: str = "rmt") -> Program:
    program = program_create(
        actor=staff,
        slug=slug,
        name="Records Management Technician Certification",
        short_name="RMT",
        certifying_body="Institute of Records Professionals",
    )
    for section, data in RMT_SETTINGS:
        if section != "renewal":  # its minimum names a set: set after the framework
            program = program_settings_update(
                program=program, actor=staff, section=section, data=data
            )
    draft = framework_draft_start(program=program, actor=staff)
    for code, name, kind in RMT_SETS:
        cset = framework_set_save(
            version=draft,
            actor=staff,
            code=code,
            name=name,
            kind=kind,
            routes=CompetencySet.Routes.BOTH,
        )
        for n in range(1, 6):
            framework_competency_save(
                competency_set=cset, actor=staff, code=f"{code}-{n}", statement=f"Does {name} {n}."
            )
    framework_publish(version=draft, actor=staff)
    program = program_settings_update(
        program=program, actor=staff, section="renewal", data=dict(RMT_SETTINGS)["renewal"]
    )
    return program_publish(program=program, actor=staff)
