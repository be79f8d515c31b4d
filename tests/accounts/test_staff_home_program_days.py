"""The staff home's "the oldest has waited N days" counts calendar days in the oldest item's
program's time zone on every card with work of a program (ADR 0047), read with its count in the
same query (`accounts.api.oldest_waiting`). The site is in Chicago, the program in Denver (as the
test program RMT is): every item waits from 22:30 on 1 March in Denver (23:30 in Chicago); at
23:30 on 2 March in Denver (already 3 March in Chicago) each card says one day where the site's
calendar says two. Work of no program (memberships, course providers, e-mails) is counted in the
programs' days too when every program is in one zone, so every card turns the day at the
program's midnight, not the site's; with programs in two zones, in the site's calendar."""

import datetime as dt
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from certify.accounts.staff_home import WorkCard, days_since, staff_work
from tests.accounts.test_staff_home import world  # noqa: F401 (a fixture)

SUBMITTED = datetime(2027, 3, 2, 5, 30, tzinfo=UTC)  # 22:30 MST on the 1st, 23:30 CST on the 1st
LATE_EVENING = datetime(2027, 3, 3, 6, 30, tzinfo=UTC)  # 23:30 MST on the 2nd, 00:30 CST the 3rd
DENVER_DAY = dt.date(2027, 3, 1)  # a day that is the program's: an invoice's issue, a due day

# Every card counting work of a program, and the cards of work of none.
PROGRAM_CARDS = {
    "applications-submitted",
    "applications-more-info",
    "appeals-to-decide",
    "reviews-overdue",
    "reviews-need-reviewers",
    "courses-courses",
    "courses-completions",
    "courses-unmatched",
    "courses-claims",
    "invoices-unpaid",
    "invoices-refund-pending",
    "certificates-pending",
    "renewals-audit",
}
NO_PROGRAM_CARDS = {"memberships", "courses-providers", "emails-failed"}


@pytest.fixture
def at_denvers_late_evening(world, monkeypatch):  # noqa: F811
    """The world's waiting work all begun at SUBMITTED (its days on DENVER_DAY), its programs in
    Denver, the clock at LATE_EVENING."""
    from certify.appeals.models import Appeal
    from certify.applications.models import Application
    from certify.certificates.models import Certificate
    from certify.courses.models import (
        Course,
        CourseCompletion,
        ProgrammeClaim,
        Provider,
        UnmatchedCompletion,
    )
    from certify.memberships.models import Membership
    from certify.notifications.models import OutgoingEmail
    from certify.payments.models import Invoice
    from certify.portfolios.models import ReviewAssignment, Submission
    from certify.programs.models import Program
    from certify.renewals.models import Renewal

    assert timezone.get_default_timezone_name() == "America/Chicago"
    Program.objects.update(time_zone="America/Denver")
    for model in (Application, Course, Submission, Renewal):
        model.objects.update(submitted_at=SUBMITTED)
    for model in (
        Certificate,
        CourseCompletion,
        UnmatchedCompletion,
        ProgrammeClaim,
        Provider,
        Membership,
        OutgoingEmail,
    ):
        model.objects.update(created_at=SUBMITTED)
    Appeal.objects.update(grounds_at=SUBMITTED)
    Invoice.objects.update(issued_on=DENVER_DAY)
    ReviewAssignment.objects.update(due_on=DENVER_DAY)
    monkeypatch.setattr(timezone, "now", lambda: LATE_EVENING)
    return world


def _cards(w):
    groups = staff_work(user=w.users["staff"])
    return {card.key: card for group in groups for card in group.cards}


def test_every_card_of_a_programs_work_counts_the_programs_days(at_denvers_late_evening):
    cards = _cards(at_denvers_late_evening)
    assert set(cards) >= PROGRAM_CARDS | NO_PROGRAM_CARDS
    for key in PROGRAM_CARDS:
        card = cards[key]
        assert card.count >= 1, key
        assert card.zone == "America/Denver", key
        assert days_since(card.oldest) == 2, key  # the site's calendar: the 3rd in Chicago
        assert card.age_days == 1, key
        assert "1 day " in card.age_text or card.age_text.endswith("1 day."), key


def test_work_of_no_program_counts_the_programs_days_when_they_share_a_zone(
    at_denvers_late_evening,
):
    cards = _cards(at_denvers_late_evening)
    for key in NO_PROGRAM_CARDS:
        card = cards[key]
        assert card.count >= 1, key
        assert card.zone == "America/Denver", key
        assert days_since(card.oldest) == 2, key  # the site's calendar: the 3rd in Chicago
        assert card.age_days == 1, key


def test_work_of_no_program_counts_the_sites_days_when_programs_zones_differ(
    at_denvers_late_evening, client
):
    """RMT in Denver beside the world's program back in Chicago: no one program's day, so the
    site's (the rule of every page over every program, `core.zones.zone_for_all`)."""
    from certify.programs.models import Program
    from tests.programs.second_program import rmt_set_up

    rmt = rmt_set_up(at_denvers_late_evening.users["staff"])
    assert rmt.time_zone == "America/Denver"
    Program.objects.exclude(pk=rmt.pk).update(time_zone="America/Chicago")
    cards = _cards(at_denvers_late_evening)
    for key in NO_PROGRAM_CARDS:
        assert cards[key].zone == "America/Chicago", key
        assert cards[key].age_days == 2, key
    client.force_login(at_denvers_late_evening.users["staff"])
    page = " ".join(client.get("/staff/").text.split())
    assert (
        "Ages are counted in calendar days in each item's program's time zone; "
        "memberships, course providers and e-mails, of no program, in America/Chicago, the "
        "site&#x27;s time zone." in page
    )
    assert "The oldest was written 2 days ago." in page


# Instants around the two midnights, and the days every card says then (items from 22:30 on
# 1 March in Denver).
MIDNIGHTS = [
    pytest.param(datetime(2027, 3, 3, 5, 59, tzinfo=UTC), 1, id="22:59 in Denver"),
    pytest.param(datetime(2027, 3, 3, 6, 0, tzinfo=UTC), 1, id="the site's midnight"),
    pytest.param(datetime(2027, 3, 3, 6, 59, tzinfo=UTC), 1, id="23:59 in Denver"),
    pytest.param(datetime(2027, 3, 3, 7, 0, tzinfo=UTC), 2, id="the program's midnight"),
]


@pytest.mark.parametrize(("now", "days"), MIDNIGHTS)
def test_every_card_turns_the_day_at_the_programs_midnight(
    at_denvers_late_evening, monkeypatch, now, days
):
    monkeypatch.setattr(timezone, "now", lambda: now)
    cards = _cards(at_denvers_late_evening)
    for key in PROGRAM_CARDS | NO_PROGRAM_CARDS:
        assert cards[key].age_days == days, key


def test_the_staff_home_page_says_one_day_for_the_programs_work(at_denvers_late_evening, client):
    client.force_login(at_denvers_late_evening.users["staff"])
    page = client.get("/staff/").text
    assert "The oldest grounds have waited 1 day." in page
    assert "The oldest was issued 1 day ago." in page
    assert "The oldest was written 1 day ago." in page  # an e-mail: the programs' days too
    assert "in calendar days in America/Denver, every program&#x27;s time zone." in page


def test_the_failed_e_mails_list_shows_their_times_in_the_zone_the_home_counts_in(
    at_denvers_late_evening, client
):
    """The card's link opens the outbox: its e-mail written at 22:30 on 1 March in Denver says
    so, not 23:30 (the site's clock, which the card no longer counts in), with the zone named."""
    client.force_login(at_denvers_late_evening.users["staff"])
    page = " ".join(client.get("/notifications/outbox/?status=failed").text.split())
    assert "Times are in America/Denver, every program&#x27;s time zone." in page
    assert "March 1, 2027, 10:30 p.m. MST" in page
    assert "11:30 p.m." not in page


def test_the_oldest_items_program_gives_the_zone(lsscp, staff, monkeypatch):
    """Of two programs' invoices, the older one's program's zone is the card's, in one query."""
    from certify.payments.models import Invoice
    from certify.payments.selectors import invoices_unpaid
    from certify.payments.services import renewal_invoice_create
    from certify.programs.models import Program
    from tests.conftest import count_queries
    from tests.programs.second_program import rmt_set_up
    from tests.programs.test_second_program import rmt_candidate

    rmt = rmt_set_up(staff)
    candidate, _ = rmt_candidate(rmt, staff, accepted=False)
    older = renewal_invoice_create(user=candidate, program=rmt, actor=staff, subject="r:1")
    newer = renewal_invoice_create(user=candidate, program=lsscp, actor=staff, subject="r:2")
    Program.objects.filter(pk=rmt.pk).update(time_zone="America/Denver")
    Program.objects.filter(pk=lsscp.pk).update(time_zone="Asia/Tokyo")
    Invoice.objects.filter(pk=older.pk).update(issued_on=DENVER_DAY)
    Invoice.objects.filter(pk=newer.pk).update(issued_on=DENVER_DAY + dt.timedelta(days=1))
    found: list = []
    assert count_queries(lambda: found.append(invoices_unpaid())) == 1
    assert (found[0].count, found[0].oldest, found[0].zone) == (2, DENVER_DAY, "America/Denver")
    Invoice.objects.filter(pk=newer.pk).update(issued_on=DENVER_DAY - dt.timedelta(days=1))
    assert invoices_unpaid().zone == "Asia/Tokyo"


# The ages' words on the days around the items' own day (items from 22:30 on 1 March in Denver).
AGE_WORDS = [
    pytest.param(datetime(2027, 3, 2, 6, 30, tzinfo=UTC), 0, "today", id="the same day"),
    pytest.param(LATE_EVENING, 1, "1 day", id="the next day"),
    pytest.param(datetime(2027, 3, 4, 6, 30, tzinfo=UTC), 2, "2 days", id="two days on"),
]


@pytest.mark.parametrize(("now", "days", "words"), AGE_WORDS)
def test_every_cards_age_says_today_1_day_or_2_days(
    at_denvers_late_evening, monkeypatch, now, days, words
):
    """Work that came in today says so ("today"), never "less than a day" or "0 days"; a card
    whose label says "... {days} ago." says "... today." and every other one its own sentence."""
    monkeypatch.setattr(timezone, "now", lambda: now)
    cards = _cards(at_denvers_late_evening)
    # A review due on the items' day is not overdue on it: that card waits from the next day.
    counted = {key for key in PROGRAM_CARDS | NO_PROGRAM_CARDS if cards[key].count}
    assert counted == (PROGRAM_CARDS | NO_PROGRAM_CARDS) - (
        {"reviews-overdue"} if not days else set()
    )
    for key in counted:
        text = cards[key].age_text
        assert cards[key].age_days == days, key
        assert "less than" not in text, key
        assert "0 day" not in text, key
        assert "{" not in text, key
        if days:
            assert f"{words} " in text or text.endswith(f"{words}."), key
        else:
            assert text.endswith("today."), key
            assert " ago" not in text, key
            assert "waited" not in text, key
    if not days:
        assert cards["applications-submitted"].age_text == "The oldest came in today."
        assert cards["appeals-to-decide"].age_text == "The oldest grounds came in today."
        assert cards["invoices-unpaid"].age_text == "The oldest was issued today."
        assert cards["emails-failed"].age_text == "The oldest was written today."


@pytest.mark.database_free
def test_a_label_of_days_ago_says_today_and_any_other_its_own_sentence():
    today = timezone.localdate()
    card = WorkCard(key="k", heading="h", title="t", count=1, url="/", oldest=today)
    assert card.age_text == "The oldest came in today."
    overdue = replace(card, age_label="The most overdue was due {days} ago.")
    assert overdue.age_text == "The most overdue was due today."
    assert replace(overdue, oldest=today - dt.timedelta(days=1)).age_text == (
        "The most overdue was due 1 day ago."
    )
    assert replace(card, oldest=today - dt.timedelta(days=2)).age_text == (
        "The oldest has waited 2 days."
    )
    assert replace(card, count=0).age_text == ""
