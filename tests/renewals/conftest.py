"""Renewal fixtures: a small LSSCP-like program and holders whose certificates were issued on a
chosen day."""

from datetime import date
from decimal import Decimal

import pytest

from certify.accounts.models import Role
from certify.applications.api import add_years
from certify.certificates.services import certificate_create_for_plan
from certify.programs.models import CompetencySet
from certify.progress.models import PlannedSet
from certify.renewals.lifecycle import add_months
from certify.renewals.services import ce_activity_create
from tests.certificates.conftest import nearly_done
from tests.factories import CompetencySetFactory, ProgramFactory, UserFactory


@pytest.fixture
def program(db):
    """LSSCP's renewal rules on a small program (two core sets, one elective of two)."""
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


@pytest.fixture
def staff_user(db):
    return UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])
