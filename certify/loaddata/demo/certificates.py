"""A certified demo candidate (local demo data only): every set complete, certificate issued.

Made through the same services as real use: application, acceptance, payment, plan, sets
satisfied by approved courses; the last set completes the plan, which issues the certificate.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.accounts.services import user_create
from certify.applications import decisions
from certify.applications import services as applications
from certify.applications.models import Application
from certify.certificates.models import Certificate
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.programs.api import program_zone
from certify.programs.models import Program
from certify.progress import services as progress

CERTIFIED = ("certified@example.org", "Mei-Ling Chen 陳美玲")
ELECTIVES = ["REF", "CAT", "YTH"]


def demo_enrolled_create(
    *,
    program: Program,
    staff: User,
    email: str,
    name: str,
    library_name: str,
    role: str,
    enrolled_on: date | None = None,
) -> tuple[User, Application | None, Certificate | None]:
    """A demo candidate accepted (today, or on `enrolled_on`), paid up and with electives
    chosen; or, when they already hold a certificate, that certificate and no application (the
    demo is safe to run again)."""
    from certify.loaddata.demo.payments import demo_payments_create

    user = User.objects.filter(email=email).first() or user_create(
        email=email, full_name=name, password=DEMO_PASSWORD, roles=(Role.CANDIDATE,)
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    existing = Certificate.objects.filter(holder=user, program=program).first()
    if existing is not None:
        return user, None, existing
    application = applications.application_start(candidate=user, program=program)
    if application.status == application.Status.DRAFT:
        applications.application_update(
            application=application,
            actor=user,
            education_level="diploma",
            education_country="US",
            attested=True,
        )
        applications.experience_save(
            application=application,
            actor=user,
            library_name=library_name,
            library_type="public",
            role=role,
            paid=True,
            start_date=timezone.localdate() - timedelta(days=4 * 365),
            end_date=None,
            hours_mode="weekly",
            hours_per_week=Decimal(30),
            supervisor_name="Jordan Ellis",
            supervisor_email="jordan.ellis@example.org",
        )
        application = applications.application_submit(application=application, actor=user)
    if application.status == application.Status.SUBMITTED:
        application = decisions.application_accept(
            application=application, actor=staff, enrolled_on=enrolled_on
        )
        if enrolled_on is not None:  # sent and decided back then, as the enrollment says
            decided = datetime.combine(enrolled_on, time(12), tzinfo=program_zone(program))
            Application.objects.filter(pk=application.pk).update(
                submitted_at=decided - timedelta(days=10), decided_at=decided
            )
            application.refresh_from_db()
    demo_payments_create(candidate=user, staff=staff, program=program)
    progress.plan_ensure(application=application)
    # Chosen on the day they were accepted: a holder's history may be older than their deadline.
    progress.electives_choose(
        application=application, actor=user, set_codes=ELECTIVES, today=enrolled_on
    )
    return user, application, None


def demo_certified_create(*, program: Program, staff: User) -> Certificate | None:
    """The certified candidate and their certificate. Safe to run again."""
    email, name = CERTIFIED
    user, application, existing = demo_enrolled_create(
        program=program,
        staff=staff,
        email=email,
        name=name,
        library_name="Lakeside Branch Library",
        role="Library technician",
    )
    if existing is not None or application is None:
        return existing
    for planned in application.planned_sets.select_related("competency_set"):
        progress.route_choose(planned=planned, actor=user, route="course")
        progress.planned_set_satisfy(
            planned=planned,
            actor=staff,
            route="course",
            evidence=f"Approved course in {planned.competency_set.name} (demo)",
        )
    return Certificate.objects.filter(holder=user, program=program).first()
