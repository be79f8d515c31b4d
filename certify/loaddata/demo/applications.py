"""Demo candidates at every application stage (local demo data only)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from certify.accounts.models import Role, User
from certify.accounts.services import user_create
from certify.applications import decisions, services
from certify.applications.models import Application
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.programs.models import Program

STAGES = (
    ("draft@example.org", "Ravi Patel", "draft"),
    ("submitted@example.org", "Maria González", "submitted"),
    ("moreinfo@example.org", "Sven Øberg", "more_info"),
    ("accepted@example.org", "Aiyana Redcloud", "accepted"),
    ("rejected@example.org", "Tom Becker", "rejected"),
    ("candidate@example.org", "Dana Okafor", "accepted"),
)


def demo_applications_create(*, program: Program, staff: User) -> list[Application]:
    """Create one application per stage. Candidates who already have one are left alone."""
    from allauth.account.models import EmailAddress

    created = []
    for email, name, stage in STAGES:
        user = User.objects.filter(email=email).first() or user_create(
            email=email, full_name=name, password=DEMO_PASSWORD, roles=(Role.CANDIDATE,)
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if Application.objects.filter(candidate=user, program=program).exists():
            continue
        application = services.application_start(candidate=user, program=program)
        services.application_update(
            application=application,
            actor=user,
            education_level="diploma",
            education_country="US",
            attested=True,
        )
        today = timezone.localdate()
        services.experience_save(
            application=application,
            actor=user,
            library_name="Riverside Public Library",
            library_type="public",
            role="Circulation assistant",
            paid=True,
            start_date=today - timedelta(days=3 * 365),
            end_date=None,
            hours_mode="weekly",
            hours_per_week=Decimal(20),
            supervisor_name="Pat Lee",
            supervisor_email="pat.lee@example.org",
        )
        if stage != "draft":
            services.application_submit(application=application, actor=user)
        if stage == "more_info":
            decisions.application_request_info(
                application=application,
                actor=staff,
                reason="Please add your volunteer work at the school library you mentioned.",
            )
        elif stage == "accepted":
            decisions.application_accept(application=application, actor=staff)
        elif stage == "rejected":
            decisions.application_reject(
                application=application,
                actor=staff,
                reason="The hours at the bookshop café are not library experience.",
            )
        created.append(application)
    return created
