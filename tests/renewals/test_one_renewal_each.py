"""An activity counts toward one renewal only (ADR 0014): the certificate a renewal made counts
from the day that renewal was submitted, so what was done while it waited for approval counts
toward the next one, and the activities it counted never count again."""

from datetime import timedelta

from django.utils.formats import date_format

from certify.renewals import ce
from certify.renewals.selectors import ce_activity_list, ce_activity_rows, ce_period, ce_progress
from tests.renewals.conftest import log, renewed_once


def _renewed(program, staff_user, *, waited_days: int):
    """A holder's renewal submitted `waited_days` ago with 28 + 4 hours done today (the day it
    is approved), and the certificate it made."""
    renewal, used, today = renewed_once(program, staff_user, waited_days=waited_days)
    return renewal.new_certificate, used, today


def test_the_activities_a_renewal_counted_do_not_count_for_the_next(program, staff_user):
    """Left out of the next period's hours, and said in that renewal's words, the same for the
    page's rows, the API's period and the rule (`ce.why_not_counted`)."""
    renewal, used, today = renewed_once(program, staff_user, waited_days=0)
    renewed = renewal.new_certificate
    progress = ce_progress(certificate=renewed)
    assert (progress.total, progress.technology) == (0, 0)
    rows = ce_activity_rows(
        activities=list(ce_activity_list(holder=renewed.holder, program=program)),
        progress=progress,
    )
    day = date_format(today, "DATE_FORMAT")
    words = f"Counted toward your renewal approved on {day}: an activity counts toward one "
    words += "renewal only."
    assert {(activity.pk, why) for activity, _, why in rows} == {(a.pk, words) for a in used}
    period = ce_period(certificate=renewed)
    assert period.counted_before == {a.pk: ce.CountedBefore(renewal.pk, today) for a in used}
    assert progress.counted_before == period.counted_before


def test_what_was_done_while_the_renewal_waited_counts_for_the_next(program, staff_user):
    renewed, _, today = _renewed(program, staff_user, waited_days=10)
    assert renewed.issued_on == today
    log(renewed.holder, program=program, hours="6", technology="0", on=today - timedelta(days=5))
    progress = ce_progress(certificate=renewed)
    assert progress.period_start == today - timedelta(days=10)
    assert progress.total == 6


def test_an_activity_before_the_renewals_submission_is_outside_in_words_true_for_it(
    program, staff_user
):
    """Done before the renewal was submitted and not counted by it: outside the renewed
    certificate's period, and the reason says that period starts on the day its renewal was
    submitted, not at the certificate's issue (the day it was approved, after the activity)."""
    renewed, _, today = _renewed(program, staff_user, waited_days=10)
    earlier = log(
        renewed.holder, program=program, hours="3", technology="0", on=today - timedelta(days=12)
    )
    rows = ce_activity_rows(
        activities=list(ce_activity_list(holder=renewed.holder, program=program)),
        progress=ce_progress(certificate=renewed),
    )
    why = {activity.pk: reason for activity, _, reason in rows}
    assert {why[a.pk] for a in earlier} == {ce.OUTSIDE}
    assert "for a renewed one the day its renewal was submitted" in ce.OUTSIDE
    assert "between the certificate's issue and" not in ce.OUTSIDE
