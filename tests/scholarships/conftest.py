"""Scholarship fixtures: SSD as the sponsor, its funds, members, its committee (with a chair and
a rubric), and PostgreSQL-only tests."""

import functools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.memberships.models import Organisation
from certify.scholarships.api import defaults_ensure
from certify.scholarships.models import Fund, RubricCriterion, SponsorMember
from certify.scholarships.services import application_submit, rubric_save, scorecard_save
from tests.factories import MembershipFactory, ProgramFactory, SponsorMemberFactory, UserFactory
from tests.payments.conftest import FEES


def lsscp_like_program():
    """The default program ("lsscp"), quicker than loading LSSCP itself, with the payment
    tests' own fees (USD 350) so that the amounts below read plainly."""
    return ProgramFactory(
        slug="lsscp", short_name="LSSCP", name="Library Support Staff Certification Program", **FEES
    )


def ssd_ensure():
    """The OLA Support Staff Division as a sponsor, with its two funds (made by a migration;
    ensured here because PostgreSQL's transactional tests empty the tables), open since 2025."""
    sponsor = defaults_ensure()
    Fund.objects.filter(sponsor=sponsor).update(opens_on=date(2025, 1, 1))
    return sponsor


def sponsor_member_make(sponsor, role: str, full_name: str):
    user = UserFactory(full_name=full_name, roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=sponsor, user=user, role=role)
    return user


def ssd_member_make(ssd_org: Organisation, **kwargs):
    """A candidate with a confirmed, current SSD membership."""
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, organisation=ssd_org)
    return user


@pytest.fixture
def program(db):
    return lsscp_like_program()


@pytest.fixture
def ssd(db):
    return ssd_ensure()


@pytest.fixture
def ssd_org(ssd):
    return Organisation.objects.get(code="SSD")


@pytest.fixture
def enrollment_fund(ssd):
    """USD 1,000 in five awards of USD 200 toward the enrollment fee; SSD members only."""
    return Fund.objects.get(slug="ssd-lsscp-enrollment")


@pytest.fixture
def ce_fund(ssd):
    """The continuing-education scholarship: the enrollment fee or a class."""
    return Fund.objects.get(slug="ssd-continuing-education")


@pytest.fixture
def committee(ssd):
    """A member of SSD's scholarship committee."""
    return sponsor_member_make(ssd, SponsorMember.Role.COMMITTEE, "Chris Committee")


@pytest.fixture
def ssd_admin(ssd):
    return sponsor_member_make(ssd, SponsorMember.Role.ADMIN, "Alex Admin")


@pytest.fixture
def make_member(ssd_org):
    """A candidate with a confirmed, current SSD membership."""
    return functools.partial(ssd_member_make, ssd_org)


@pytest.fixture
def member(make_member):
    return make_member(full_name="Ravi Patel")


def apply(fund, user, *, on: date | None = None, **kwargs):
    kwargs.setdefault("statement", "I work at the circulation desk and want to be certified.")
    return application_submit(fund=fund, applicant=user, today=on, **kwargs)


def fee_invoiced(fund: Fund, user):
    """`user` applied to the fund's program, whose fee is paid when applying: their enrollment
    invoice is issued, so an enrollment award's credit goes on it at once (ADR 0050)."""
    from certify.payments.api import enrollment_invoice_get_or_create
    from certify.scholarships.selectors import fund_program

    return enrollment_invoice_get_or_create(user=user, program=fund_program(fund), actor=user)


def enroll(fund: Fund, user, *, on: date | None = None):
    """`user` is enrolled in the fund's program since `on` (its day today): their application
    was accepted, so a class award of theirs may be paid from that day."""
    from certify.applications.models import Application
    from certify.programs.api import program_today
    from certify.scholarships.selectors import fund_program
    from tests.factories import ApplicationFactory

    program = fund_program(fund)
    return ApplicationFactory(
        candidate=user,
        program=program,
        status=Application.Status.ACCEPTED,
        enrolled_on=on or program_today(program),
    )


def closed(fund: Fund) -> Fund:
    """The fund with its application window closed yesterday: a draw may run (ADR 0050)."""
    Fund.objects.filter(pk=fund.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    fund.refresh_from_db()
    return fund


# The people the pages refuse, and how each is signed in (tests/scholarships/test_views.py,
# test_views_one_world.py).
REFUSED = ["candidate", "another_sponsor", "reviewer", "provider"]


def sign_in(client, role):
    if role == "anonymous":
        return client
    # "another_sponsor": the administrator of another sponsor's funds.
    user = SponsorMemberFactory().user if role == "another_sponsor" else UserFactory(roles=[role])
    client.force_login(user)
    return client


# --- The committee (ADR 0050): three members, a chair who set the rubric, a member's scores ------

RUBRIC = [
    {"name": "Need", "max_points": 10, "description": "How much the award helps."},
    {"name": "Commitment", "max_points": 10, "description": ""},
]


@pytest.fixture
def members(ssd):
    """Three committee members and a chair (an administrator), on the enrollment fund."""
    people = []
    for name in ("Maya Member", "Omar Other", "Tess Third"):
        user = UserFactory(full_name=name, roles=[Role.SPONSOR])
        SponsorMember.objects.create(sponsor=ssd, user=user, role=SponsorMember.Role.COMMITTEE)
        people.append(user)
    return people


@pytest.fixture
def chair(ssd, enrollment_fund):
    user = UserFactory(full_name="Carla Chair", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=user, role=SponsorMember.Role.ADMIN)
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=user)
    enrollment_fund.refresh_from_db()
    rubric_save(fund=enrollment_fund, actor=user, criteria=RUBRIC)
    return user


def score(application, actor, need, commitment, comment=""):
    need_c, commit_c = RubricCriterion.objects.filter(fund=application.fund).order_by("position")
    return scorecard_save(
        application=application,
        actor=actor,
        scores={need_c.pk: (need, comment), commit_c.pk: (commitment, "")},
    )
