"""The scholarship workflows' tables (an application to a fund, and an award), tried exhaustively
through the one transition call, with the sponsor's own people on their own cases."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.core.workflow import SYSTEM, LinkHolder
from certify.scholarships.models import Award, ScholarshipApplication, SponsorMember
from tests.factories import (
    FundFactory,
    ScholarshipApplicationFactory,
    SponsorMemberFactory,
    UserFactory,
)
from tests.workflow import Move, assert_workflow_table

A = ScholarshipApplication.Status
APPLICANT = "the applicant themselves"
DECIDERS = "the sponsor's administrators and committee other than the applicant"
APPLICATION_TABLE = {
    "withdraw": Move.of(A.SUBMITTED, A.WITHDRAWN, by=APPLICANT, allowed=["applicant"]),
    "grant": Move.of(A.SUBMITTED, A.AWARDED, by=DECIDERS, allowed=["admin", "committee"]),
    "decline": Move.of(
        A.SUBMITTED, A.DECLINED, by=DECIDERS, allowed=["admin", "committee"], reason=True
    ),
}

W = Award.Status
RECIPIENT = "the recipient themselves"
ADMINS = "the sponsor's administrators other than the recipient"
PAYERS = "the sponsor's administrators and committee other than the recipient"
SETTLED = "Certify itself, once the invoice carrying the credit is settled"
REFUNDED = (
    "Certify itself, when the invoice carrying the credit was refunded or voided, or the program "
    "did not accept the recipient of an enrollment award"
)
DAILY = "Certify's daily job, once the use-by day has passed"
APPEAL = (
    "Certify itself, when an appeal sent back the rejection that ended an enrollment award and "
    "the fund can still pay it"
)
AWARD_TABLE = {
    "mark_paid": Move.of(W.COMMITTED, W.PAID, by=SETTLED, allowed=["system"]),
    "record_payment": Move.of(W.COMMITTED, W.PAID, by=PAYERS, allowed=["admin", "committee"]),
    "withdraw": Move.of(
        W.COMMITTED,
        W.WITHDRAWN,
        by=[ADMINS, RECIPIENT],
        allowed=["admin", "recipient"],
        reason=True,
    ),
    "return_refunded": Move.of(W.COMMITTED, W.WITHDRAWN, by=REFUNDED, allowed=["system"]),
    "expire": Move.of(W.COMMITTED, W.EXPIRED, by=DAILY, allowed=["system"]),
    "restore": Move.of(W.WITHDRAWN, W.COMMITTED, by=APPEAL, allowed=["system"]),
}


def _sponsor_person(sponsor, role, *, roles=(Role.SPONSOR,)):
    user = UserFactory(roles=list(roles))
    SponsorMember.objects.create(sponsor=sponsor, user=user, role=role)
    return user


@pytest.fixture
def people(ssd):
    return {
        "admin": _sponsor_person(ssd, SponsorMember.Role.ADMIN),
        "committee": _sponsor_person(ssd, SponsorMember.Role.COMMITTEE),
        # On SSD's list, but without the sponsor role (it was taken away): decides nothing.
        "listed without the role": _sponsor_person(ssd, SponsorMember.Role.ADMIN, roles=()),
        "another sponsor's admin": SponsorMemberFactory().user,
        "sponsor role only": UserFactory(roles=[Role.SPONSOR]),
        "staff": UserFactory(roles=[Role.PROGRAM_STAFF]),
        "another candidate": UserFactory(roles=[Role.CANDIDATE]),
        "superuser without a role": UserFactory(roles=[], is_superuser=True),
    }


def _application(fund, status, applicant=None):
    return ScholarshipApplicationFactory(
        fund=fund, applicant=applicant or UserFactory(roles=[Role.CANDIDATE]), status=status
    )


def _award(fund, status, recipient=None):
    application = _application(fund, A.AWARDED, recipient)
    today = timezone.localdate()
    return Award.objects.create(
        application=application,
        fund=fund,
        recipient=application.applicant,
        purpose=application.purpose,
        amount_cents=fund.award_cents,
        status=status,
        awarded_on=today,
        use_by=today + timedelta(days=365),
    )


def _actors(people, own):
    return {
        own: lambda s: s.applicant if isinstance(s, ScholarshipApplication) else s.recipient,
        **{kind: (lambda s, who=who: who) for kind, who in people.items()},
        "system": lambda s: SYSTEM,
        "link holder": lambda s: LinkHolder("scholarship", s.pk),
    }


def test_every_application_move_by_every_actor_from_every_status(enrollment_fund, people):
    actors = _actors(people, "applicant")
    outcome = assert_workflow_table(
        ScholarshipApplication,
        table=APPLICATION_TABLE,
        subject_in=lambda status: _application(enrollment_fund, status),
        actors=actors,
    )
    assert outcome.tried == len(A.choices) * len(APPLICATION_TABLE) * len(actors)


def test_every_award_move_by_every_actor_from_every_status(enrollment_fund, people):
    actors = _actors(people, "recipient")
    outcome = assert_workflow_table(
        Award,
        table=AWARD_TABLE,
        subject_in=lambda status: _award(enrollment_fund, status),
        actors=actors,
    )
    assert outcome.tried == len(W.choices) * len(AWARD_TABLE) * len(actors)


def test_the_sponsors_people_never_decide_their_own_case(enrollment_fund, people):
    """A committee member who applied may withdraw their application, not decide it; an
    administrator who received an award may give it back, not withdraw it as administrator or
    record its payment. Their colleagues may."""
    committee, admin = people["committee"], people["admin"]

    def fund():  # one of SSD's funds per subject: one live application per fund and person
        return FundFactory(sponsor=enrollment_fund.sponsor)

    own = assert_workflow_table(
        ScholarshipApplication,
        table={
            **APPLICATION_TABLE,
            "withdraw": Move.of(A.SUBMITTED, A.WITHDRAWN, by=APPLICANT, allowed=["own"]),
        },
        subject_in=lambda status: _application(fund(), status, committee),
        actors={"own": lambda a: committee, "admin": lambda a: admin},
        own_case=["own"],
    )
    assert any("grant, by own" in refused for refused in own.refusals)
    own_award = assert_workflow_table(
        Award,
        table={
            **AWARD_TABLE,
            "withdraw": Move.of(
                W.COMMITTED, W.WITHDRAWN, by=[ADMINS, RECIPIENT], allowed=["own"], reason=True
            ),
            "record_payment": Move.of(W.COMMITTED, W.PAID, by=PAYERS, allowed=["committee"]),
        },
        subject_in=lambda status: _award(fund(), status, admin),
        actors={"own": lambda a: admin, "committee": lambda a: committee},
        own_case=["own"],
    )
    assert any("record_payment, by own" in refused for refused in own_award.refusals)
