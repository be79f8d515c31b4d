"""An employer on a phone: the verification page of a certificate in each state, the holder's
public profile, the register's search and its refusals (a name not in full, a search too broad)
and the credential check of a set's credential read at 390 and 320 px (no sideways scrolling,
axe-core, targets, headings, focus: `phone_problems`); the job requirements are written by
keyboard alone at 320 px."""

import json
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from certify.accounts.models import Role
from certify.certificates import services
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.register import NAME_NEEDED, RESULTS_LIMIT, TOO_BROAD
from certify.certificates.services.profiles import public_profile_set
from certify.certificates.services.register import register_listing_set
from certify.programs.models import Program
from tests.certificates.conftest import finish, nearly_done
from tests.certificates.test_register import holder as listed_holder
from tests.factories import UserFactory

from .test_phone_walks import PHONE, phone_problems


def _certificate(program: Program, name: str) -> Certificate:
    application, last = nearly_done(program, name=name)
    finish(last)
    return Certificate.objects.get(pk=application.certificate.pk)


def _states(program: Program) -> dict[str, Certificate]:
    """A certificate in each state a verifier meets; the valid one's holder also holds the
    replaced one, shows a public profile and is listed in the register."""
    staff = UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])
    found = {state: _certificate(program, f"Robin {state.title()}") for state in
             ("replaced", "suspended", "revoked", "lapsed")}  # fmt: skip
    replaced = found["replaced"]
    renewal = services.certificate_issue_renewal(
        previous=replaced, expires_on=replaced.expires_on + timedelta(days=1826), actor=None
    )
    services.certificate_replace(certificate=replaced, replacement=renewal, actor=None)
    services.certificate_suspend(certificate=found["suspended"], actor=staff, reason="Audit.")
    services.certificate_revoke(certificate=found["revoked"], actor=staff, reason="Fraud.")
    ended = timezone.localdate() - timedelta(days=3 * 365)
    Certificate.objects.filter(pk=found["lapsed"].pk).update(
        issued_on=ended - timedelta(days=5 * 365), expires_on=ended
    )
    found["valid"] = renewal
    public_profile_set(user=renewal.holder, is_public=True)
    register_listing_set(user=renewal.holder, state="TX")
    return {state: Certificate.objects.get(pk=c.pk) for state, c in found.items()}


def test_an_employer_reads_every_state_on_a_phone(
    open_page: Callable[..., Page], site_url, console_errors
):
    states = _states(Program.objects.get(slug="lsscp"))
    holder = states["valid"].holder
    page = open_page(**PHONE)
    found: dict[str, list[str]] = {}
    paths = [f"/verify/{c.number}/" for c in states.values()]
    paths += [f"/profiles/{holder.public_profile.slug}/", "/register/?name=robin+replaced"]
    for _ in range(RESULTS_LIMIT + 1):  # more people named Robin Common than a search shows
        listed_holder(states["valid"].program, "Robin Common", state="OH")
    refused = {
        "/register/?name=robin": NAME_NEEDED,
        "/register/?name=robin+common": TOO_BROAD.format(limit=RESULTS_LIMIT),
    }
    for path in [*paths, *refused]:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == (400 if path in refused else 200), path
        if path in refused:  # the words, beside the name field, and nobody listed
            expect(page.get_by_text(refused[path])).to_be_visible()
            expect(page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
            expect(page.locator(".register-results")).to_have_count(0)
        if problems := phone_problems(page):
            found[path] = problems
    # Each status in the page's words, the link preview's too (one function writes both).
    for state, certificate in states.items():
        page.goto(f"/verify/{certificate.number}/")
        label = page.locator(".verification dd .tag, dd .tag").first.inner_text()
        preview = page.locator('meta[property="og:title"]').get_attribute("content") or ""
        assert preview.startswith(f"{label}: "), (state, label, preview)
    # The words on the page are the standing's, whatever the state.
    page.goto(f"/verify/{states['replaced'].number}/")
    expect(page.get_by_text(f"Replaced by {states['valid'].number}").first).to_be_visible()
    page.goto(f"/profiles/{holder.public_profile.slug}/")
    expect(page.get_by_text(f"Replaced by {states['valid'].number}").first).to_be_visible()

    # A set's credential of the revoked certificate, pasted into the check.
    revoked = states["revoked"]
    item = SetCredential.objects.filter(application=revoked.application).first()
    assert item is not None
    page.goto("/verify/credential/")
    page.get_by_role("textbox").first.fill(json.dumps(item.credential))
    page.get_by_role("button", name="Check the credential").click()
    expect(page.locator(".message")).to_contain_text("Revoked.")
    if problems := phone_problems(page):
        found["/verify/credential/ (a revoked set's credential)"] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    # the refused searches answer 400, which the browser notes; nothing else went wrong
    assert [e for e in console_errors if not any(f"{p}: " in e for p in refused)] == []
    assert len(console_errors) == len(refused)


def test_job_requirements_are_written_by_keyboard_alone_at_320_px(
    open_page: Callable[..., Page], site_url, console_errors
):
    page = open_page(viewport={"width": 320, "height": 720}, is_mobile=True, has_touch=True)
    page.goto("/programs/lsscp/job-requirements/")

    def tab_to(label: str) -> None:
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "(() => { const e = document.activeElement;"
                " return (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent)"
                ".trim(); })()"
            )
            if focused == label:
                return
        raise AssertionError(f"Tab never reached {label!r}")

    tab_to("Technology")
    page.keyboard.press("Space")
    tab_to("Youth Services")
    page.keyboard.press("Space")
    tab_to("Preferred")  # the checked radio button of the group takes the focus
    page.keyboard.press("ArrowUp")  # "Required" comes first
    expect(page.get_by_label("Required")).to_be_checked()
    tab_to("Write the job requirements")
    page.keyboard.press("Enter")

    page.wait_for_url("**sets=TEC&sets=YTH&level=required")
    text = page.locator(".job-requirements__text")
    expect(text).to_contain_text("Library Support Staff Certification (LSSCP) required.")
    expect(text.get_by_role("heading", level=3)).to_have_text(["Technology", "Youth Services"])
    assert phone_problems(page) == []
    assert console_errors == []
