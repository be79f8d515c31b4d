"""Acceptance: e-mailed links in the wrong hands or past their time. A supervisor's e-mail is
opened by the office's mail scanner (nothing happens), passed round and altered by a coworker
(not valid, no name), and clicked after the candidate withdrew her application (it says so, no
button). A colleague's invitation forwarded to someone else with an account offers her no way
to accept and says to whom it was sent, an altered copy is not valid, and once the invited
person accepts, the forwarded copy says it was used. A supervisor who opens the link late on
the last day it names can still answer; the next morning it has expired (ADR 0024, "Days, not
hours").
"""

import re
from datetime import date, datetime

from django.core import mail
from django.urls import reverse

from certify.accounts.models import User
from certify.applications.models import Application, ExperienceEntry
from tests.acceptance import steps
from tests.acceptance.conftest import PASSWORD

DANA = steps.Person("Dana Okafor", "dana.okafor@riverside.example", PASSWORD)
PAT = "pat.lee@riverside.example"
NOT_VALID = "This link is not valid. Check that you copied all of it."


def _altered(link: str) -> str:
    """The link with one character of its token changed."""
    head, token, tail = re.match(r"(.*/)([^/]+)(/)$", link).groups()
    at = len(token) // 2
    return head + token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :] + tail


def _supervisor_asked(browser) -> str:
    """Dana registers, starts her application with one job naming Pat as her supervisor and
    asks Pat to confirm; the link in Pat's e-mail (its path)."""
    browser.client.logout()
    steps.register(browser, DANA)
    job = steps.job(date(2022, 1, 3), None, 20, "Riverside Public Library")
    job["Supervisor's name (optional)"] = "Pat Lee"
    job["Supervisor's e-mail (optional)"] = PAT
    page = steps.application_fill(browser, [job])
    page = browser.submit(page.form("Ask Pat Lee to confirm"))
    (sent,) = [m for m in mail.outbox if m.to == [PAT]]
    return re.search(r"https?://[^/\s]+(/supervisor/\S+?/)", sent.body).group(1)


def _entry() -> ExperienceEntry:
    return ExperienceEntry.objects.get(application__candidate__email=DANA.email)


def test_a_supervisors_e_mail_scanned_passed_round_and_clicked_after_a_withdrawal(world, browser):
    link = _supervisor_asked(browser)
    browser.client.logout()

    # The office's mail scanner opens the link before Pat does: it reads, it decides nothing.
    page = browser.open(link)
    page.form("Send my answer")
    assert _entry().supervisor_status == ExperienceEntry.SupervisorStatus.REQUESTED

    # A coworker who was forwarded the e-mail tries the link with one character changed.
    page = browser.open(_altered(link), status=400)
    page.says(NOT_VALID)
    assert DANA.name not in page.text
    assert not [f for f in page.tree.forms if "Send my answer" in f.text_content()]

    # Dana withdraws her draft; Pat clicks the link afterwards.
    browser.sign_in(DANA.email, DANA.password)
    application = Application.objects.get(candidate__email=DANA.email)
    page = browser.open(reverse("applications:withdraw_confirm", args=[application.pk]))
    browser.submit(page.form("Yes, withdraw my application"))
    browser.client.logout()
    page = browser.open(link, status=410)
    page.says(
        "The candidate withdrew this application, so this link no longer works. Nothing more "
        "is needed from you."
    )
    assert "submitted" not in page.text
    assert not [f for f in page.tree.forms if "Send my answer" in f.text_content()]
    assert _entry().supervisor_status == ExperienceEntry.SupervisorStatus.REQUESTED


def test_a_forwarded_invitation_is_refused_to_its_reader_and_says_it_was_used(world, browser):
    from tests.acceptance.test_course_provider_stories import COLLEGE, JUDY, college_registered

    lee = steps.Person("Lee Lakeshore", "lee@lakeshore.example.edu", PASSWORD)
    mallory = steps.Person("Mallory Reader", "mallory@elsewhere.example", PASSWORD)
    organization = college_registered(browser)
    browser.sign_in(JUDY.email, JUDY.password)
    form = browser.open(organization).form("Send the invitation")
    browser.submit(form.set("Your colleague's e-mail address", lee.email))
    (sent,) = [m for m in mail.outbox if lee.email in m.to and "/link/" in m.body]
    link = re.search(r"https?://[^/\s]+(/account/invitations/link/\S+?/)", sent.body).group(1)

    # Lee's e-mail reaches Mallory, who has an account of her own.
    browser.client.logout()
    steps.register(browser, mallory)
    page = browser.open(link)
    page.says(f"This invitation was sent to {lee.email}, and you are signed in as {mallory.email}.")
    assert not [f for f in page.tree.forms if "Accept" in f.text_content()]  # no way to accept
    assert not User.objects.get(email=mallory.email).provider_memberships.exists()
    page = browser.open(_altered(link), status=404)
    assert COLLEGE not in page.text

    browser.client.logout()
    steps.register(browser, lee)
    page = browser.submit(browser.open(link).form(re.compile("^Accept")))
    page.says(f"You now act for {COLLEGE}.")

    browser.sign_in(mallory.email, mallory.password)
    page = browser.open(link, status=410)
    page.says("already accepted: it works once")
    assert not [f for f in page.tree.forms if "Accept" in f.text_content()]
    assert not User.objects.get(email=mallory.email).provider_memberships.exists()


def test_a_supervisor_answers_late_on_the_last_day_the_e_mail_names_not_the_next_morning(
    world, browser, at
):
    at(datetime.fromisoformat("2027-03-01T09:15:00-06:00"))  # Chicago, before the spring change
    link = _supervisor_asked(browser)
    (sent,) = [m for m in mail.outbox if m.to == [PAT]]
    assert "works until March 31, 2027" in " ".join(sent.body.split())
    browser.client.logout()

    at(datetime.fromisoformat("2027-04-01T00:05:00-05:00"))  # the next morning, in CDT
    page = browser.open(link, status=410)
    page.says("This link has expired. Ask the candidate to send a new one.")

    at(datetime.fromisoformat("2027-03-31T22:45:00-05:00"))  # that evening (N x 24 h: 10:15)
    page = browser.open(link)
    page = browser.submit(page.form("Send my answer").set("answer", "confirm"))
    assert _entry().supervisor_status == ExperienceEntry.SupervisorStatus.CONFIRMED
