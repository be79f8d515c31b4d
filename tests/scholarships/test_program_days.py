"""A fund's dates are days in the time zone of the program whose fees it pays (ADR 0036; a fund
without a program pays the site's default program's): its window, the 18-month cooldown and an
award's use-by day. The site is in Chicago. At 16:00 UTC on 5 December it is 6 December in
Tokyo and still 5 December in Chicago; at 08:00 UTC on 6 December it is 6 December in Chicago
and still 5 December in Honolulu."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certify.core.errors import DomainError
from certify.scholarships.handlers import expire_awards
from certify.scholarships.models import Award, Fund, Purpose
from certify.scholarships.services import (
    ApplicationRefusedError,
    application_award,
    award_payment_record,
)
from tests.scholarships.conftest import apply, enroll

API = "/api/v1/scholarships"
AFTER_TOKYO_MIDNIGHT = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
BEFORE_HONOLULU_MIDNIGHT = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.fixture
def at(program, monkeypatch):
    """Put the default program in `zone` and the clock at `now`."""

    def move(zone: str, now: datetime) -> None:
        program.time_zone = zone
        program.save(update_fields=["time_zone"])
        monkeypatch.setattr(timezone, "now", lambda: now)

    return move


def open_now(client, fund) -> bool:
    return client.get(f"{API}/funds/{fund.slug}").json()["open_now"]


@pytest.mark.parametrize(
    ("zone", "now", "open"),
    [
        ("Asia/Tokyo", AFTER_TOKYO_MIDNIGHT, False),
        ("Asia/Tokyo", AFTER_TOKYO_MIDNIGHT - timedelta(minutes=61), True),  # 23:59 there
        ("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT, True),
        ("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT + timedelta(hours=2), False),
    ],
)
def test_a_fund_closes_at_the_end_of_its_last_day_in_the_programs_zone(
    client, at, enrollment_fund, member, zone, now, open
):
    Fund.objects.filter(pk=enrollment_fund.pk).update(closes_on=date(2026, 12, 5))
    at(zone, now)
    assert open_now(client, enrollment_fund) is open
    if open:
        assert apply(enrollment_fund, member).pk
    else:
        with pytest.raises(ApplicationRefusedError, match="Applications closed on December 5"):
            apply(enrollment_fund, member)


def test_a_fund_opens_at_the_start_of_its_first_day_in_the_programs_zone(
    client, at, enrollment_fund, member
):
    Fund.objects.filter(pk=enrollment_fund.pk).update(opens_on=date(2026, 12, 6))
    at("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT)
    assert not open_now(client, enrollment_fund)
    with pytest.raises(ApplicationRefusedError, match="Applications open on December 6"):
        apply(enrollment_fund, member)


def earlier_award(ce_fund, member, committee) -> Award:
    """An SSD award on 6 June 2025: 18 months later, another is possible from 6 December 2026."""
    on = date(2025, 6, 6)
    application = apply(
        ce_fund, member, on=on, purpose=Purpose.CLASS, class_details="Cataloging basics, spring"
    )
    return application_award(application=application, actor=committee, today=on)


def test_the_cooldowns_last_day_is_the_programs(at, ce_fund, enrollment_fund, member, committee):
    earlier_award(ce_fund, member, committee)
    at("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT)  # 5 December there: the last day blocked
    with pytest.raises(ApplicationRefusedError, match="another from December 6, 2026"):
        apply(enrollment_fund, member)


def test_after_the_cooldown_in_the_programs_zone_an_award_is_made(
    at, ce_fund, enrollment_fund, member, committee
):
    earlier_award(ce_fund, member, committee)
    at("Asia/Tokyo", AFTER_TOKYO_MIDNIGHT)  # 6 December there, still the 5th in Chicago
    award = application_award(application=apply(enrollment_fund, member), actor=committee)
    assert award.awarded_on == date(2026, 12, 6)


def test_an_award_expires_after_its_use_by_day_in_the_programs_zone(at, ce_fund, member, committee):
    award = earlier_award(ce_fund, member, committee)
    Award.objects.filter(pk=award.pk).update(use_by=date(2026, 12, 5))
    at("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT)  # still the 5th there: kept
    assert expire_awards(date(2026, 12, 6)) == "0 unused scholarship award(s) expired"
    at("Asia/Tokyo", AFTER_TOKYO_MIDNIGHT)  # the 6th there, the scheduler's day the 5th
    assert expire_awards(date(2026, 12, 5)) == "1 unused scholarship award(s) expired"
    award.refresh_from_db()
    assert (award.status, award.ended_on) == (Award.Status.EXPIRED, date(2026, 12, 6))


def test_a_class_payment_is_dated_at_latest_on_the_programs_day(
    client, at, ce_fund, member, committee, ssd_admin
):
    award = earlier_award(ce_fund, member, committee)
    enroll(ce_fund, member, on=date(2025, 7, 1))
    at("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT)  # the 6th in Chicago, the 5th there
    client.force_login(ssd_admin)
    page = client.get(reverse("scholarships:application", args=[award.application_id])).text
    assert 'name="paid_on" value="2026-12-05"' in page
    with pytest.raises(DomainError, match="cannot have been made in the future"):
        award_payment_record(
            award=award,
            actor=ssd_admin,
            payee="candidate",
            payee_name="",
            reference="CHK 101",
            paid_on=date(2026, 12, 6),
        )
    payment = award_payment_record(
        award=award, actor=ssd_admin, payee="candidate", payee_name="", reference="CHK 101"
    )
    assert payment.paid_on == date(2026, 12, 5)


def test_a_new_funds_form_opens_on_the_default_programs_day(client, at, ssd, ssd_admin):
    at("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT)  # 6 December in Chicago
    client.force_login(ssd_admin)
    form = client.get(reverse("scholarships:fund_create", args=[ssd.slug])).text
    assert 'name="opens_on" value="2026-12-05"' in form


def test_the_sponsors_export_dates_its_rows_and_file_on_the_programs_days(
    client, at, enrollment_fund, member, ssd_admin
):
    at("Pacific/Honolulu", BEFORE_HONOLULU_MIDNIGHT)
    apply(enrollment_fund, member)
    client.force_login(ssd_admin)
    answer = client.get(reverse("scholarships:report", args=[enrollment_fund.slug]) + "?format=csv")
    assert f"{enrollment_fund.slug}-2026-12-05.csv" in answer["Content-Disposition"]
    rows = b"".join(answer.streaming_content if answer.streaming else [answer.content]).decode()
    assert ",2026-12-05," in rows.splitlines()[1]
