"""The staff page of an appeal that ended because its appellant's account was deactivated
(ADR 0006), in chromium at 390 and 320 px as the phone walk checks pages (no sideways
scrolling, axe-core, headings in order, focus visible): it says why it ended instead of the
decision form, and its heading (and title) say in staff's words that it ended with the account,
with the candidate's number, not the appellant's name."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from certify.accounts.models import User
from certify.accounts.services import account_deactivate
from certify.appeals.ended import DEACTIVATED, deactivated_appeals_end
from certify.appeals.models import Appeal
from certify.appeals.titles import appeal_reference
from certify.loaddata.demo.applications import demo_applications_create
from certify.programs.models import Program

from .test_phone_walks import walk_problems
from .test_phone_walks_more import _appealed


def test_an_ended_appeal_reads_on_a_phone(
    open_page: Callable[..., Page], sign_in, site_url, console_errors
):
    program = Program.objects.get(slug="lsscp")
    staff = User.objects.get(email="staff@example.org")
    demo_applications_create(program=program, staff=staff)
    appeal = Appeal.objects.get(pk=_appealed(program))
    account_deactivate(user=appeal.appellant, actor=staff)
    deactivated_appeals_end(appellant_id=appeal.appellant_id)  # as the event does
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.ENDED

    url = f"/staff/appeals/{appeal.pk}/"
    found = walk_problems(open_page, sign_in, {"staff@example.org": [url]})
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())

    page = open_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    sign_in(page, "staff@example.org")
    page.goto(url)
    expect(page.get_by_text(DEACTIVATED)).to_be_visible()
    heading = f"Appeal (ended: account deactivated), candidate {appeal_reference(appeal)}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.title().startswith(f"{heading} · ")
    expect(page.get_by_role("button", name="Record the outcome")).to_have_count(0)
    page.goto("/staff/appeals/")
    expect(page.locator(f'a[href="{url}"]')).to_have_count(0)
    assert console_errors == []
