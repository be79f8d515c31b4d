"""Acceptance: a thing done twice, and a status changed under someone's feet, on the pages.

A candidate adds the same job twice; a portfolio not met for good leaves the route form; staff
suspend a certificate whose renewal waits for its fee; a certificate past its grace period
reads "Lapsed" everywhere and "Expired" again once its renewal is reopened; an employer's
account is e-mailed once a day however often a holder shares and stops sharing.
"""

import re
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.api import add_years
from certify.loaddata.demo.renewals import demo_renewals_create
from certify.programs.models import Program
from tests.acceptance import steps
from tests.acceptance.browser import forms_summary
from tests.acceptance.conftest import PASSWORD, REVIEWERS, STAFF
from tests.acceptance.test_edge_stories import TODAY, applicant


def field_value(page, name: str) -> str:
    found = page.tree.xpath(f"//*[@name='{name}']")
    assert found, f"no field {name!r} on {page.url}"
    return found[0].get("value") or found[0].text_content()


def test_the_same_job_added_twice_counts_once_and_what_was_typed_stays(world, browser):
    """A double click or a second go at the form: the job is on the application once, the
    candidate is told why beside the workplace, and the form still holds what she typed."""
    applicant(browser, "Mia Chen", "mia.chen@example.org")
    start = add_years(TODAY(), -2)
    job = steps.job(start, None, 20, "Eastside Library")
    page = steps.application_fill(browser, [job])
    page.says("Eastside Library")
    form = page.form("Add this job")
    for label, value in job.items():
        form.set(label, value)
    page = browser.submit(form, status=None)
    assert page.status == 400
    page.says(
        "This job is already on your application: Library assistant at Eastside Library, from "
        f"{start:%B} {start.day}, {start.year}, with the same hours. A job counts once: change "
        "the one already there instead of adding it again."
    )
    assert field_value(page, "new-start_date") == start.isoformat()
    assert field_value(page, "new-hours_per_week") == "20"
    assert "Eastside Library" in [
        i.get("value") for i in page.tree.xpath("//form//input") if i.get("value")
    ]
    # The application holds the job once, and its hours count once toward the rule.
    page = browser.open(browser.open("/apply/").link("Check your answers and submit"))
    hours = re.search(r"Library assistant at Eastside Library ([\d,]+) eligible hours", page.text)
    assert hours, page.text
    page.says(f"Eligible hours {hours.group(1)} of the 1,820 hours needed")
    assert page.text.count("eligible hours") == 1, page.text


def accepted_and_paid(browser, name: str, email: str, library: str) -> steps.Person:
    person = applicant(browser, name, email)
    page = steps.application_fill(browser, [steps.job(add_years(TODAY(), -2), None, 20, library)])
    steps.application_submit(browser, page)
    steps.staff_decide(browser, person, "Accept").says("You accepted the application.")
    form = browser.open(
        browser.open("/payments/staff/invoices/").link(re.compile("LSSCP-"), within=person.name)
    ).form("Record payment")
    form.set("How it was paid", "Check").set("Amount", "350").set("Reference", "Check 31")
    browser.submit(form.set("Received on", str(TODAY()))).says("Payment of $350.00 recorded")
    return person


def route_choices(page, set_name: str) -> list[str]:
    form = page.form(f"Save my choice for {set_name}")
    return [form._label_of(box) for box in form.form.xpath(".//input[@type='radio']")]


def test_after_a_final_not_met_the_plan_no_longer_offers_portfolio_and_says_why(world, browser):
    """The program allows no resubmission: one "not met" is final for that set's portfolio. The
    plan's route form for the set then offers the approved course alone, and says why."""
    Program.objects.filter(pk=world.pk).update(portfolio_resubmissions=0)
    eve = accepted_and_paid(browser, "Eve Nakamura", "eve.nakamura@example.org", "Lakeview Library")
    ct, tech = "Communication and Teamwork", "Technology"
    browser.sign_in(eve.email, eve.password)
    page = browser.open("/plan/")
    assert any(c.startswith("Portfolio") for c in route_choices(page, ct))
    browser.submit(page.form(f"Save my choice for {ct}").check("Portfolio"))
    steps.portfolio_fill(browser, ct, "At the desk")
    steps.portfolio_submit(browser, ct)
    for reviewer in REVIEWERS:
        steps.review(browser, reviewer, ct, "Not met", "The evidence does not show it.")

    browser.sign_in(eve.email, eve.password)
    page = browser.open("/plan/")
    page.says(
        "Portfolio is no longer offered: your portfolio for this set was not met and cannot be "
        "submitted again."
    )
    choices = route_choices(page, ct)
    assert choices, page.text
    assert not any(c.startswith("Portfolio") for c in choices), choices
    assert any(c.startswith("Portfolio") for c in route_choices(page, tech))  # other sets keep it
    # What is left to choose is taken.
    page = browser.submit(page.form(f"Save my choice for {ct}").check("Approved course"))
    assert not any(c.startswith("Portfolio") for c in route_choices(browser.open("/plan/"), ct))


def renewing_and_lapsed(world):
    """The demo's holder in her renewal window (Rosa Delgado) and the one whose certificate
    lapsed (Luke Brennan), as `make run` seeds them."""
    Program.objects.filter(pk=world.pk).update(renewal_audit_percent=0, accepts_card=True)
    return demo_renewals_create(program=world, staff=User.objects.get(email=STAFF))


def staff_act(browser, certificate, button: str, confirm: str, reason_label: str, reason: str):
    browser.sign_in(STAFF, PASSWORD)
    page = browser.open(f"/staff/certificates/?q={certificate.number}")
    page = browser.open(page.link(certificate.number))
    page = browser.open(page.link(button))
    return browser.submit(page.form(confirm).set(reason_label, reason))


def test_a_suspended_certificates_renewal_fee_cannot_be_paid_until_it_is_reinstated(
    world, browser, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"  # the program takes cards
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_not_a_real_secret"
    certificate, _lapsed = renewing_and_lapsed(world)
    number, holder = certificate.number, certificate.holder
    browser.sign_in(holder.email, PASSWORD)
    steps.activity_log(
        browser, "Library technology course", TODAY(), "Contact hours", "32", "Technology"
    )
    page = browser.submit(browser.open("/renewal/").form("Apply to renew"))
    page.says("Renewal applied for. Pay invoice", "LSSCP certificate renewal fee$150.00")
    invoice = page.url
    stale = page.form("Pay $150.00 by card")  # her tab, open while staff act
    assert browser.open("/renewal/").links("Pay the renewal fee")

    page = staff_act(
        browser,
        certificate,
        "Suspend this certificate…",
        f"Yes, suspend certificate {number}",
        "Why suspend it?",
        "A complaint is being looked into.",
    )
    page.says(f"Certificate {number} is suspended. Its holder was told, with your reason.")

    why = (
        f"We cannot take the renewal fee now: your certificate {number} is suspended, and a "
        "suspended certificate cannot be renewed. Nothing was charged. You can pay once program "
        "staff reinstate it."
    )
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/renewal/")
    page.says(why)
    assert not page.links("Pay the renewal fee")
    page = browser.open(invoice)
    page.says(why)
    assert "by card" not in forms_summary(page)
    # The card button of the tab she left open is refused before any payment is started.
    with mock.patch("stripe.checkout.Session.create") as stripe_asked:
        page = browser.submit(stale, status=None)
    page.says(why)
    stripe_asked.assert_not_called()
    page.says("Awaiting payment")

    page = staff_act(
        browser,
        certificate,
        "Reinstate this certificate…",
        f"Yes, reinstate certificate {number}",
        "Why reinstate it?",
        "The complaint was unfounded.",
    )
    page.says(f"Certificate {number} is valid again. Its holder was told, with your reason.")
    browser.sign_in(holder.email, PASSWORD)
    assert browser.open("/renewal/").links("Pay the renewal fee")
    page = browser.open(invoice)
    assert "We cannot take the renewal fee" not in page.text
    session = mock.Mock(id="cs_test_r9", url="https://checkout.stripe.com/c/pay/cs_test_r9")
    with mock.patch("stripe.checkout.Session.create", return_value=session) as stripe_asked:
        browser.submit(page.form("Pay $150.00 by card"), status=None)
    stripe_asked.assert_called_once()
    assert browser.page.url == session.url


def staff_listed(browser, status: str, number: str) -> str:
    """The row of certificate `number` in staff's list filtered on `status` ("" if absent)."""
    page = browser.open("/staff/certificates/")
    page = browser.submit(page.form("Filter").set("status", status).set("Number or name", number))
    rows = [r for r in page.tree.iter("tr") if number in r.text_content()]
    return " ".join(rows[0].text_content().split()) if rows else ""


def test_a_certificate_past_its_grace_period_reads_lapsed_and_expired_once_reopened(
    world, browser, settings
):
    """One word everywhere for a certificate past its last day to renew, and staff reopening its
    renewal show at once, even on the verification page a server keeps for a while."""
    settings.VERIFICATION_CACHE_SECONDS = 300
    cache.clear()
    _renewing, certificate = renewing_and_lapsed(world)
    number, holder = certificate.number, certificate.holder
    call_command("run_jobs")

    browser.client.logout()
    browser.open(f"/verify/{number}/").says("Lapsed.", "was not renewed; it is no longer in force")
    browser.sign_in(holder.email, PASSWORD)
    browser.open("/certificates/").says(number, "Lapsed")
    browser.open("/renewal/").says(f"Certificate {number}: Lapsed", "Your certificate has lapsed")
    browser.sign_in(STAFF, PASSWORD)
    assert "Lapsed" in staff_listed(browser, "Lapsed", number)
    assert not staff_listed(browser, "Expired", number)  # "Expired": the grace period only

    # Staff reopen its renewal for a month.
    page = browser.open(browser.open("/staff/renewals/lapsed/").link(f"Reinstate {number}"))
    renew_by = TODAY() + timedelta(days=30)
    form = page.form("Reinstate").set("Last day to renew", str(renew_by))
    browser.submit(form.set("Reason", "A long hospital stay."))

    browser.client.logout()
    page = browser.open(f"/verify/{number}/")
    page.says("Expired.")
    assert "Lapsed" not in page.text
    browser.sign_in(STAFF, PASSWORD)
    assert "Expired" in staff_listed(browser, "Expired", number)
    assert not staff_listed(browser, "Lapsed", number)
    browser.sign_in(holder.email, PASSWORD)
    page = browser.open("/certificates/")
    page.says(number, "Expired")
    assert "Lapsed" not in page.text


def test_an_employer_is_emailed_once_a_day_however_often_a_holder_shares_and_stops(
    world, browser, at
):
    """Rosa shares her certificate with her employer's account and stops, three times over (a
    change of mind, a second tab): the employer's list keeps one notice for the day, saying
    where things stand now, and only the first change of the day comes by e-mail. The next day
    starts a new notice, and its first change is e-mailed again."""
    certificate, _lapsed = renewing_and_lapsed(world)
    holder = certificate.holder
    employer = steps.Person("Dana Fox", "hr@riverside-library.example.org")
    steps.register(browser, employer)
    mail.outbox.clear()

    def share_and_stop() -> None:
        page = browser.open("/webhooks/shares/")
        page.says("by e-mail at most once a day")
        form = page.form("Share").set("Certificate", certificate.number)
        page = browser.submit(form.set("The employer's e-mail address", employer.email))
        assert page.form(re.compile("^Stop sharing"), within=employer.email)
        page = browser.submit(page.form(re.compile("^Stop sharing"), within=employer.email))
        assert f"Stop sharing with {employer.email}" not in forms_summary(page)

    def emailed() -> list[str]:
        return [m.subject for m in mail.outbox if m.to == [employer.email]]

    def notices() -> list[str]:
        browser.sign_in(employer.email, employer.password)
        page = browser.open("/notifications/")
        return re.findall(
            r"Rosa Delgado (shared|stopped sharing) their LSSCP certificate with you", page.text
        )

    browser.sign_in(holder.email, PASSWORD)
    for _ in range(3):
        share_and_stop()
    assert len(emailed()) == 1, emailed()
    assert notices() == ["stopped sharing"]  # one line for the day: the latest state

    at(timezone.now() + timedelta(days=1))  # the next day
    browser.sign_in(holder.email, PASSWORD)
    share_and_stop()
    assert len(emailed()) == 2, emailed()
    assert notices() == ["stopped sharing", "stopped sharing"]  # one per day
