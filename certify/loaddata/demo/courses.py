"""Demo data (local only): Northside Community College with two approved courses, and a
recognised college programme. Made through the services, as a provider and staff would."""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from certify.accounts.models import User
from certify.courses import rubric, services
from certify.courses.models import Course, Provider, RecognisedProgramme
from certify.payments.models import Invoice
from certify.programs.models import CompetencySet, Program

PROVIDER_EMAIL = "provider@example.org"
PROVIDER_NAME = "Northside Community College"


def _blank_pdf() -> bytes:
    """A real one-page PDF: uploads are opened and their pages counted, not only typed."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SYLLABUS = _blank_pdf()
COURSES: tuple[dict[str, Any], ...] = (
    {
        "code": "CT",
        "title": "Communicating at the Library Desk",
        "description": (
            "Listening, writing and teamwork for library support staff: reference interviews, "
            "difficult conversations, e-mail and signage, and working in a team."
        ),
        "format": Course.Format.ONLINE,
        "self_paced": True,
        "cost_cents": 18500,
    },
    {
        "code": "TEC",
        "title": "Library Technology Essentials",
        "description": (
            "Hands-on technology for library support staff: the integrated library system, "
            "public computers and printing, troubleshooting, privacy and digital literacy."
        ),
        "format": Course.Format.HYBRID,
        "self_paced": False,
        "cost_cents": 26000,
    },
)


def demo_courses_create(*, program: Program, staff: User) -> Provider | None:
    """Safe to run again: finds what exists and adds what is missing."""
    provider_user = User.objects.filter(email=PROVIDER_EMAIL).first()
    if provider_user is None:
        return None
    provider = Provider.objects.filter(name=PROVIDER_NAME).first()
    if provider is None:
        provider = services.provider_register(
            actor=provider_user,
            name=PROVIDER_NAME,
            kind=Provider.Kind.COLLEGE,
            contact_email="library-courses@northside.example.edu",
            website="https://northside.example.edu/library-courses",
            description="Continuing education for library workers since 1998.",
        )
    if not provider.is_approved:
        provider = services.provider_approve(provider=provider, actor=staff)
    for spec in COURSES:
        _demo_course(program=program, provider=provider, user=provider_user, staff=staff, **spec)
    _demo_programme(program=program, staff=staff)
    _demo_consent(program=program, provider=provider, user=provider_user)
    return provider


CONSENTING = "accepted@example.org"  # names the CT course in her plan
INVITED = "candidate@example.org"  # invited to the TEC course, not answered yet


def _demo_consent(*, program: Program, provider: Provider, user: User) -> None:
    """The provider's candidates gave consent (ADR 0021): one named the CT course in her plan,
    so the provider may report her completion; another has the provider's invitation to TEC
    waiting on her plan. Safe to run again."""
    from certify.applications.models import Application
    from certify.courses.models import ProviderConsent
    from certify.progress.services import plan_ensure, route_choose

    courses = {c.competency_set.code: c for c in provider.courses.select_related("competency_set")}
    application = Application.objects.filter(
        program=program, candidate__email=CONSENTING, status=Application.Status.ACCEPTED
    ).first()
    if application is not None and "CT" in courses:
        plan_ensure(application=application)
        planned = application.planned_sets.get(competency_set__code="CT")
        if not planned.route:
            planned = route_choose(planned=planned, actor=application.candidate, route="course")
        services.course_name_in_plan(
            planned=planned, actor=application.candidate, course=courses["CT"]
        )
    invited = Application.objects.filter(
        program=program, candidate__email=INVITED, status=Application.Status.ACCEPTED
    ).exists()
    sent = ProviderConsent.objects.filter(invited_as=INVITED, course__provider=provider).exists()
    if invited and "TEC" in courses and not sent:
        services.consent_invite(provider=provider, course=courses["TEC"], actor=user, who=INVITED)


def _demo_course(
    *, program: Program, provider: Provider, user: User, staff: User, code: str, **fields: Any
) -> Course:
    from datetime import timedelta

    from django.utils import timezone

    # Demo only: staff record the cheque the college sent (payments' own service).
    from certify.payments.services import payment_record

    cset = CompetencySet.objects.get(
        program=program, code=code, framework_version__status="published"
    )
    course = Course.objects.filter(provider=provider, title=fields["title"]).first()
    if course is None:
        start = None if fields["self_paced"] else timezone.localdate() + timedelta(days=45)
        course = services.course_create(
            provider=provider,
            actor=user,
            competency_set=cset,
            start_date=start,
            end_date=start + timedelta(weeks=10) if start else None,
            url="https://northside.example.edu/library-courses",
            assessments="A weekly practical assignment and a final project at your library.",
            instructors="Maya Torres, MLIS, 15 years in public libraries; Ben Ortiz, MLIS.",
            **fields,
        )
    if course.status in (Course.Status.DRAFT, Course.Status.RETURNED):
        services.course_map_replace(
            course=course,
            actor=user,
            mapping={
                c.code: f"Unit {i}: practice and an assignment on {c.code}"
                for i, c in enumerate(cset.competencies.all(), start=1)
            },
        )
        if not course.syllabus:
            services.course_syllabus_upload(
                course=course,
                actor=user,
                upload=SimpleUploadedFile("syllabus.pdf", SYLLABUS, "application/pdf"),
            )
        course = services.course_submit(course=Course.objects.get(pk=course.pk), actor=user)
    if course.status == Course.Status.SUBMITTED:
        invoice = course.fee_invoice
        if invoice is not None and invoice.status == Invoice.Status.OPEN:
            payment_record(
                invoice=invoice,
                amount=invoice.balance,
                method="cheque",
                reference="Check 5521",
                actor=staff,
            )
        services.course_evaluate(
            course=course,
            actor=staff,
            scores={c.key: (3, "") for c in rubric.CRITERIA},
            comment="Clear syllabus; every competency practised and assessed.",
        )
        services.course_approve(course=course, actor=staff)
    return course


def _demo_programme(*, program: Program, staff: User) -> None:
    from datetime import date

    name = "Library Technical Assistant, AAS"
    if RecognisedProgramme.objects.filter(program=program, name=name).exists():
        return
    services.programme_create(
        program=program,
        actor=staff,
        college="Lakeshore Technical College",
        name=name,
        reference="LSSCP-RA-2024-01",
        starts_on=date(2024, 1, 1),
        competency_sets=list(
            program.competency_sets.filter(
                code__in=["FLS", "CT", "TEC"], framework_version__status="published"
            )
        ),
        notes="Graduates within two years of graduating.",
    )
