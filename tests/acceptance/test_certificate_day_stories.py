"""Acceptance: a certificate's days turn at the program's midnight (Chicago), not UTC's.

A certificate issued at 19:00 in Chicago (already the next day in UTC) is dated that day in
Chicago and valid five years. Its renewal opens 12 months before it expires, the reminder goes
out on that day in Chicago (not at 19:00 the evening before, when UTC is already on it), it
reads "Expired" from the day after its last day, stays renewable through two months' grace, and
reads "Lapsed" (with its notice) from the day after. Each edge is tried at 23:59 or 19:00 on
the last day and 00:01 on the next.
"""

import io
from datetime import timedelta

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from certify.accounts.models import User
from certify.applications.api import add_years
from certify.certificates.models import Certificate
from certify.loaddata.demo.certificates import demo_enrolled_create
from certify.programs.models import Program
from certify.progress import services as progress
from certify.renewals.lifecycle import add_months
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, STAFF
from tests.acceptance.test_edge_stories import TODAY
from tests.acceptance.test_program_day_stories import chicago, evening, long
from tests.acceptance.test_repeats_and_status_stories import staff_listed
from tests.programs.second_program import rmt_set_up
from tests.renewals.conftest import holder_with_certificate

HOLDER = ("june.holt@example.org", "June Holt")
LAPSED = "Your certificate has lapsed"


def issued_this_evening(program, at, capture) -> Certificate:
    """A candidate whose last set is confirmed at 19:00 in Chicago: the certificate is issued
    then, by the service that confirms it (the rest of her plan done earlier)."""
    Program.objects.filter(pk=program.pk).update(renewal_audit_percent=0)
    staff = User.objects.get(email=STAFF)
    enrolled_on = TODAY() - timedelta(days=400)
    user, application, _ = demo_enrolled_create(
        program=program,
        staff=staff,
        email=HOLDER[0],
        name=HOLDER[1],
        library_name="Riverside Public Library",
        role="Circulation assistant",
        enrolled_on=enrolled_on,
    )
    assert application is not None
    evening(at)
    for planned in application.planned_sets.select_related("competency_set"):
        progress.route_choose(planned=planned, actor=user, route="course", today=enrolled_on)
        with capture(execute=True):
            progress.planned_set_satisfy(
                planned=planned,
                actor=staff,
                route="course",
                evidence=f"Approved course in {planned.competency_set.name}",
            )
    return Certificate.objects.get(holder=user)


def sent(subject: str) -> list[str]:
    """The holder's e-mails whose subject reads `subject`."""
    return [m.subject for m in mail.outbox if m.to == [HOLDER[0]] and subject in m.subject]


def test_a_certificates_days_from_issue_to_lapse_are_the_programs_days(
    world, browser, at, django_capture_on_commit_callbacks
):
    certificate = issued_this_evening(world, at, django_capture_on_commit_callbacks)
    issued = TODAY()  # the program's day at 19:00 there; UTC is a day ahead
    expires = add_years(issued, 5)
    opens, grace_ends = add_months(expires, -12), add_months(expires, 2)
    number = certificate.number
    reminded = f"Your certificate expires on {long(expires)}"
    assert (certificate.issued_on, certificate.expires_on) == (issued, expires)
    browser.open(f"/verify/{number}/").says("Valid.", long(issued), long(expires))

    def daily_jobs() -> None:  # the scheduler's run, its e-mails sent as they would be
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_jobs", stdout=io.StringIO())

    def api_says() -> tuple[str, str]:
        """What anyone reads of it through the API: its status and the words for it."""
        browser.client.logout()
        found = browser.client.get(f"/api/v1/certificates/{number}").json()
        assert found["expires_on"] == expires.isoformat()
        return found["status"], found["status_label"]

    def renewal_page():
        browser.sign_in(HOLDER[0], PASSWORD)
        return browser.open("/renewal/")

    # The day before renewal opens, at 19:00 (the opening day in UTC): not open, no reminder.
    at(chicago(opens - timedelta(days=1), 19))
    daily_jobs()
    assert not sent(reminded), sent("")
    page = renewal_page()
    page.says(f"Renewal opens on {long(opens)}.")
    assert "Apply to renew" not in forms_summary(page)
    # One minute past midnight on the opening day: open, and the reminder goes out.
    at(chicago(opens, 0, 1))
    daily_jobs()
    assert len(sent(reminded)) == 1, sent("")
    page = renewal_page()
    page.says("Valid; renewal open")
    assert "Apply to renew" in forms_summary(page)

    # Its last day, at 23:59 (05:59 UTC the next day): still valid.
    at(chicago(expires, 23, 59))
    browser.client.logout()
    browser.open(f"/verify/{number}/").says("Valid.")
    assert api_says()[0] == "valid"
    browser.sign_in(STAFF, PASSWORD)
    assert staff_listed(browser, "Valid", number)
    assert not staff_listed(browser, "Expired", number)
    # 00:01 the next day: "Expired", still renewable (the grace period).
    at(chicago(expires + timedelta(days=1), 0, 1))
    browser.client.logout()
    browser.open(f"/verify/{number}/").says("Expired.")
    assert api_says() == ("expired", "Expired")
    renewal_page().says("Expired; renewal still open (grace period)")
    browser.sign_in(STAFF, PASSWORD)
    assert not staff_listed(browser, "Valid", number)
    assert "Expired" in staff_listed(browser, "Expired", number)

    # The grace period's last day at 19:00 (UTC: the day after): expired, not lapsed.
    at(chicago(grace_ends, 19))
    daily_jobs()
    assert not sent(LAPSED), sent("")
    page = renewal_page()
    page.says("Expired; renewal still open (grace period)")
    assert "Lapsed" not in page.text
    assert "Apply to renew" in forms_summary(page)
    assert api_says() == ("expired", "Expired")
    browser.sign_in(STAFF, PASSWORD)
    assert "Expired" in staff_listed(browser, "Expired", number)
    assert not staff_listed(browser, "Lapsed", number)

    # 00:01 the next day: lapsed everywhere, and the holder is told once.
    at(chicago(grace_ends + timedelta(days=1), 0, 1))
    daily_jobs()
    assert len(sent(LAPSED)) == 1, sent("")
    browser.client.logout()
    browser.open(f"/verify/{number}/").says("Lapsed.")
    assert api_says() == ("expired", "Lapsed")
    page = renewal_page()
    page.says(f"Certificate {number}: Lapsed", "Your certificate has lapsed")
    assert "Apply to renew" not in forms_summary(page)
    browser.sign_in(STAFF, PASSWORD)
    assert "Lapsed" in staff_listed(browser, "Lapsed", number)
    assert not staff_listed(browser, "Expired", number)


def test_a_denver_programs_reminder_and_lapse_follow_denvers_midnight(
    staff, browser, at, django_capture_on_commit_callbacks, settings
):
    """RMT runs in Denver, an hour behind the site (Chicago). The daily job runs once a day in
    the site's day; at 00:30 in Chicago it is still yesterday in Denver, so nothing due on the
    Denver day that has not begun goes out: the reminder and the lapse wait for Denver's day.
    The verification page, kept as a deployment keeps it, turns "Lapsed" at Denver's midnight."""
    settings.VERIFICATION_CACHE_SECONDS = 600  # the page is kept, as a deployment does
    cache.clear()
    rmt = rmt_set_up(staff)
    expires = add_months(TODAY(), 8)
    certificate = holder_with_certificate(
        rmt, issued_on=add_years(expires, -3), name="Ray Ochoa", email="ray.ochoa@example.org"
    )
    number, email = certificate.number, certificate.holder.email
    reminder, grace_ends = add_months(expires, -6), add_months(expires, 1)  # RMT: [6, 1], 1

    def mails(subject: str) -> list[str]:
        return [m.subject for m in mail.outbox if m.to == [email] and subject in m.subject]

    def daily_jobs() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_jobs", stdout=io.StringIO())

    at(chicago(reminder, 0, 30))  # 23:30 the day before in Denver
    daily_jobs()
    assert not mails("Your certificate expires on")
    at(chicago(reminder + timedelta(days=1), 0, 30))  # 23:30 on the day in Denver
    daily_jobs()
    assert mails(f"Your certificate expires on {long(expires)}")

    at(chicago(grace_ends + timedelta(days=1), 0, 30))  # still the grace's last day in Denver
    daily_jobs()
    assert not mails(LAPSED)
    browser.open(f"/verify/{number}/").says("Expired.")
    at(chicago(grace_ends + timedelta(days=1), 1, 1))  # 00:01 the next day in Denver
    browser.open(f"/verify/{number}/").says("Lapsed.")
    at(chicago(grace_ends + timedelta(days=2), 0, 30))  # the next daily run
    daily_jobs()
    assert len(mails(LAPSED)) == 1
