"""Demo data (local only): sponsor@example.org runs SSD's funds; draft@example.org is a
confirmed SSD member with a USD 200 enrollment award credited on their invoice."""

from datetime import timedelta

from django.utils import timezone

from certify.accounts.models import User
from certify.memberships.models import Membership
from certify.memberships.services import membership_confirm, membership_record
from certify.programs.models import Program
from certify.scholarships.defaults import defaults_ensure
from certify.scholarships.models import Award, Fund, ScholarshipApplication, SponsorMember
from certify.scholarships.services import application_award, application_submit, sponsor_member_add

DEMO_AWARDEE = "draft@example.org"


def demo_scholarships_create(*, program: Program, sponsor_user: User) -> Award | None:
    """SSD with its funds, administered by the demo sponsor, and one award. Safe to repeat."""
    ssd = defaults_ensure()
    # Seed data: Certify itself attaches the demo administrator (no invitation). People are
    # added through invitations they accept (ADR 0025).
    sponsor_member_add(sponsor=ssd, user=sponsor_user, role=SponsorMember.Role.ADMIN)
    candidate = User.objects.filter(email=DEMO_AWARDEE).first()
    if candidate is None or ssd.organisation is None:
        return None
    if not Membership.objects.filter(user=candidate, organisation=ssd.organisation).exists():
        membership = membership_record(
            user=candidate,
            organisation=ssd.organisation,
            member_number="SSD-1207",
            expires_on=timezone.localdate() + timedelta(days=300),
            actor=candidate,
        )
        membership_confirm(membership=membership, actor=sponsor_user)
    fund = Fund.objects.get(slug="ssd-lsscp-enrollment")
    application = ScholarshipApplication.objects.filter(fund=fund, applicant=candidate).first()
    if application is None:
        application = application_submit(
            fund=fund,
            applicant=candidate,
            statement="I have worked at the Riverside circulation desk for three years and "
            "want to earn the LSSCP; the enrollment fee is a stretch on my wage.",
        )
    if application.status == ScholarshipApplication.Status.SUBMITTED:
        return application_award(
            application=application, actor=sponsor_user, reason="A clear, strong statement."
        )
    return Award.objects.filter(application=application).first()
