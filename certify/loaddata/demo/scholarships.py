"""Demo data (local only): sponsor@example.org runs SSD's funds and chairs the enrollment fund's
committee, with two committee members who score on its rubric; draft@example.org is a confirmed
SSD member with a USD 200 enrollment award, waiting for their LSSCP application (a draft) to be
accepted: it goes on their enrollment invoice then."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from certify.accounts.models import Role, User
from certify.accounts.services import user_create
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.memberships.models import Membership
from certify.memberships.services import membership_confirm, membership_record
from certify.programs.models import Program
from certify.scholarships.defaults import defaults_ensure
from certify.scholarships.models import Award, Fund, ScholarshipApplication, SponsorMember
from certify.scholarships.services import (
    application_award,
    application_submit,
    rubric_save,
    sponsor_member_add,
)

DEMO_AWARDEE = "draft@example.org"
COMMITTEE = (
    ("committee1@example.org", "Jordan Reyes"),
    ("committee2@example.org", "Priya Shah"),
)
RUBRIC = (
    {"name": "Need", "max_points": 10, "description": "How much the award would help."},
    {"name": "Commitment", "max_points": 10, "description": "Plans to finish the LSSCP."},
    {"name": "Service", "max_points": 5, "description": "Contribution to library users."},
)


def _committee_member(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first() or user_create(
        email=email, full_name=name, password=DEMO_PASSWORD, roles=(Role.SPONSOR,)
    )
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_committee_create(*, sponsor_user: User) -> Fund:
    """The enrollment fund's committee: two members and the demo sponsor as its chair, with a
    rubric (set only while nobody has scored) and a decision date. Safe to repeat."""
    ssd = defaults_ensure()
    for email, name in COMMITTEE:
        sponsor_member_add(
            sponsor=ssd, user=_committee_member(email, name), role=SponsorMember.Role.COMMITTEE
        )
    fund = Fund.objects.get(slug="ssd-lsscp-enrollment")
    changes: dict[str, object] = {"chair": sponsor_user} if fund.chair_id is None else {}
    if fund.decisions_by is None:
        changes["decisions_by"] = timezone.localdate() + timedelta(days=60)
    if changes:
        Fund.objects.filter(pk=fund.pk).update(**changes)
        fund.refresh_from_db()
    if not fund.criteria.exists():
        rubric_save(fund=fund, actor=sponsor_user, criteria=list(RUBRIC))
    return fund


def demo_scholarships_create(*, program: Program, sponsor_user: User) -> Award | None:
    """SSD with its funds, administered by the demo sponsor, and one award. Safe to repeat."""
    ssd = defaults_ensure()
    # Seed data: Certify itself attaches the demo administrator (no invitation). People are
    # added through invitations they accept (ADR 0025).
    sponsor_member_add(sponsor=ssd, user=sponsor_user, role=SponsorMember.Role.ADMIN)
    demo_committee_create(sponsor_user=sponsor_user)
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
