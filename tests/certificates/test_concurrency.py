"""Exactly once under concurrent triggers (PostgreSQL row locks; threads with own connections)."""

import pytest

from certify.certificates.models import Certificate
from certify.certificates.services.issuance import certificate_create_for_plan
from certify.progress.models import PlannedSet
from certify.progress.services import planned_set_satisfy
from tests.certificates.conftest import nearly_done
from tests.payments.test_concurrency import at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_many_triggers_at_once_issue_one_certificate(program):
    application, last = nearly_done(program)
    PlannedSet.objects.filter(pk=last.pk).update(status=PlannedSet.Status.SATISFIED)

    def issue():
        return certificate_create_for_plan(application=application).pk

    results, errors = at_once(*[issue] * 5)
    assert errors == []
    assert len(set(results)) == 1
    assert Certificate.objects.count() == 1
    assert Certificate.objects.get().number


def test_the_last_two_sets_completed_at_once_issue_exactly_one_certificate(program):
    application, last = nearly_done(program)
    other = application.planned_sets.exclude(pk=last.pk).first()
    PlannedSet.objects.filter(pk=other.pk).update(status=PlannedSet.Status.IN_PROGRESS)

    def satisfy(row):
        return lambda: planned_set_satisfy(planned=row, actor=None, route="course", evidence="x")

    _, errors = at_once(satisfy(last), satisfy(other))
    assert errors == []
    assert Certificate.objects.filter(application=application, status="valid").count() == 1


def test_different_candidates_at_once_get_different_numbers(program):
    applications = []
    for name in ("Ana", "Bo", "Cy", "Di"):
        application, last = nearly_done(program, name=name)
        PlannedSet.objects.filter(pk=last.pk).update(status=PlannedSet.Status.SATISFIED)
        applications.append(application)
    calls = [(lambda a=a: certificate_create_for_plan(application=a).number) for a in applications]
    results, errors = at_once(*calls)
    assert errors == []
    assert len(set(results)) == 4  # random parts: distinct, nothing to count (ADR 0021)
    indexes = set(Certificate.objects.values_list("status_list_index", flat=True))
    assert len(indexes) == 4


def test_a_sets_credential_made_at_once_by_its_event_and_the_certificate_is_made_once(program):
    """The event's handler (delivered twice) and the certificate's issue race for the same
    plan: each set gets one credential, and no two credentials share a status list entry."""
    from certify.certificates.handlers import set_credential_issue
    from certify.certificates.models import SetCredential

    application, last = nearly_done(program)
    PlannedSet.objects.filter(pk=last.pk).update(status=PlannedSet.Status.SATISFIED)

    def handler():
        set_credential_issue(event_id=0, application_id=application.pk)

    def issue():
        certificate_create_for_plan(application=application)

    _, errors = at_once(handler, handler, issue)
    assert errors == []
    assert SetCredential.objects.filter(application=application).count() == 3
    entries = list(SetCredential.objects.values_list("status_list_series", "status_list_index"))
    entries += list(Certificate.objects.values_list("status_list_series", "status_list_index"))
    assert len(entries) == len(set(entries)) == 4
