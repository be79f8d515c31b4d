"""A sponsor administrator's day on a phone, at 390 and 320 px with axe-core: the treasurer of a
state library association is invited by e-mail (the administrator's form refused empty first,
its summary taking the focus), creates her account with that address, confirms it and accepts;
she adds a fund (a mistake first), sets its rubric, invites a committee member, reads the fund,
its applications and awards (which invoice each went on), sees the fund run out and what she can
do about it, reads its report and the fund reports, and closes the fund. Every page is checked by
`phone_problems` (no sideways scrolling, no serious axe violation, headings, targets, focus);
the committee's and applicants' days are test_committee_day_phone.py's and
test_scholarship_applicant_phone.py's."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.loaddata.demo.scholarships import demo_scholarships_create
from certify.memberships.models import Organisation
from certify.payments.api import enrollment_invoice_get_or_create
from certify.programs.models import Program
from certify.scholarships.models import Fund
from certify.scholarships.services import application_award, application_submit
from tests.factories import MembershipFactory, UserFactory

from .test_phone_walks import PHONE
from .test_phone_walks import button_go as _submit
from .test_phone_walks import opened_and_noted as _checked

MEMBERS = "/scholarships/sponsors/ssd/members/"
TREASURER, NAME, PASSWORD = "treasurer@example.org", "Dana Whitfield", "ledger-balance-2026"


def _summary_has_focus(page: Page, summary_id: str) -> None:
    expect(page.locator(f"#{summary_id}")).to_be_visible()
    assert page.evaluate("() => document.activeElement.id") == summary_id


def _link_to(address: str, pattern: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [address])
    found = re.search(rf"https?://[^/\s]+({pattern})", message.body)
    assert found, message.body
    return found.group(1)


def test_a_treasurer_is_invited_runs_a_fund_to_its_end_and_closes_it(open_page, sign_in):
    found: dict[str, list[str]] = {}
    program = Program.objects.get(slug="lsscp")
    demo_scholarships_create(
        program=program, sponsor_user=User.objects.get(email="sponsor@example.org")
    )
    chris = open_page(**PHONE)
    sign_in(chris, "sponsor@example.org")
    _checked(chris, MEMBERS, found)
    chris.set_viewport_size({"width": 320, "height": 844})
    _submit(chris, "Send the invitation")
    _summary_has_focus(chris, "member-errors")
    expect(chris.locator("#member-errors")).to_contain_text("Enter the person's e-mail address.")
    _checked(chris, "", found)
    chris.get_by_label("Their e-mail address").fill(TREASURER)
    chris.get_by_role("radio", name="Administrator").check()
    _submit(chris, "Send the invitation")
    expect(chris.get_by_role("region", name="Invitations waiting")).to_contain_text(TREASURER)

    # Dana has no account yet: the invitation's page says how to make one with that address.
    dana = open_page(**PHONE)
    invitation = _link_to(TREASURER, r"/account/invitations/link/\S+/")
    _checked(dana, invitation, found)
    with dana.expect_navigation():
        dana.get_by_role("link", name="create one").click()
    dana.locator("#id_full_name").fill(NAME)
    dana.locator("#id_email").fill(TREASURER)
    dana.locator("#id_password1").fill(PASSWORD)
    dana.locator("#id_password2").fill(PASSWORD)
    _submit(dana, "Sign up")
    expect(dana.locator("main")).to_contain_text(f"We sent a link to confirm {TREASURER}")
    _checked(dana, "", found)
    _checked(dana, _link_to(TREASURER, r"/accounts/confirm-email/\S+/"), found)
    _submit(dana, "Confirm")
    _checked(dana, invitation, found)
    _submit(dana, "Accept")
    expect(dana.get_by_text("Scholarship administrator of", exact=False)).to_be_visible()
    _checked(dana, "", found)

    # Her funds, and a fund added: a mistake first, then the fund.
    _checked(dana, "/scholarships/sponsor/", found)
    with dana.expect_navigation():
        dana.get_by_role("link", name="Add a fund").click()
    _checked(dana, "", found)
    dana.set_viewport_size({"width": 320, "height": 844})
    _submit(dana, "Save the fund")
    _summary_has_focus(dana, "fund-errors")
    expect(dana.locator("#fund-errors")).to_contain_text("Give the fund a name.")
    _checked(dana, "", found)
    dana.locator("#id_name").fill("Spring Workshop Fund")
    dana.locator("#id_budget").fill("600")
    dana.locator("#id_award").fill("200")
    dana.locator("#id_max_awards").fill("2")
    closes = timezone.localdate() + timedelta(days=30)
    dana.locator("#id_closes_on").fill(closes.isoformat())
    _submit(dana, "Save the fund")
    expect(dana.get_by_text("The Spring Workshop Fund is saved.")).to_be_visible()
    fund = Fund.objects.get(name="Spring Workshop Fund")
    page_of_fund = f"/scholarships/sponsor/funds/{fund.slug}/"
    assert page_of_fund in dana.url
    expect(dana.get_by_text("$600.00").first).to_be_visible()
    _checked(dana, "", found)

    # Its rubric and its committee.
    with dana.expect_navigation():
        dana.get_by_role("link", name="Set the rubric").click()
    _checked(dana, "", found)
    dana.locator("#id_form-0-name").fill("Need")
    dana.locator("#id_form-0-max_points").fill("10")
    _submit(dana, "Save the rubric")
    _checked(dana, "", found)
    _checked(dana, MEMBERS, found)
    dana.get_by_label("Their e-mail address").fill("reader@example.org")
    _submit(dana, "Send the invitation")
    expect(dana.get_by_role("region", name="Invitations waiting")).to_contain_text(
        "reader@example.org"
    )
    _checked(dana, "", found)

    # Applications and awards: the fund runs out, and says what she can do.
    ssd = Organisation.objects.get(code="SSD")
    treasurer = User.objects.get(email=TREASURER)
    applications = []
    for name in ("Rosa Alvarez", "Ben Okoro", "Mei Chen"):
        person = UserFactory(full_name=name)
        MembershipFactory(user=person, organisation=ssd)
        enrollment_invoice_get_or_create(user=person, program=program, actor=person)
        applications.append(
            application_submit(fund=fund, applicant=person, statement="To finish the LSSCP.")
        )
    awards = [application_award(application=a, actor=treasurer) for a in applications[:2]]
    _checked(dana, page_of_fund, found)
    expect(dana.get_by_text("nothing is left to award.", exact=False)).to_be_visible()
    expect(dana.get_by_role("link", name="the fund's settings", exact=True)).to_be_visible()
    for award in awards:
        assert award.invoice is not None
        expect(dana.get_by_text(f"invoice {award.invoice.code}")).to_be_visible()
    _checked(dana, f"/scholarships/applications/{applications[2].pk}/", found)
    _checked(dana, f"{page_of_fund}report/", found)
    expect(dana.get_by_text("$400.00").first).to_be_visible()
    expect(dana.get_by_text(f"invoice {awards[0].invoice.code}")).to_be_visible()  # type: ignore[union-attr]
    _checked(dana, "/reports/sponsor/", found)

    # She closes the fund: candidates no longer see it; its page says so.
    with dana.expect_navigation():
        dana.goto(f"{page_of_fund}edit/")
    _checked(dana, "", found)
    dana.get_by_label("Open: shown to candidates").uncheck()
    _submit(dana, "Save the fund")
    expect(dana.locator("h1")).to_contain_text("closed")
    _checked(dana, "", found)
    fund.refresh_from_db()
    assert not fund.is_active
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
