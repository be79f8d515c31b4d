"""Renewal fixtures: a small LSSCP-like program and holders whose certificates were issued on a
chosen day."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from certify.accounts.models import Role
from certify.applications.api import add_years
from certify.certificates.services import certificate_create_for_plan
from certify.core.workflow import SYSTEM, transition
from certify.programs.api import program_today
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet
from certify.renewals.lifecycle import add_months
from certify.renewals.models import Renewal, RenewalTransition
from certify.renewals.services import audit_roll, ce_activity_create, renewal_submit, renewal_sync
from tests.certificates.conftest import nearly_done
from tests.factories import CompetencySetFactory, ProgramFactory, UserFactory
from tests.renewals.steps import pay
from tests.shared import copy_of, shared_in_module


@pytest.fixture
def program(db):
    """LSSCP's renewal rules on a small program (two core sets, one elective of two)."""
    return renewal_program()


def renewal_program():
    program = ProgramFactory(
        slug="lsscp",
        short_name="LSSCP",
        name="Library Support Staff Certification Program",
        electives_required=1,
        renewal_technology_set_code="TEC",
        renewal_audit_percent=0,
    )
    for code, name, kind in (
        ("FLS", "Foundations of Library Services", CompetencySet.Kind.CORE),
        ("TEC", "Technology", CompetencySet.Kind.CORE),
        ("REF", "Reference and Information Services", CompetencySet.Kind.ELECTIVE),
        ("YTH", "Youth Services", CompetencySet.Kind.ELECTIVE),
    ):
        CompetencySetFactory(program=program, code=code, name=name, kind=kind)
    return program


def holder_with_certificate(program, *, issued_on: date, name="Rosa Delgado", email=None):
    """A holder whose certificate was issued on `issued_on`."""
    application, last = nearly_done(program, name=name, email=email)
    PlannedSet.objects.filter(pk=last.pk).update(status=PlannedSet.Status.SATISFIED)
    return certificate_create_for_plan(application=application, on=issued_on)


def in_window(program, today: date, *, months_left: int = 5, **kwargs):
    """A certificate expiring `months_left` months after `today`."""
    expires = add_months(today, months_left)
    return holder_with_certificate(
        program, issued_on=add_years(expires, -program.certificate_validity_years), **kwargs
    )


def log(holder, *, program, hours="28", technology="4", on: date, fmt="hours"):
    """Record general and technology hours (two activities) for `holder`."""
    tec = program.competency_sets.get(code="TEC")
    fls = program.competency_sets.get(code="FLS")
    made = []
    if Decimal(hours):
        made.append(
            ce_activity_create(
                actor=holder,
                title="Customer service workshop",
                provider="State Library",
                completed_on=on,
                format=fmt,
                amount=Decimal(hours),
                set_ids=[fls.pk],
                today=on,
            )
        )
    if Decimal(technology):
        made.append(
            ce_activity_create(
                actor=holder,
                title="Cybersecurity for libraries",
                provider="WebJunction",
                completed_on=on,
                format="hours",
                amount=Decimal(technology),
                set_ids=[tec.pk],
                today=on,
            )
        )
    return made


def renewed_once(program, staff_user, *, waited_days: int):
    """A holder's renewal submitted `waited_days` ago with 28 + 4 hours done today (the day it is
    approved), paid and approved: the renewal and the activities it counted."""
    today = program_today(program)
    certificate = in_window(program, today)
    holder = certificate.holder
    used = log(holder, program=program, on=today)
    renewal = renewal_submit(certificate=certificate, actor=holder, today=today)
    Renewal.objects.filter(pk=renewal.pk).update(
        submitted_at=renewal.submitted_at - timedelta(days=waited_days)
    )
    pay(renewal, staff_user)
    renewal = renewal_sync(renewal=Renewal.objects.get(pk=renewal.pk))
    assert renewal.status == Renewal.Status.APPROVED
    assert set(renewal.activities.all()) == set(used)
    return renewal, used, today


def in_audit(certificate, *, seed: str = "in-audit") -> Renewal:
    """A renewal of `certificate` chosen for the evidence check and waiting for staff, as
    `renewal_submit` and `renewal_sync` leave it: `submitted`'s row drawn with every renewal
    audited (`audited`, a roll anyone can recompute from `seed`), and moved by Certify from
    "submitted" to "in audit" (history and audit rows)."""
    renewal = submitted(certificate, seed=seed, audited=True)
    transition(renewal, "send_to_audit", actor=SYSTEM)
    renewal.refresh_from_db()
    return renewal


def submitted(certificate, *, seed: str = "submitted", audited: bool = False) -> Renewal:
    """A renewal of `certificate` submitted now and waiting for its fee (or for staff to close
    it), as `renewal_submit` leaves it: 32 hours with 4 on technology under the program's rules
    of the day, drawn with no renewal audited (`audit_percent` 0; with `audited`, every one), a
    roll anyone can recompute from `seed`, its history row by the holder. No fee invoice and no
    activities: the lists, pages and checks tried with it do not read them."""
    program = certificate.program
    renewal = Renewal.objects.create(
        certificate=certificate,
        holder=certificate.holder,
        program=program,
        hours_total=32,
        hours_technology=4,
        hours_required=program.renewal_ce_hours,
        technology_hours_required=program.renewal_technology_hours,
        audit_percent=100 if audited else 0,
        audit_seed=seed,
        audit_roll=audit_roll(seed=seed, certificate_number=certificate.number or ""),
        audited=audited,
    )
    RenewalTransition.objects.create(
        renewal=renewal, from_status="", to_status=renewal.status, actor=certificate.holder
    )
    assert renewal.status == Renewal.Status.SUBMITTED
    return renewal


@pytest.fixture
def staff_user(db):
    return UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])


# --- One certificate in its renewal window per module (tests/shared.py) --------------------------


def _in_window_today():
    program = renewal_program()
    today = timezone.localdate()
    return program, today, in_window(program, today)


renewing_in_module = shared_in_module(_in_window_today)


def certificate_per_module() -> tuple[object, object, object]:
    """`program`, `today` and `certificate` (five months before its expiry on `today`) built once
    per module: a module assigns `program, today, certificate = certificate_per_module()`. Each
    test gets its own copies and its own savepoint, so what it changes in the database is undone;
    `today` is the day the rows were built, so a run that passes midnight still sees the
    certificate where the test expects it."""

    @pytest.fixture(name="program")
    def shared_program(db, renewing_in_module):
        return copy_of(renewing_in_module[0])

    @pytest.fixture(name="today")
    def shared_today(renewing_in_module):
        return renewing_in_module[1]

    @pytest.fixture(name="certificate")
    def shared_certificate(db, renewing_in_module):
        return copy_of(renewing_in_module[2])

    return shared_program, shared_today, shared_certificate
