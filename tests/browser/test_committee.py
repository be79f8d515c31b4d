"""The scholarship committee's workspace in a browser (ADR 0050): a member scores an application
on the rubric beside the fund's rules, another declares a conflict and is left out, and the chair
confirms the awards from the ranking. Each page is checked at 1280, 390 and 320 px (axe-core, no
sideways scrolling) and photographed for docs/tour.md."""

import pytest
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Organisation
from certify.programs.models import Program
from certify.scholarships.models import ScholarshipApplication
from certify.scholarships.services import application_submit
from tests.factories import MembershipFactory, UserFactory

FUND = "ssd-lsscp-enrollment"
APPLICANTS = ("Rosa Alvarez", "Ben Okoro")


@pytest.fixture
def committee(site_url) -> list[ScholarshipApplication]:
    """The demo committee (two members, the demo sponsor as chair, a rubric) and two SSD members
    who applied to the enrollment fund."""
    program = Program.objects.get(slug="lsscp")
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    ssd = Organisation.objects.get(code="SSD")
    applications = []
    for name in APPLICANTS:
        person = UserFactory(full_name=name)
        MembershipFactory(user=person, organisation=ssd)
        applications.append(
            application_submit(
                fund=ssd_fund(),
                applicant=person,
                statement=f"{name}: I staff the circulation desk and want to finish the LSSCP.",
            )
        )
    return applications


def ssd_fund():
    from certify.scholarships.models import Fund

    return Fund.objects.get(slug=FUND)


def score(page: Page, name: str, points: tuple[int, int, int], comment: str = "") -> None:
    page.goto(f"/scholarships/sponsor/funds/{FUND}/scoring/")
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()
    for label, value in zip(("Need", "Commitment", "Service"), points, strict=True):
        page.get_by_label(f"{label}: points", exact=False).fill(str(value))
    if comment:
        page.get_by_label("Need: comment", exact=False).fill(comment)
    with page.expect_navigation():
        page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_text(f"Your scores for {name} are saved.")).to_be_visible()


def test_members_score_one_declares_a_conflict_and_the_chair_confirms(
    open_page, sign_in, workspace_step, committee
):
    rosa, ben = committee
    # A member scores Rosa's application, reading the fund's rules beside it.
    member = open_page()
    sign_in(member, "committee1@example.org")
    member.goto(f"/scholarships/applications/{rosa.pk}/score/")
    expect(
        member.get_by_role("heading", name="The fund's rules, and this applicant")
    ).to_be_visible()
    expect(member.get_by_text("Rosa Alvarez is a confirmed SSD member.")).to_be_visible()
    expect(member.get_by_text("No other member has scored it yet.")).to_be_visible()
    workspace_step(member, "committee-scoring")
    score(member, "Rosa Alvarez", (9, 8, 4), comment="Clear need; the fee is a stretch.")
    score(member, "Ben Okoro", (6, 7, 3))

    # Another member knows Ben: she declares a conflict and is left out of his application.
    other = open_page()
    sign_in(other, "committee2@example.org")
    other.goto(f"/scholarships/applications/{ben.pk}/conflict/")
    other.get_by_label("What is the conflict?").fill("He is my brother-in-law.")
    with other.expect_navigation():
        other.get_by_role("button", name="Declare the conflict").click()
    expect(other.get_by_text("Your conflict with Ben Okoro is declared")).to_be_visible()
    expect(other.get_by_role("cell", name="Conflict declared")).to_be_visible()
    other.goto(f"/scholarships/applications/{ben.pk}/score/")
    expect(
        other.get_by_role("heading", name="You are left out of Ben Okoro's application")
    ).to_be_visible()
    expect(other.get_by_text("circulation desk")).to_have_count(0)
    other.goto(f"/scholarships/applications/{rosa.pk}/score/")
    expect(other.get_by_text("Hidden until you have scored it")).to_be_visible()
    expect(other.get_by_text("Clear need")).to_have_count(0)
    score(other, "Rosa Alvarez", (8, 8, 5))
    expect(other.get_by_text("Clear need; the fee is a stretch.", exact=False)).to_be_visible()
    expect(other.get_by_text("Jordan Reyes: 21 of 25")).to_be_visible()  # shown once she scored

    # The chair reads the ranking and confirms the awards.
    chair = open_page()
    sign_in(chair, "sponsor@example.org")
    chair.goto(f"/scholarships/sponsor/funds/{FUND}/confirm/")
    expect(chair.get_by_text("Rosa Alvarez: mean 21.00 of 25")).to_be_visible()
    expect(chair.get_by_text("Ben Okoro: mean 16.00 of 25")).to_be_visible()
    workspace_step(chair, "committee-confirm")
    with chair.expect_navigation():
        chair.get_by_role("button", name="Yes, confirm these awards").click()
    expect(chair.get_by_text("2 awards confirmed")).to_be_visible()
    statuses = set(
        ScholarshipApplication.objects.filter(pk__in=[rosa.pk, ben.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {"awarded"}
