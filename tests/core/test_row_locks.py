"""Row locks take their own rows, not the rows read with them (`tests/row_locks.py` says why).

The PostgreSQL tests hold a lock the way a payment or a certificate's move does, and ask from
another connection what an insert pointing at the program or the person would ask.
"""

import threading

import pytest
from django.db import connections, transaction
from django.db.utils import OperationalError

from certify.accounts.models import Role
from certify.certificates.services.transitions import _locked as certificate_locked
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services.common import invoice_lock
from tests.certificates.conftest import finish, nearly_done, small_program
from tests.deploy import ROOT
from tests.factories import ProgramFactory, UserFactory
from tests.payments.conftest import FEES
from tests.row_locks import JoinedLockGuard, is_joined_lock, unnamed_joined_locks


@pytest.mark.database_free
def test_no_row_lock_in_the_code_also_locks_the_rows_read_with_it():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "certify").rglob("*.py"))
        if "static" not in path.parts
        for line in unnamed_joined_locks(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "select_for_update() with select_related locks the joined rows too; name the rows to "
        f"lock (of=('self', …)) or use core.locking.row_lock: {found}"
    )


@pytest.mark.database_free
def test_the_scan_sees_a_lock_that_takes_its_joined_rows():
    assert unnamed_joined_locks("X.objects.select_for_update().select_related('p').get(pk=1)")
    assert unnamed_joined_locks("q = (X.objects.select_related('p')\n.select_for_update())") == [1]
    assert not unnamed_joined_locks(
        "X.objects.select_for_update(of=('self',)).select_related('p').get(pk=1)"
    )
    assert not unnamed_joined_locks("X.objects.select_for_update().get(pk=1)")


@pytest.mark.database_free
def test_the_guard_notes_a_lock_over_a_join_once_and_lets_every_statement_run():
    joined = 'SELECT "a"."id" FROM "a" INNER JOIN "b" ON ("a"."b_id" = "b"."id") FOR UPDATE'
    named = joined.replace("FOR UPDATE", 'FOR UPDATE OF "a"')
    plain = 'SELECT "a"."id" FROM "a" WHERE "a"."id" = %s FOR UPDATE'
    assert is_joined_lock(joined)
    assert not is_joined_lock(named)
    assert not is_joined_lock(plain)
    guard, ran = JoinedLockGuard(), []
    for sql in (joined, named, plain):
        guard(lambda sql, params, many, context: ran.append(sql), sql, None, False, {})
    assert ran == [joined, named, plain]
    assert guard.take() == [joined]
    assert guard.take() == []


def _from_another_connection(sql: str, params: list) -> str:
    """Run `sql` in a transaction of another connection without waiting for a lock: "free", or
    "locked" when a lock held elsewhere stops it."""
    answer = []

    def run():
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                try:
                    cursor.execute(sql, params)
                    answer.append("free")
                except OperationalError:
                    answer.append("locked")
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return answer[0]


def _row_is(table: str, pk: int, lock: str) -> str:
    return _from_another_connection(
        f'SELECT 1 FROM "{table}" WHERE id = %s {lock} NOWAIT',  # noqa: S608 (names from here)
        [pk],
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_paying_an_invoice_locks_the_invoice_and_leaves_its_program_and_person_free():
    candidate = UserFactory(roles=[Role.CANDIDATE])
    program = ProgramFactory(**FEES)
    invoice = enrollment_invoice_get_or_create(user=candidate, program=program, actor=candidate)
    with transaction.atomic():
        locked = invoice_lock(invoice)
        assert (locked.program, locked.user) == (program, candidate)  # read with it
        assert _row_is("payments_invoice", invoice.pk, "FOR UPDATE") == "locked"
        # What a new invoice, application or enrollment in the program takes: not stopped.
        assert _row_is("programs_program", invoice.program_id, "FOR KEY SHARE") == "free"
        assert _row_is("accounts_user", invoice.user_id, "FOR KEY SHARE") == "free"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_moving_a_certificate_locks_the_certificate_and_leaves_its_program_and_holder_free():
    application, last = nearly_done(small_program())
    finish(last)
    certificate = application.certificate
    with transaction.atomic():
        certificate_locked(certificate)
        assert _row_is("certificates_certificate", certificate.pk, "FOR UPDATE") == "locked"
        assert _row_is("programs_program", certificate.program_id, "FOR KEY SHARE") == "free"
        assert _row_is("accounts_user", certificate.holder_id, "FOR KEY SHARE") == "free"
