"""A row lock takes the row it decides about, not the rows read with it (PostgreSQL).

`SELECT … FOR UPDATE` with joins locks every joined row unless it names its own (`of=`). A
locked program, competency set or person row then stops every other transaction that writes
a row pointing at it (PostgreSQL's foreign-key check takes `FOR KEY SHARE`, which waits for
`FOR UPDATE`): while one invoice was being paid, nobody could start an application, an invoice
or a course enrollment in the same program. `core.locking.row_lock` names its own row; the
locks that also need a joined row of the same case (a planned set's application) name it.
"""

import ast
import threading
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.db.utils import OperationalError

from certify.accounts.models import Role
from certify.certificates.services.transitions import _locked as certificate_locked
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.services.common import invoice_lock
from tests.certificates.conftest import finish, nearly_done, small_program
from tests.factories import ProgramFactory, UserFactory
from tests.payments.conftest import FEES

ROOT = Path(__file__).resolve().parents[2]


def _chain(node: ast.AST) -> list[ast.Call]:
    """The calls of a method chain, outermost first: `a.b().c()` gives c(), b()."""
    calls = []
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            calls.append(node)
            node = node.func.value
        elif isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        else:
            return calls


def unnamed_joined_locks(source: str) -> list[int]:
    """Lines where `select_for_update()` without `of=` shares a chain with `select_related`."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        calls = _chain(node)
        names = {call.func.attr for call in calls}  # type: ignore[attr-defined]
        if {"select_for_update", "select_related"} <= names:
            for call in calls:
                if call.func.attr == "select_for_update" and not any(  # type: ignore[attr-defined]
                    keyword.arg == "of" for keyword in call.keywords
                ):
                    lines.add(call.lineno)
    return sorted(lines)


@pytest.mark.database_free
def test_no_row_lock_also_locks_the_rows_read_with_it():
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
