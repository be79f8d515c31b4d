"""A candidate applying for a scholarship on a 320 px phone, with axe-core (ADR 0050): she finds
the funds open to her, reads a fund's rules (who may apply, how much, until when, in the
program's time zone, amounts with their cents), sends her application (a mistake first: the page
opens at the error summary, which takes the focus, and says how to fix it), reads its state and
what happens next, is told of the award and sees it on her invoice, and is told of a refusal
and why. Every page is checked by `phone_problems` at 390 and 320 px (no sideways scrolling, no
serious axe violation, headings in order, targets of 24 px, focus visible). The sponsor's part is
done through the services; the committee's pages are walked by test_committee_day_phone.py.
`APPLICANT_WORDS=<file>` writes each page's words to that file, to read them as she would."""

import os
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.accounts.services import user_create
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Organisation
from certify.payments.api import enrollment_invoice_get_or_create
from certify.programs.models import Program
from certify.scholarships.models import Fund, ScholarshipApplication
from certify.scholarships.services import application_award, application_decline
from tests.factories import MembershipFactory

from .test_phone_walks import phone_problems

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
EMAIL = "nora.lindqvist@example.org"
ENROLLMENT, CLASSES = "SSD LSSCP Enrollment Scholarship", "SSD Continuing Education Scholarship"
WORDS = os.environ.get("APPLICANT_WORDS")


@pytest.fixture
def nora(site_url) -> User:
    """A confirmed SSD member whose LSSCP enrollment invoice is issued; the funds close in a
    month and the enrollment fund decides by a date."""
    program = Program.objects.get(slug="lsscp")
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    Fund.objects.filter(sponsor__slug="ssd").update(
        closes_on=timezone.localdate() + timedelta(days=30)
    )
    user = user_create(
        email=EMAIL, full_name="Nora Lindqvist", password=DEMO_PASSWORD, roles=["candidate"]
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    MembershipFactory(user=user, organisation=Organisation.objects.get(code="SSD"))
    enrollment_invoice_get_or_create(user=user, program=program, actor=user)
    return user


def _told(address: str, words: str) -> None:
    """She is told by e-mail, in words that say what was decided."""
    told = [m for m in mail.outbox if address in m.to]
    assert told, "no e-mail to her"
    assert words in told[-1].body, told[-1].body
    if WORDS:
        with open(WORDS, "a", encoding="utf-8") as out:
            out.write(f"\n===== e-mail: {told[-1].subject}\n{told[-1].body}\n")
    mail.outbox.clear()


class Walk:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: dict[str, list[str]] = {}

    def check(self, path: str = "") -> None:
        """Open `path` (or take the page as it is) and note what is wrong with it."""
        if path:
            response = self.page.goto(path)
            assert response is not None, path
            assert response.status == 200, path
        if WORDS:
            with open(WORDS, "a", encoding="utf-8") as out:
                text = self.page.inner_text("main")
                out.write(f"\n===== {self.page.url}\n{text}\n")
        if problems := phone_problems(self.page):
            self.found[path or self.page.url] = problems
        self.page.set_viewport_size(PHONE["viewport"])

    def submit(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name).click()


def test_a_candidate_finds_applies_and_is_told_on_a_phone(open_page, sign_in, nora):
    page = open_page(**PHONE)
    sign_in(page, EMAIL)
    walk = Walk(page)

    walk.check("/scholarships/")
    funds = page.get_by_role("region", name=ENROLLMENT)
    expect(funds.get_by_text("$200.00", exact=False).first).to_be_visible()  # with its cents
    expect(funds.get_by_text("close at the end of", exact=False)).to_be_visible()
    with page.expect_navigation():
        funds.get_by_role("link", name=f"Apply to the {ENROLLMENT}").click()
    walk.check()
    expect(page.get_by_text("Only confirmed SSD members", exact=False).first).to_be_visible()

    walk.submit("Send my application")  # nothing written yet
    summary = page.locator("#apply-errors")
    expect(summary).to_be_visible()
    assert page.evaluate("() => document.activeElement.id") == "apply-errors"
    expect(summary).to_contain_text("Write a short statement")
    walk.check()
    page.get_by_label("Your statement").fill(
        "I staff the circulation desk and want to finish the LSSCP this year."
    )
    walk.submit("Send my application")
    expect(page.get_by_text(f"Your application to the {ENROLLMENT} is sent.")).to_be_visible()
    application = ScholarshipApplication.objects.get(applicant=nora, fund__name=ENROLLMENT)
    mine = f"/scholarships/applications/{application.pk}/"
    assert page.url.split("#")[0].endswith(mine)  # her application, where it stands
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_text("decides by", exact=False)).to_be_visible()
    walk.check()

    walk.check("/scholarships/")
    classes = page.get_by_role("region", name=CLASSES)
    with page.expect_navigation():
        classes.get_by_role("link", name=f"Apply to the {CLASSES}").click()
    page.get_by_label("A class toward certification", exact=False).check()
    page.get_by_label("Your statement").fill("A cataloging class would help me at the desk.")
    walk.submit("Send my application")
    expect(summary).to_be_visible()  # a class needs its details: said beside the field
    assert page.evaluate("() => document.activeElement.id") == "apply-errors"
    walk.check()
    page.get_by_label("The class", exact=False).fill("Cataloging basics, Lakeland, spring")
    walk.submit("Send my application")
    walk.check()
    sponsor = User.objects.get(email="sponsor@example.org")
    mail.outbox.clear()  # the applications' own e-mails
    application_award(application=application, actor=sponsor, reason="A clear plan.")
    _told(EMAIL, "$200")
    walk.check(mine)
    expect(page.get_by_text("$200.00", exact=False).first).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="See invoice", exact=False).click()
    main = page.locator("main")
    expect(main).to_contain_text("Scholarship")  # the award's credit is a line of the invoice
    if WORDS:
        with open(WORDS, "a", encoding="utf-8") as out:
            out.write(f"\n===== {page.url}\n{main.inner_text()}\n")
    invoice_problems = phone_problems(page)  # the invoice page's own test walks it
    page.set_viewport_size(PHONE["viewport"])

    refused = ScholarshipApplication.objects.get(applicant=nora, fund__name=CLASSES)
    application_decline(
        application=refused, actor=sponsor, reason="This round went to first-time applicants."
    )
    _told(EMAIL, "This round went to first-time applicants.")
    walk.check(f"/scholarships/applications/{refused.pk}/")
    expect(page.get_by_text("This round went to first-time applicants.")).to_be_visible()
    expect(page.get_by_text("What you can do now:")).to_be_visible()  # a next step, not an end
    walk.check("/scholarships/")
    assert walk.found == {}, "\n".join(f"{k}: {v}" for k, v in walk.found.items())
    print("invoice page:", invoice_problems)
