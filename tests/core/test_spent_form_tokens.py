"""Spent one-time form tokens (`certify/core/once.py`) are swept once they cannot matter: a
token is taken only within `MAX_AGE` of its issue, so one spent longer ago than that (and an hour
for servers' clocks) is refused for its age whether its row is kept or not. The daily job
deletes exactly those, by the index on `used_at` (ADR 0060), and keeps one just young enough."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.models import UsedFormToken
from certify.core.once import (
    MAX_AGE,
    OUT_OF_DATE,
    SPENT_KEPT,
    FormAlreadySentError,
    once_issue,
    once_spend,
    spent_tokens_prune,
)
from certify.loaddata.plans import tables_read_whole
from certify.notifications.jobs import prune_spent_form_tokens
from certify.notifications.scheduler import DAILY_JOBS

pytestmark = pytest.mark.django_db

PURPOSE = "test.form"
ISSUED = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def _spent(token: str) -> None:
    once_spend(token, purpose=PURPOSE, already="Made already.")


def _spent_ago(age: timedelta) -> UsedFormToken:
    row = UsedFormToken.objects.create(token=f"t{age.total_seconds():.0f}", purpose=PURPOSE)
    UsedFormToken.objects.filter(pk=row.pk).update(used_at=timezone.now() - age)
    return row


def test_a_token_is_taken_until_its_max_age_and_refused_as_out_of_date_after():
    with time_machine.travel(ISSUED, tick=False):
        young, old = once_issue(PURPOSE), once_issue(PURPOSE)
    with time_machine.travel(ISSUED + MAX_AGE, tick=False):
        _spent(young)  # just young enough: taken
    later = time_machine.travel(ISSUED + MAX_AGE + timedelta(seconds=1), tick=False)
    with later, pytest.raises(DomainError) as refused:
        _spent(old)
    assert refused.value.message == OUT_OF_DATE
    assert UsedFormToken.objects.count() == 1


def test_the_sweep_keeps_a_spent_token_just_young_enough_and_deletes_an_older_one():
    kept = _spent_ago(SPENT_KEPT - timedelta(seconds=1))
    _spent_ago(SPENT_KEPT + timedelta(seconds=1))
    assert spent_tokens_prune() == 1
    assert list(UsedFormToken.objects.all()) == [kept]


def test_a_swept_token_sent_again_is_refused_for_its_age_not_taken_again():
    with time_machine.travel(ISSUED, tick=False):
        token = once_issue(PURPOSE)
        _spent(token)
        with pytest.raises(FormAlreadySentError):
            _spent(token)
    with time_machine.travel(ISSUED + SPENT_KEPT + timedelta(seconds=1), tick=False):
        assert spent_tokens_prune() == 1
        with pytest.raises(DomainError) as refused:
            _spent(token)
    assert refused.value.message == OUT_OF_DATE
    assert not UsedFormToken.objects.exists()


def test_it_is_a_daily_job():
    _spent_ago(SPENT_KEPT + timedelta(hours=1))
    assert DAILY_JOBS["forms.spent_tokens_prune"] is prune_spent_form_tokens
    assert prune_spent_form_tokens(timezone.localdate()) == (
        "1 spent one-time form token(s) removed"
    )


def test_the_sweep_reads_the_spent_tokens_by_index():
    """Every form sent with a token leaves a row: the sweep selects the old ones by the index on
    `used_at`, not by reading them all (PostgreSQL told to avoid reading a table whole where it
    can, as tiny test tables tempt it to)."""
    for age in (timedelta(hours=1), SPENT_KEPT + timedelta(hours=1), timedelta(minutes=5)):
        _spent_ago(age)
    table = UsedFormToken._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        with CaptureQueriesContext(connection) as queries:
            assert spent_tokens_prune() == 1
        read = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
        assert read
        assert all(table not in tables_read_whole(sql) for sql in read)
