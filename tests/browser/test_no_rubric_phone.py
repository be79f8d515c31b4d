"""A committee member's funds page and scoring page on a fund with no rubric yet, at 390 and
320 px with axe-core (ADR 0050): the fund shows 0 to score with what to do ("No rubric yet: ask
the sponsor's administrators to set one."), and its scoring page offers no Score link. Every
page is checked by `phone_problems` (no sideways scrolling, no serious axe violation, headings,
targets, focus)."""

from playwright.sync_api import expect

from certify.accounts.models import User
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Organisation
from certify.programs.models import Program
from certify.scholarships.api import defaults_ensure
from certify.scholarships.services import application_submit
from certify.scholarships.sponsor_home import NO_RUBRIC
from tests.factories import FundFactory, MembershipFactory, UserFactory

from .test_committee_day_phone import _checked
from .test_phone_walks import PHONE


def test_a_fund_without_a_rubric_has_nothing_to_score_on_a_phone(open_page, sign_in, site_url):
    program = Program.objects.get(slug="lsscp")
    sponsor = User.objects.get(email="sponsor@example.org")
    demo_scholarships_create(program=program, sponsor_user=sponsor)
    ssd = Organisation.objects.get(code="SSD")
    fund = FundFactory(
        sponsor=defaults_ensure(),
        name="SSD Mentoring Fund",
        chair=sponsor,
        required_organisations=[ssd],
    )
    rosa = UserFactory(full_name="Rosa Alvarez")
    MembershipFactory(user=rosa, organisation=ssd)
    application_submit(fund=fund, applicant=rosa, statement="I mentor new desk staff.")

    found: dict[str, list[str]] = {}
    member = open_page(**PHONE)
    sign_in(member, "committee1@example.org")
    _checked(member, "/scholarships/sponsor/", found)
    expect(member.get_by_text(NO_RUBRIC, exact=True)).to_be_visible()
    _checked(member, f"/scholarships/sponsor/funds/{fund.slug}/scoring/", found)
    expect(member.get_by_text("Not yet: no rubric", exact=True)).to_be_visible()
    expect(member.get_by_role("link", name="Score Rosa Alvarez")).to_have_count(0)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
