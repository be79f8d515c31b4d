"""A first-time visitor on a phone: the public register's search (the empty form, a person with a
single name found by it, one word of a longer name refused beside the field, the one place that
says the register does not list everyone) and a colleague invitation (the invited person's
list with one that stands and one that no longer does, the link's page, and Decline pressed on a
page opened before its sender left the organization),
read at 390 and 320 px as the phone walks read a page (`phone_problems`: no sideways scrolling,
axe-core, targets, headings, focus). Declining one that no longer stands says so and changes
nothing (ADR 0025); one word finds only a whole one-word name (ADR 0030)."""

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from certify.accounts.invitations import colleague_invite, sender_gone_words
from certify.accounts.models import ColleagueInvitation, Role
from certify.certificates.register import NAME_NEEDED, ONE_NAME
from certify.courses import services as courses
from certify.courses.models import ProviderMembership
from certify.programs.models import Program
from tests.certificates.test_register import holder as listed_holder
from tests.factories import ProviderFactory, UserFactory

from .test_phone_walks import PHONE, phone_problems

INVITED = "candidate@example.org"  # a demo account: signs in with the demo password
S = ColleagueInvitation.Status


def test_the_register_reads_on_a_phone_and_finds_a_one_word_name(
    open_page: Callable[..., Page], site_url, console_errors, screenshot
):
    program = Program.objects.get(slug="lsscp")
    listed_holder(program, "Madonna", state="NY")
    listed_holder(program, "Avery Stone", state="TX")
    page = open_page(**PHONE)
    found: dict[str, list[str]] = {}
    for path, status in (
        ("/register/", 200),
        ("/register/?name=Madonna", 200),
        ("/register/?name=avery", 400),
    ):
        response = page.goto(path)
        assert response is not None
        assert response.status == status, path
        if problems := phone_problems(page):
            found[path] = problems
        screenshot(page, "register-phone-" + (urlsplit(path).query or "empty"))
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    page.goto("/register/")
    expect(page.get_by_text(ONE_NAME)).to_be_visible()
    page.get_by_label("Name").fill("madonna")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".register-results li")).to_have_count(1)
    expect(page.locator(".register-results")).to_contain_text("Madonna, New York")
    page.get_by_label("Name").fill("avery")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text(NAME_NEEDED)).to_be_visible()
    # Said once, where it helps: in the refusal beside the field, not in the introduction too.
    page.set_viewport_size({"width": 320, "height": 640})
    expect(page.get_by_text("does not list everyone")).to_have_count(1)
    expect(page.get_by_text("does not list everyone")).to_be_in_viewport()
    expect(page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".register-results")).to_have_count(0)
    # the refused searches answer 400, which the browser notes; nothing else went wrong
    assert [e for e in console_errors if "name=avery" not in e] == []


def _invite(name: str, sender) -> tuple[ColleagueInvitation, str]:
    provider = ProviderFactory(name=name, staff=[sender])
    invitation, url = colleague_invite(
        kind=courses.PROVIDER_KIND,
        organisation_id=provider.pk,
        organisation_name=provider.name,
        email=INVITED,
        actor=sender,
    )
    return invitation, urlsplit(url).path


def test_an_invitation_that_no_longer_stands_is_not_declined_on_a_phone(
    open_page: Callable[..., Page], sign_in, settings, console_errors, screenshot
):
    settings.RELAY_PER_ADDRESS_FROM_SENDER_PER_DAY = 50
    sender = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    standing, standing_link = _invite("Northside Community College", sender)
    gone, gone_link = _invite("Eastside Library Institute", sender)
    found: dict[str, list[str]] = {}
    # Signed out, the link's page opened while it still stood...
    page = open_page(**PHONE)
    page.goto(gone_link)
    decline = page.get_by_role("button", name="Decline the invitation")
    expect(decline).to_be_visible()
    if problems := phone_problems(page):
        found["link, signed out"] = problems
    screenshot(page, "invitation-link-phone-signed-out")
    # ...its sender leaves; Decline, pressed now, says so and changes nothing.
    ProviderMembership.objects.filter(user=sender, provider_id=gone.organisation_id).delete()
    decline.click()
    expect(page.get_by_text(sender_gone_words(gone))).to_have_count(1)
    expect(page.locator("button[name=answer]")).to_have_count(0)
    expect(page.get_by_text("There is nothing to accept or decline here any more")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your account")).to_have_count(0)  # signed out
    if problems := phone_problems(page):
        found["link, declined after its sender left"] = problems
    screenshot(page, "invitation-link-phone-gone")
    assert ColleagueInvitation.objects.get(pk=gone.pk).status == S.PENDING
    # The person invited, signed in: the list, and the link of the one that stands.
    page = open_page(**PHONE)
    sign_in(page, INVITED)
    page.goto("/account/invitations/")
    expect(page.get_by_text(sender_gone_words(gone))).to_be_visible()
    expect(page.get_by_role("button", name="Accept the invitation to Northside")).to_be_visible()
    expect(page.locator("caption")).to_have_text("2 invitations, 1 waiting for your answer")
    expect(page.get_by_text("Northside Community College, a course provider")).to_be_visible()
    if problems := phone_problems(page):
        found["list"] = problems
    screenshot(page, "invitations-phone")
    page.goto(standing_link)
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    if problems := phone_problems(page):
        found["link, signed in"] = problems
    screenshot(page, "invitation-link-phone-signed-in")
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert ColleagueInvitation.objects.get(pk=standing.pk).status == S.PENDING
    # The browser logs the 410 answer as a resource that failed; nothing else.
    assert [e for e in console_errors if not e.endswith("status of 410 (Gone)")] == []
