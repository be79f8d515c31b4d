"""Status-list entries (ADR 0061): each list hands out its indexes in the order its own key
shuffles them, never the same entry twice, a new series when one is full; issuing a certificate
costs the same queries however many set credentials it makes and however many exist."""

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certify.certificates.credentials import statuslist
from certify.certificates.models import Certificate, SetCredential, StatusList
from certify.certificates.services import set_credentials_ensure
from certify.certificates.services.issuance import certificate_create_for_plan
from certify.certificates.services.statuslists import status_indexes_allocate
from certify.progress.models import PlannedSet
from tests.certificates.conftest import finish, nearly_done
from tests.payments.test_concurrency import at_once


@pytest.mark.parametrize("length", [8, 24, 1000, 4096])
def test_the_shuffle_is_a_bijection_of_the_list(length):
    key = secrets.token_bytes(32)
    order = [statuslist.shuffled_index(key, position, length) for position in range(length)]
    assert sorted(order) == list(range(length))


def test_the_order_depends_on_the_key_and_is_not_the_counter():
    first, second = secrets.token_bytes(32), secrets.token_bytes(32)
    a = [statuslist.shuffled_index(first, p, statuslist.MIN_LENGTH) for p in range(50)]
    b = [statuslist.shuffled_index(second, p, statuslist.MIN_LENGTH) for p in range(50)]
    assert a != b
    assert a != list(range(50))
    assert a == [statuslist.shuffled_index(first, p, statuslist.MIN_LENGTH) for p in range(50)]
    with pytest.raises(statuslist.StatusListError):
        statuslist.shuffled_index(first, statuslist.MIN_LENGTH, statuslist.MIN_LENGTH)


def test_entries_come_from_the_lists_count_in_the_keys_order(db):
    first = status_indexes_allocate(3)
    status_list = StatusList.objects.get(purpose="revocation", series=1)
    assert status_list.allocated == 3
    assert status_list.signed  # a new list is signed when it is made
    key = bytes.fromhex(status_list.shuffle_key)
    assert first == [(1, statuslist.shuffled_index(key, p, status_list.length)) for p in range(3)]
    assert status_indexes_allocate(2) == [
        (1, statuslist.shuffled_index(key, p, status_list.length)) for p in (3, 4)
    ]


def test_a_full_list_starts_the_next_series(db):
    status_indexes_allocate(1)
    StatusList.objects.filter(series=1).update(allocated=statuslist.MIN_LENGTH - 2)
    entries = status_indexes_allocate(5)
    assert [series for series, _ in entries] == [1, 1, 2, 2, 2]
    assert len(set(entries)) == 5
    lists = dict(StatusList.objects.values_list("series", "allocated"))
    assert lists == {1: statuslist.MIN_LENGTH, 2: 3}
    second = StatusList.objects.get(series=2)
    assert second.shuffle_key != StatusList.objects.get(series=1).shuffle_key


def test_a_list_with_entries_placed_otherwise_hands_out_none(program):
    """Lists from before ADR 0061 (random indexes) are full: new entries start a new series."""
    StatusList.objects.create(
        purpose="revocation",
        series=1,
        bits=statuslist.empty(),
        allocated=statuslist.MIN_LENGTH,
    )
    application, last = nearly_done(program)
    finish(last)
    certificate = Certificate.objects.get(application=application)
    assert certificate.status_list_series == 2
    assert set(SetCredential.objects.values_list("status_list_series", flat=True)) == {2}


def test_entries_held_already_are_passed_over(program):
    """A list also filled another way (an older release beside this one): the count says an
    entry is free, a credential holds it; it is passed over, not handed out again."""
    _, last = nearly_done(program)
    finish(last)
    status_list = StatusList.objects.get(purpose="revocation", series=1)
    assert status_list.allocated == 4  # the certificate and its three sets
    held = set(Certificate.objects.values_list("status_list_series", "status_list_index"))
    held |= set(SetCredential.objects.values_list("status_list_series", "status_list_index"))
    StatusList.objects.filter(pk=status_list.pk).update(allocated=0)
    entries = status_indexes_allocate(3)
    key = bytes.fromhex(status_list.shuffle_key)
    order = [(1, statuslist.shuffled_index(key, p, status_list.length)) for p in range(7)]
    assert set(order[:4]) == held
    assert entries == order[4:]
    assert StatusList.objects.get(pk=status_list.pk).allocated == 7


def _issue_queries(application) -> int:
    with CaptureQueriesContext(connection) as queries:
        certificate_create_for_plan(application=application)
    assert Certificate.objects.get(application=application).credential
    return len(queries)


def _ready(program, name: str, *, sets_issued_before: bool):
    """A plan whose last set is complete; without set credentials, or with those of the earlier
    sets (their events were delivered), so that the certificate issues the last one only."""
    application, last = nearly_done(program, name=name)
    if sets_issued_before:
        set_credentials_ensure(application=application)
    PlannedSet.objects.filter(pk=last.pk).update(status=PlannedSet.Status.SATISFIED)
    return application


def test_issuing_costs_the_same_queries_however_many_sets_it_issues_and_exist(program):
    """A certificate that issues all three sets' credentials costs what one that issues one
    costs; and the same again with more certificates and credentials issued."""
    all_sets = _ready(program, "Ana", sets_issued_before=False)
    one_left = _ready(program, "Bo", sets_issued_before=True)
    assert SetCredential.objects.filter(application=one_left).count() == 2
    first = _issue_queries(all_sets)
    assert SetCredential.objects.filter(application=all_sets).count() == 3
    assert _issue_queries(one_left) == first
    assert SetCredential.objects.filter(application=one_left).count() == 3
    for name in ("Cy", "Di", "Ed"):
        _issue_queries(_ready(program, name, sets_issued_before=False))
    assert _issue_queries(_ready(program, "Flo", sets_issued_before=False)) == first
    # A small constant: rows, the status-list entries, the issuer, audit, events, notification.
    assert first <= 45


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_allocations_at_once_across_a_full_list_never_share_an_entry():
    status_indexes_allocate(1)
    StatusList.objects.filter(series=1).update(allocated=statuslist.MIN_LENGTH - 3)

    def allocate():
        from django.db import transaction

        with transaction.atomic():
            return status_indexes_allocate(2)

    results, errors = at_once(*[allocate] * 4)
    assert errors == []
    entries = [entry for result in results for entry in result]  # type: ignore[attr-defined]
    assert len(entries) == len(set(entries)) == 8
    assert sorted(series for series, _ in entries) == [1, 1, 1, 2, 2, 2, 2, 2]
    assert StatusList.objects.filter(purpose="revocation").count() == 2
