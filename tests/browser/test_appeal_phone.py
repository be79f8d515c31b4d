"""Appeals on a phone, in chromium with axe-core (`phone_problems`: no sideways scrolling at 390
and 320 px, headings in order, focus visible, text spacing, target sizes), every page the walk
opens. Two candidates whose applications were turned down give notice of appeal, one at 390 px
and one at 320 px, and come back to give the grounds; the days they see are the program's (its
time zone set to America/Denver, the decision late in Denver's evening, already the next day
in Chicago); the staff member who turned them down reads the appeals and is shown no form; a
second staff member upholds one and sends the other back; each candidate sees and is e-mailed
the outcome. The grounds are words only: Certify takes no document with them (the product asks
for "full grounds"; evidence lives in the application and the portfolio)."""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import Role, User
from certify.applications.decisions import application_reject
from certify.applications.models import Application
from certify.applications.services import application_submit
from certify.loaddata.demo.applications import demo_applications_create
from certify.programs.models import Program
from tests.factories import PASSWORD, ApplicationFactory, ExperienceEntryFactory, UserFactory

from .test_phone_walks import PHONE, button_go, problems_noted

pytestmark = pytest.mark.django_db(transaction=True)

DENVER = ZoneInfo("America/Denver")
TOM_GROUNDS = (
    "The bookshop café is the village's lending library too: it lends books to the public "
    "three days a week, and I ran that desk."
)
ANA_GROUNDS = "My hours at the school library were counted as half: I worked full days there."
UPHELD = "The café lends books, but it is not a library: the decision stands."
SENT_BACK = "The school library hours count in full: staff will decide the application again."
DECIDED_IT = "You made the decision under appeal, so another staff member must review it."


def _long(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _short(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _decided_late_in_denver(application: Application) -> datetime:
    """The decision moved to 23:30 two days ago in Denver (already the next day in Chicago)."""
    day = timezone.localdate(timezone=DENVER) - timedelta(days=2)
    moment = datetime.combine(day, time(23, 30), tzinfo=DENVER)
    Application.objects.filter(pk=application.pk).update(decided_at=moment)
    return moment


def _signed_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def _give_notice(page: Page, found: dict[str, list[str]], who: str, days) -> None:
    """From the decision's page to the confirmation and back, with the days it shows."""
    decision = page.locator("#decision")
    expect(decision).to_contain_text(f"Decided on {_long(days['decided'])}.")
    expect(decision).to_contain_text(f"give notice of appeal by {_long(days['notice_by'])}")
    expect(decision).to_contain_text(f"until {_long(days['grounds_by'])} to give the grounds")
    problems_noted(page, found, f"{who}: the decision")
    with page.expect_navigation():
        page.get_by_role("link", name="Give notice of appeal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give notice of appeal?")
    expect(page.locator("main")).to_contain_text(
        f"The decision of {_long(days['decided'])} is looked at again by a staff member who did "
        "not make it."
    )
    expect(page.locator("main")).to_contain_text(f"by {_long(days['grounds_by'])}")
    problems_noted(page, found, f"{who}: the confirmation")
    button_go(page, "Yes, give notice of appeal")
    expect(page.locator("main")).to_contain_text(
        "Your notice of appeal is recorded. Now give the grounds."
    )
    expect(page.locator("#decision")).to_contain_text("Notice of appeal given.")
    expect(page.get_by_label("Grounds of your appeal")).to_be_visible()
    expect(page.locator("#id_grounds_helptext")).to_contain_text(
        f"Due by {_long(days['grounds_by'])}."
    )
    problems_noted(page, found, f"{who}: notice given")


def test_appeals_on_a_phone_from_notice_to_outcome(
    open_page: Callable[..., Page], sign_in, site_url, console_errors
):
    program = Program.objects.get(slug="lsscp")
    Program.objects.filter(pk=program.pk).update(time_zone="America/Denver")
    program.refresh_from_db()
    first_decider = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=first_decider)
    tom_application = Application.objects.get(candidate__email="rejected@example.org")
    ana = UserFactory(full_name="Ana Lima", email="ana.lima@example.org", roles=[Role.CANDIDATE])
    draft = ApplicationFactory(candidate=ana, program=program)
    ExperienceEntryFactory(application=draft, library_name="Hillcrest School Library")
    application_submit(application=draft, actor=ana)
    ana_application = application_reject(
        application=draft, actor=first_decider, reason="Too few library hours."
    )
    decided_at = _decided_late_in_denver(tom_application)
    _decided_late_in_denver(ana_application)
    decided = decided_at.astimezone(DENVER).date()
    assert timezone.localtime(decided_at).date() == decided + timedelta(days=1)  # Chicago's day
    days = {
        "decided": decided,
        "notice_by": decided + timedelta(days=program.appeal_notice_days),
        "grounds_by": decided + timedelta(days=program.appeal_grounds_days),
    }
    chicago_grounds_by = days["grounds_by"] + timedelta(days=1)
    second = UserFactory(full_name="Jordan Park", roles=[Role.PROGRAM_STAFF])
    found: dict[str, list[str]] = {}

    # Tom gives notice at 390 px, and comes back later to give the grounds from his home page.
    tom = open_page(**PHONE)
    sign_in(tom, "rejected@example.org")
    tom.goto(tom_application.get_absolute_url())
    _give_notice(tom, found, "Tom at 390 px", days)
    tom.context.clear_cookies()
    sign_in(tom, "rejected@example.org")
    problems_noted(tom, found, "Tom: his home page with the grounds to give")
    with tom.expect_navigation():
        tom.get_by_role("link", name="Give the grounds of your appeal").click()
    expect(tom.get_by_role("heading", level=1)).to_have_text("Grounds of your appeal")
    expect(tom.locator("main")).to_contain_text(
        f"You gave notice of appeal against the decision of {_long(decided)}"
    )
    expect(tom.locator("main")).not_to_contain_text(_long(chicago_grounds_by))
    problems_noted(tom, found, "Tom: the grounds page")
    tom.get_by_label("Grounds of your appeal").fill("Unfair.")
    button_go(tom, "Submit the grounds")
    summary = tom.locator("#grounds-errors")
    expect(summary).to_contain_text("Explain the grounds of your appeal in a few sentences.")
    expect(summary).to_be_focused()
    expect(tom.get_by_label("Grounds of your appeal")).to_have_value("Unfair.")
    problems_noted(tom, found, "Tom: grounds refused")
    tom.get_by_label("Grounds of your appeal").fill(TOM_GROUNDS)
    button_go(tom, "Submit the grounds")
    expect(tom.locator("main")).to_contain_text(
        "Your grounds are submitted. A reviewer will decide."
    )
    expect(tom.locator("#decision")).to_contain_text("Grounds submitted, waiting for review.")
    problems_noted(tom, found, "Tom: grounds given")

    # Ana gives notice at 320 px and the grounds on the decision's own page.
    ana_page = open_page(**PHONE)
    ana_page.set_viewport_size({"width": 320, "height": 844})
    _signed_in(ana_page, ana.email, PASSWORD)
    ana_page.goto(ana_application.get_absolute_url())
    _give_notice(ana_page, found, "Ana at 320 px", days)
    ana_page.get_by_label("Grounds of your appeal").fill(ANA_GROUNDS)
    button_go(ana_page, "Submit the grounds")
    expect(ana_page.locator("#decision")).to_contain_text("Grounds submitted, waiting for review.")

    # The staff member who turned them down reads each appeal, without a form to decide it.
    sam = open_page(**PHONE)
    sign_in(sam, "staff@example.org")
    sam.goto("/staff/appeals/")
    problems_noted(sam, found, "the first decider: the appeals")
    with sam.expect_navigation():
        sam.get_by_role("link", name="Tom Becker").click()
    expect(sam.get_by_text(DECIDED_IT)).to_be_visible()
    expect(sam.get_by_role("button", name="Record the outcome")).to_have_count(0)
    problems_noted(sam, found, "the first decider: Tom's appeal")

    # A second staff member upholds Tom's appeal and sends Ana's back, at 320 px.
    jordan = open_page(**PHONE)
    jordan.set_viewport_size({"width": 320, "height": 844})
    _signed_in(jordan, second.email, PASSWORD)
    jordan.goto("/staff/appeals/")
    expect(jordan.locator("table")).to_contain_text("Grounds submitted, waiting for review")
    expect(jordan.locator("table")).to_contain_text("Notice given")
    problems_noted(jordan, found, "the second staff member: the appeals")
    with jordan.expect_navigation():
        jordan.get_by_role("link", name="Tom Becker").click()
    expect(jordan.locator("main")).to_contain_text(f"Against a decision of {_short(decided)} by")
    expect(jordan.locator("main")).to_contain_text(TOM_GROUNDS)
    problems_noted(jordan, found, "the second staff member: Tom's appeal")
    button_go(jordan, "Record the outcome")
    expect(jordan.locator("#review-errors")).to_contain_text("Choose uphold or send back.")
    expect(jordan.locator("#review-errors")).to_be_focused()
    problems_noted(jordan, found, "the second staff member: a decision refused")
    jordan.get_by_label("Uphold the decision").check()
    jordan.get_by_label("Reason").fill(UPHELD)
    button_go(jordan, "Record the outcome")
    expect(jordan.locator("main")).to_contain_text(
        "The appeal is decided and the appellant was told."
    )
    problems_noted(jordan, found, "the second staff member: after deciding")
    with jordan.expect_navigation():
        jordan.get_by_role("link", name="Ana Lima").click()
    jordan.get_by_label("Send it back for a new decision").check()
    jordan.get_by_label("Reason").fill(SENT_BACK)
    button_go(jordan, "Record the outcome")
    expect(jordan.locator("main")).to_contain_text("No open appeals.")

    # Each candidate sees the outcome and is told it by e-mail.
    tom.goto(tom_application.get_absolute_url())
    expect(tom.locator("#decision")).to_contain_text("Decision upheld.")
    expect(tom.locator("#decision")).to_contain_text(UPHELD)
    problems_noted(tom, found, "Tom: his appeal upheld")
    ana_page.goto(ana_application.get_absolute_url())
    expect(ana_page.locator("main")).to_contain_text(SENT_BACK)
    problems_noted(ana_page, found, "Ana: her application sent back")
    for email, reason in (("rejected@example.org", UPHELD), (ana.email, SENT_BACK)):
        told = [m for m in mail.outbox if m.to == [email] and "appeal" in m.subject.lower()]
        assert [reason in m.body for m in told] == [True], (email, [m.subject for m in told])

    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert [e for e in console_errors if "status of 400" not in e] == []  # the refused forms
