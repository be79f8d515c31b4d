"""The demo data: the demo sponsor runs SSD; draft@example.org holds an SSD award, waiting for
their LSSCP application to be accepted."""

from certify.accounts.models import User
from certify.core.money import Money
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.services import can_decide
from certify.payments.api import enrollment_invoice_for
from certify.scholarships.models import Award, SponsorMember
from tests.factories import UserFactory


def test_the_demo_sponsor_runs_ssd_and_a_demo_candidate_holds_an_award(ssd, program):
    sponsor = UserFactory(email="sponsor@example.org", roles=["sponsor"])
    draft = UserFactory(email="draft@example.org", full_name="Ravi Patel")
    award = demo_scholarships_create(program=program, sponsor_user=sponsor)
    assert demo_scholarships_create(program=program, sponsor_user=sponsor) == award  # repeatable
    assert SponsorMember.objects.get(user=sponsor, sponsor=ssd).role == "admin"
    assert can_decide(user=User.objects.get(pk=sponsor.pk), organisation=ssd.organisation)
    assert (award.recipient, award.amount, Award.objects.count()) == (draft, Money(20000), 1)
    # Their LSSCP application is a draft: the award waits to go on the enrollment invoice.
    assert enrollment_invoice_for(user=draft, program=program) is None
    assert (award.invoice, award.note) == (
        None,
        "To be applied once the application to LSSCP is accepted: the credit goes on the "
        "enrollment invoice when it is issued.",
    )


def test_the_demo_committee_has_two_members_a_chair_and_a_rubric(ssd, program):
    from certify.scholarships.models import Fund

    sponsor = UserFactory(email="sponsor@example.org", roles=["sponsor"])
    demo_scholarships_create(program=program, sponsor_user=sponsor)
    demo_scholarships_create(program=program, sponsor_user=sponsor)  # repeatable
    roles = dict(SponsorMember.objects.filter(sponsor=ssd).values_list("user__email", "role"))
    assert roles == {
        "sponsor@example.org": "admin",
        "committee1@example.org": "committee",
        "committee2@example.org": "committee",
    }
    fund = Fund.objects.get(slug="ssd-lsscp-enrollment")
    assert fund.chair_id == sponsor.pk
    assert fund.decisions_by is not None
    assert [c.name for c in fund.criteria.all()] == ["Need", "Commitment", "Service"]
