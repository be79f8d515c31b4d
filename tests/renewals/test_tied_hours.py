"""Continuing education counts only when tied to one of the program's competency sets; the
technology hours are those tied to its technology set. Renewals made before keep the rule they
were submitted under."""

import re
from datetime import date
from decimal import Decimal

import pytest

from certify.core.errors import DomainError
from certify.core.money import Money
from certify.payments.services import payment_record
from certify.renewals import ce, selectors
from certify.renewals.models import Renewal
from certify.renewals.services import (
    ce_activity_create,
    ce_activity_update,
    renewal_decide,
    renewal_resubmit,
    renewal_submit,
    renewal_sync,
)
from tests.factories import CompetencySetFactory, ProgramFactory, UserFactory
from tests.renewals.conftest import certificate_per_module, log

program, today, certificate = certificate_per_module()

NOT_TIED = "Not tied to a competency set: choose the sets it covers to count its hours."


def record(holder, *, amount, sets=(), on, title="Library webinar"):
    return ce_activity_create(
        actor=holder,
        title=title,
        provider="State Library",
        completed_on=on,
        format="hours",
        amount=Decimal(amount),
        set_ids=[s.pk for s in sets],
        today=on,
    )


def test_31_75_tied_hours_and_8_untied_are_not_enough(certificate, program, today):
    holder = certificate.holder
    log(holder, program=program, hours="27.75", technology="4", on=today)
    record(holder, amount="8", on=today)
    progress = selectors.ce_progress(certificate=certificate, today=today)
    assert (progress.total, progress.technology) == (Decimal("31.75"), Decimal("4"))
    assert (progress.untied, progress.untied_hours) == (1, Decimal("8"))
    assert not progress.met
    # Whole hours, as the rest of the site: not "0.25 more hours" (the rule counts exactly).
    assert progress.next_step == "Still needed: 1 more hour."
    with pytest.raises(DomainError, match=r"Not yet: 31 of 32 hours"):
        renewal_submit(certificate=certificate, actor=holder, today=today)
    assert not Renewal.objects.exists()


def test_exactly_32_with_4_on_technology_is_enough_and_the_renewal_is_made_of_them(
    certificate, program, today
):
    holder = certificate.holder
    tied = log(holder, program=program, hours="28", technology="4", on=today)
    untied = record(holder, amount="5", on=today)
    progress = selectors.ce_progress(certificate=certificate, today=today)
    assert (progress.total, progress.technology, progress.met) == (
        Decimal("32"),
        Decimal("4"),
        True,
    )
    renewal = renewal_submit(certificate=certificate, actor=holder, today=today)
    assert (renewal.hours_total, renewal.hours_technology) == (Decimal("32"), Decimal("4"))
    assert set(renewal.activities.all()) == set(tied)  # the untied one is not part of it
    assert untied not in renewal.activities.all()
    assert renewal.untied_hours_count is False


def test_technology_hours_are_those_tied_to_the_technology_set(certificate, program, today):
    holder = certificate.holder
    fls = program.competency_sets.get(code="FLS")
    tec = program.competency_sets.get(code="TEC")
    record(holder, amount="28", sets=[fls], on=today, title="Library technology talk")
    record(holder, amount="3.75", sets=[fls, tec], on=today)
    progress = selectors.ce_progress(certificate=certificate, today=today)
    assert (progress.total, progress.technology) == (Decimal("31.75"), Decimal("3.75"))
    assert progress.next_step == "Still needed: 1 more hour and 1 more on Technology."


def test_a_set_of_another_program_ties_nothing(certificate, program, today):
    holder = certificate.holder
    other = ProgramFactory(slug="other", short_name="OTHER")
    foreign_tec = CompetencySetFactory(program=other, code="TEC", name="Technology")
    with pytest.raises(DomainError, match="Choose competency sets of the LSSCP program") as refused:
        record(holder, amount="32", sets=[foreign_tec], on=today)
    assert refused.value.field == "competency_sets"
    # Put there by hand (the forms and the API offer no such set): it still counts nowhere.
    activity = record(holder, amount="32", on=today)
    activity.competency_sets.add(foreign_tec)
    progress = selectors.ce_progress(certificate=certificate, today=today)
    assert (progress.total, progress.technology, progress.untied) == (Decimal("0"), Decimal("0"), 1)
    period = selectors.ce_period(certificate=certificate)
    assert selectors.ce_activity_why_not(activity, period=period) == NOT_TIED


def _in_audit_asking_for_evidence(certificate, program, today):
    program.renewal_audit_percent = 100
    program.save()
    holder = certificate.holder
    log(holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=holder, today=today)
    staff = UserFactory(full_name="Sam Staff", roles=["program_staff"])
    payment_record(
        invoice=renewal.invoice,
        amount=Money(renewal.invoice.balance_cents, renewal.invoice.currency),
        method="cheque",
        reference="Check 7",
        actor=staff,
    )
    renewal = renewal_sync(renewal=renewal)
    return renewal_decide(
        renewal=renewal, actor=staff, action="more_evidence", reason="Attach the certificate."
    )


def _untie_the_workshop(renewal, today):
    activity = renewal.activities.get(title="Customer service workshop")
    ce_activity_update(
        activity=activity,
        actor=renewal.holder,
        title=activity.title,
        provider=activity.provider,
        completed_on=activity.completed_on,
        format=activity.format,
        amount=activity.amount,
        set_ids=[],
        today=today,
    )


def test_a_renewal_made_before_the_rule_keeps_counting_its_untied_hours(
    certificate, program, today
):
    renewal = _in_audit_asking_for_evidence(certificate, program, today)
    Renewal.objects.filter(pk=renewal.pk).update(untied_hours_count=True)  # as the migration
    renewal.refresh_from_db()
    _untie_the_workshop(renewal, today)
    progress = selectors.ce_progress(certificate=certificate, today=today, renewal=renewal)
    assert (progress.total, progress.untied, progress.met) == (Decimal("32"), 0, True)
    renewal = renewal_resubmit(renewal=renewal, actor=renewal.holder, today=today)
    assert (renewal.status, renewal.hours_total) == (Renewal.Status.IN_AUDIT, Decimal("32"))


def test_a_renewal_made_under_the_rule_is_judged_again_by_it(certificate, program, today):
    renewal = _in_audit_asking_for_evidence(certificate, program, today)
    _untie_the_workshop(renewal, today)
    with pytest.raises(DomainError, match="Not yet: 4 of 32 hours"):
        renewal_resubmit(renewal=renewal, actor=renewal.holder, today=today)
    renewal.refresh_from_db()
    assert (renewal.status, renewal.hours_total) == (Renewal.Status.MORE_EVIDENCE, Decimal("32"))


def test_the_page_says_which_activities_do_not_count_and_why(client, certificate, program, today):
    holder = certificate.holder
    log(holder, program=program, hours="20", technology="4", on=today)
    record(holder, amount="8", on=today, title="Untied webinar")
    client.force_login(holder)
    page = client.get("/renewal/").text
    assert "24 of 32 hours, 4 of 4 on Technology" in page
    row = page[page.index("Untied webinar") :].split("</tr>")[0]
    assert "does not count" in row
    assert NOT_TIED in row
    workshop = page[page.index("Customer service workshop") :].split("</tr>")[0]
    assert "does not count" not in workshop
    assert "1 of yours (8 hours) is not tied to a competency set and does not count" in page
    assert "Competency sets it covers" in page
    assert "Choose at least one: only activities tied to a competency set count." in page


def test_one_untied_hour_is_one_hour(client, certificate, program, today):
    record(certificate.holder, amount="1", on=today, title="Short untied webinar")
    client.force_login(certificate.holder)
    page = client.get("/renewal/").text
    assert "1 of yours (1 hour) is not tied to a competency set and does not count" in page


def test_a_refused_activity_keeps_the_sets_that_were_chosen(client, certificate, program, today):
    fls = program.competency_sets.get(code="FLS")
    client.force_login(certificate.holder)
    response = client.post(
        "/renewal/activities/",
        {
            "title": "Kept title",
            "provider": "State Library",
            "completed_on": today.isoformat(),
            "format": "hours",
            "amount": "0",
            "competency_sets": [fls.pk],
        },
    )
    assert response.status_code == 400
    boxes = re.findall(r'<input type="checkbox" name="competency_sets"[^>]*>', response.text)
    checked = [b for b in boxes if "checked" in b]
    assert len(checked) == 1
    assert f'value="{fls.pk}"' in checked[0]


def test_why_not_counted_says_the_period_first():
    outside = ce.Counted(
        completed_on=ce.date(2020, 1, 1), hours=Decimal("1"), tied=False, technology=False
    )
    start, end = ce.date(2021, 1, 1), ce.date(2026, 1, 1)
    assert ce.why_not_counted(outside, period_start=start, period_end=end) == ce.OUTSIDE
    inside = ce.Counted(
        completed_on=ce.date(2022, 1, 1), hours=Decimal("1"), tied=False, technology=False
    )
    assert ce.why_not_counted(inside, period_start=start, period_end=end) == NOT_TIED
    assert ce.why_not_counted(inside, period_start=start, period_end=end, untied_count=True) == ""


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("total", "technology", "summary"),
    [
        ("26", "6", "26 of 32 hours, 4 of 4 on Technology (you have 6)"),
        ("45", "11", "32 of 32 hours (you have 45), 4 of 4 on Technology (you have 11)"),
        ("32", "4", "32 of 32 hours, 4 of 4 on Technology"),
        ("7.5", "0", "7 of 32 hours, 0 of 4 on Technology"),
        ("31.99", "3.5", "31 of 32 hours, 3 of 4 on Technology"),
    ],
)
def test_the_summary_never_shows_more_met_than_needed(total, technology, summary):
    """ "11 of 4 on Technology" read as a mistake: the part that counts toward what is needed,
    then how much the holder has."""
    progress = ce.Progress(
        required=Decimal("32"),
        required_technology=Decimal("4"),
        total=Decimal(total),
        technology=Decimal(technology),
        period_start=date(2022, 1, 1),
        period_end=date(2026, 12, 31),
        outside=0,
        minimum_on="Technology",
    )
    assert progress.summary == summary
