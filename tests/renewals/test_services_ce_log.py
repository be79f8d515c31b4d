"""The CE log: activities recorded, converted and counted with technology, refused in words when
wrong, their evidence checked by content, changed only by the holder."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certify.core.errors import DomainError
from certify.renewals import selectors
from certify.renewals.services import ce_activity_create, ce_activity_delete, ce_activity_update
from tests.renewals.conftest import certificate_per_module, log
from tests.renewals.steps import PDF

# The certificate is built once for this module's tests, which change it only in the database
# (each test's savepoint is rolled back): tests/shared.py.
program, today, certificate = certificate_per_module()


def test_hours_are_converted_and_counted_with_technology(program, certificate, today):
    holder = certificate.holder
    tec = program.competency_sets.get(code="TEC")
    fls = program.competency_sets.get(code="FLS")
    ce_activity_create(
        actor=holder,
        title="Semester course",
        provider="College",
        completed_on=today,
        format="semester",
        amount=Decimal("1"),
        set_ids=[fls.pk],
        today=today,
    )
    ce_activity_create(
        actor=holder,
        title="Quarter course",
        provider="College",
        completed_on=today,
        format="quarter",
        amount=Decimal("0.5"),
        set_ids=[fls.pk],
        today=today,
    )
    ce_activity_create(
        actor=holder,
        title="Tech conference",
        provider="LITA",
        completed_on=today,
        format="conference",
        amount=Decimal("1"),
        set_ids=[tec.pk],
        today=today,
    )
    progress = selectors.ce_progress(certificate=certificate, today=today)
    assert (progress.total, progress.technology) == (Decimal("26"), Decimal("6"))
    assert (progress.remaining, progress.remaining_technology, progress.met) == (
        Decimal("6"),
        Decimal("0"),
        False,
    )
    # Never "6 of 4 on Technology": what counts toward the 4, then how much there is.
    assert progress.summary == "26 of 32 hours, 4 of 4 on Technology (you have 6)"
    assert progress.next_step == "Still needed: 6 more hours."


def test_activities_outside_the_period_do_not_count(program, certificate, today):
    log(certificate.holder, program=program, on=certificate.issued_on - timedelta(days=1))
    progress = selectors.ce_progress(certificate=certificate, today=today)
    assert (progress.total, progress.outside) == (Decimal("0"), 2)
    log(certificate.holder, program=program, on=certificate.issued_on)
    assert selectors.ce_progress(certificate=certificate, today=today).met


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "title"),
        ({"provider": ""}, "provider", "who offered"),
        ({"amount": "0"}, "amount", "greater than zero"),
        ({"amount": "abc"}, "amount", "as a number"),
        ({"amount": "1000"}, "amount", "up to 999"),
        ({"format": "weeks"}, "format", "unit"),
        ({"completed_on": None}, "completed_on", "date"),
    ],
)
def test_bad_activities_are_refused_in_words(certificate, today, changes, field, message):
    values = {
        "title": "Workshop",
        "provider": "State Library",
        "completed_on": today,
        "format": "hours",
        "amount": "3",
    }
    values.update(changes)
    with pytest.raises(DomainError, match=message) as refused:
        ce_activity_create(actor=certificate.holder, today=today, **values)
    assert refused.value.field == field


def test_a_future_activity_and_another_programs_set_are_refused(certificate, today):
    from tests.factories import CompetencySetFactory

    with pytest.raises(DomainError, match="once you have completed it"):
        ce_activity_create(
            actor=certificate.holder,
            title="T",
            provider="P",
            format="hours",
            amount="2",
            completed_on=today + timedelta(days=1),
            today=today,
        )
    other = CompetencySetFactory()
    with pytest.raises(DomainError, match="Choose competency sets of the LSSCP"):
        ce_activity_create(
            actor=certificate.holder,
            title="T",
            provider="P",
            format="hours",
            amount="2",
            completed_on=today,
            set_ids=[other.pk],
            today=today,
        )


def test_someone_without_a_certificate_has_no_log(candidate, today, program):
    with pytest.raises(DomainError, match="no certificate"):
        ce_activity_create(
            actor=candidate,
            title="T",
            provider="P",
            format="hours",
            amount="2",
            completed_on=today,
            today=today,
        )


def test_evidence_is_checked_by_content(certificate, today):
    with pytest.raises(DomainError, match="not a file type we accept") as refused:
        ce_activity_create(
            actor=certificate.holder,
            title="T",
            provider="P",
            format="hours",
            amount="2",
            completed_on=today,
            today=today,
            evidence=SimpleUploadedFile("cert.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
        )
    assert refused.value.field == "evidence"
    activity = ce_activity_create(
        actor=certificate.holder,
        title="T",
        provider="P",
        format="hours",
        amount="2",
        completed_on=today,
        today=today,
        evidence=SimpleUploadedFile("attendance.pdf", PDF),
    )
    assert activity.evidence_content_type == "application/pdf"
    assert activity.evidence.name.endswith(".pdf")
    assert "attendance" not in activity.evidence.name  # a random name, never the user's


def test_only_the_holder_changes_an_activity(certificate, today, candidate):
    activity = log(certificate.holder, program=certificate.program, on=today)[0]
    with pytest.raises(DomainError, match="your own"):
        ce_activity_delete(activity=activity, actor=candidate)
    ce_activity_update(
        activity=activity,
        actor=certificate.holder,
        title="Renamed",
        provider="P",
        completed_on=today,
        format="hours",
        amount="30",
        today=today,
    )
    activity.refresh_from_db()
    assert (activity.title, activity.amount) == ("Renamed", Decimal("30"))


@pytest.mark.parametrize(
    ("unit", "amount", "shown"),
    [
        ("conference", "1", "1 conference day"),
        ("conference", "2.5", "2.5 conference days"),
        ("semester", "1.00", "1 semester credit"),
        ("quarter", "0.5", "0.5 quarter credits"),
        ("hours", "4", "4 contact hours"),
        ("hours", "10", "10 contact hours"),
    ],
)
def test_an_activity_amount_reads_as_a_person_writes_it(unit, amount, shown):
    from decimal import Decimal

    from certify.renewals.models import CeActivity

    assert CeActivity(format=unit, amount=Decimal(amount)).amount_display == shown
