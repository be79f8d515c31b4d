"""A scholarship committee's day on a phone (ADR 0050), at 390 and 320 px with axe-core: a member
reads her role and what she does ("2 to score"), opens their funds, the fund, the ranking and an
application, scores it (a mistake first: the page opens at its summary, which takes the focus)
and tries a conflict declaration left empty;
the chair reads the confirmation, awards one applicant onto her enrollment invoice, records a
class award's payment (a mistake first) and runs a draw on a draw fund, whose page then says
there is nothing left to draw instead of offering a form of 0 places. Every page is checked by
`phone_problems` (no sideways scrolling, no serious axe violation, headings, targets, focus)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Organisation
from certify.payments.api import enrollment_invoice_get_or_create
from certify.programs.models import Program
from certify.scholarships.api import defaults_ensure
from certify.scholarships.models import Fund, ScholarshipApplication
from certify.scholarships.services import application_award, application_submit
from tests.factories import ApplicationFactory, FundFactory, MembershipFactory, UserFactory

from .test_phone_walks import PHONE
from .test_phone_walks import opened_and_noted as _checked

FUND = "/scholarships/sponsor/funds/ssd-lsscp-enrollment/"


def _ssd_member(name: str) -> User:
    person = UserFactory(full_name=name)
    MembershipFactory(user=person, organisation=Organisation.objects.get(code="SSD"))
    return person


@pytest.fixture
def day(site_url) -> dict[str, object]:
    """The demo committee; Rosa and Ben applied to the enrollment fund (Rosa's LSSCP invoice
    is issued), Mei's class award waits for its payment (she has enrolled), and a draw fund
    closed yesterday with two applications waiting."""
    program = Program.objects.get(slug="lsscp")
    sponsor = User.objects.get(email="sponsor@example.org")
    demo_scholarships_create(program=program, sponsor_user=sponsor)
    enrollment = Fund.objects.get(slug="ssd-lsscp-enrollment")
    rosa, ben, mei = (_ssd_member(n) for n in ("Rosa Alvarez", "Ben Okoro", "Mei Chen"))
    enrollment_invoice_get_or_create(user=rosa, program=program, actor=rosa)
    statement = "I staff the circulation desk and want to finish the LSSCP."
    applications = [
        application_submit(fund=enrollment, applicant=p, statement=statement) for p in (rosa, ben)
    ]
    class_application = application_submit(
        fund=Fund.objects.get(slug="ssd-continuing-education"),
        applicant=mei,
        statement="A cataloging class would help me at the desk.",
        purpose="class",
        class_details="Cataloging basics, Lakeland Community College, spring",
    )
    award = application_award(application=class_application, actor=sponsor, reason="Clear need.")
    ApplicationFactory(
        candidate=mei, program=program, status="accepted", enrolled_on=award.awarded_on
    )
    draw_fund = FundFactory(
        sponsor=defaults_ensure(),
        name="SSD Half-Fee Draw",
        method="draw",
        max_awards=1,
        required_organisations=[Organisation.objects.get(code="SSD")],
    )
    for name in ("Ravi Patel", "Ana Lima"):
        application_submit(fund=draw_fund, applicant=_ssd_member(name), statement=statement)
    draw_fund.closes_on = timezone.localdate() - timedelta(days=1)
    draw_fund.save(update_fields=["closes_on"])
    return {
        "rosa": applications[0],
        "ben": applications[1],
        "class": class_application,
        "draw_fund": f"/scholarships/sponsor/funds/{draw_fund.slug}/",
    }


def _summary_has_focus(page: Page, summary_id: str) -> None:
    expect(page.locator(f"#{summary_id}")).to_be_visible()
    assert page.evaluate("() => document.activeElement.id") == summary_id


def test_a_committee_members_day_and_the_chairs_on_a_phone(open_page, sign_in, day):
    found: dict[str, list[str]] = {}
    rosa = day["rosa"]
    assert isinstance(rosa, ScholarshipApplication)

    member = open_page(**PHONE)
    sign_in(member, "committee1@example.org")
    _checked(member, "/account/", found)  # her role in words for what she does
    expect(member.get_by_text("Scholarship committee member of", exact=False)).to_be_visible()
    _checked(member, "/scholarships/sponsor/", found)
    # The enrollment fund has a chair: she scores its two applications (the others, she decides).
    # Her own work left, linked to the list of it (she has scored none yet).
    left = member.get_by_role("link", name="2 to score left for you to score", exact=False)
    expect(left).to_be_visible()
    with member.expect_navigation():
        left.click()
    expect(member.get_by_text("2 left for you to score", exact=True)).to_be_visible()
    _checked(member, "", found)
    for path in (
        FUND,
        f"{FUND}scoring/",
        f"/scholarships/applications/{rosa.pk}/",
    ):
        _checked(member, path, found)
    member.goto(f"/scholarships/applications/{rosa.pk}/score/")
    member.set_viewport_size({"width": 320, "height": 844})
    member.get_by_label("Need: points", exact=False).fill("12")
    with member.expect_navigation():
        member.get_by_role("button", name="Save my scores").click()
    _summary_has_focus(member, "score-errors")
    expect(member.locator("#score-errors")).to_contain_text("“Need” is scored from 0 to 10.")
    _checked(member, "", found)
    for label, value in (("Need", "9"), ("Commitment", "8"), ("Service", "4")):
        member.get_by_label(f"{label}: points", exact=False).fill(value)
    with member.expect_navigation():
        member.get_by_role("button", name="Save my scores").click()
    expect(member.get_by_text("Your scores for Rosa Alvarez are saved.")).to_be_visible()
    _checked(member, "", found)
    member.goto(f"/scholarships/applications/{day['ben'].pk}/conflict/")  # type: ignore[attr-defined]
    with member.expect_navigation():
        member.get_by_role("button", name="Declare the conflict").click()
    _summary_has_focus(member, "conflict-errors")
    _checked(member, "", found)

    chair = open_page(**PHONE)
    sign_in(chair, "sponsor@example.org")
    _checked(chair, f"{FUND}confirm/", found)
    chair.goto(f"/scholarships/applications/{rosa.pk}/")
    chair.get_by_label("Award", exact=True).check()
    with chair.expect_navigation():
        chair.get_by_role("button", name="Record the decision").click()
    expect(chair.get_by_text("awarded to Rosa Alvarez.", exact=False)).to_be_visible()
    _checked(chair, f"/scholarships/applications/{rosa.pk}/", found)
    expect(chair.get_by_text("It is credited on invoice")).to_be_visible()

    class_page = f"/scholarships/applications/{day['class'].pk}/"  # type: ignore[attr-defined]
    _checked(chair, class_page, found)
    chair.set_viewport_size({"width": 320, "height": 844})
    chair.get_by_label("The class provider").check()
    chair.get_by_label("Check number or transfer reference", exact=False).fill("Check 2041")
    with chair.expect_navigation():
        chair.get_by_role("button", name="Record the payment").click()
    _summary_has_focus(chair, "payment-errors")
    expect(chair.locator("#payment-errors")).to_contain_text(
        "Enter the name of the class provider who was paid."
    )
    _checked(chair, "", found)
    chair.get_by_label("Name of the payee", exact=False).fill("Lakeland Community College")
    with chair.expect_navigation():
        chair.get_by_role("button", name="Record the payment").click()
    expect(chair.get_by_text("Payment to Lakeland Community College recorded.")).to_be_visible()
    _checked(chair, "", found)

    draw_fund = str(day["draw_fund"])
    _checked(chair, draw_fund, found)
    with chair.expect_navigation():
        chair.get_by_role("button", name="Continue to the draw").click()
    _checked(chair, "", found)
    with chair.expect_navigation():
        chair.get_by_role("button", name="Yes, draw 1 award").click()
    _checked(chair, "", found)
    _checked(chair, draw_fund, found)
    expect(chair.get_by_text("nothing is left to award.", exact=False)).to_be_visible()
    expect(chair.get_by_role("button", name="Continue to the draw")).to_have_count(0)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
