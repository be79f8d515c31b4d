"""The refund workflow's table (ADR 0052), tried exhaustively through the one transition call:
Certify sends or gives up; only program staff other than the invoice's person try again."""

import pytest

from certify.accounts.models import Role
from certify.core.money import Money
from certify.core.workflow import SYSTEM, LinkHolder
from certify.payments.api import enrollment_invoice_get_or_create
from certify.payments.models import Refund
from certify.payments.services import invoice_refund
from tests.factories import UserFactory
from tests.payments.conftest import card_paid
from tests.workflow import Move, assert_workflow_table, force_status

S = Refund.Status
SENDS = "Certify itself, once Stripe has accepted the refund"
GIVES_UP = "Certify itself, after the last try or an answer that trying again cannot change"
STAFF = "program staff other than the invoice's person"

TABLE = {
    "send": Move.of(S.PENDING, S.SENT, by=SENDS, allowed=["system"]),
    "give_up": Move.of(S.PENDING, S.FAILED, by=GIVES_UP, allowed=["system"]),
    "retry": Move.of(S.FAILED, S.PENDING, by=STAFF, allowed=["staff", "other staff"]),
}


@pytest.fixture
def people(db):
    return {
        "staff": UserFactory(roles=[Role.PROGRAM_STAFF]),
        "other staff": UserFactory(roles=[Role.PROGRAM_STAFF, Role.REVIEWER]),
        "another candidate": UserFactory(roles=[Role.CANDIDATE]),
        "sponsor": UserFactory(roles=[Role.SPONSOR]),
        "superuser without a role": UserFactory(roles=[], is_superuser=True),
    }


def _card_refund(invoice, staff) -> Refund:
    card_paid(invoice)
    (refund,) = invoice_refund(invoice=invoice, amount=Money(1000), reason="x", actor=staff)
    return refund


def test_every_move_by_every_actor_from_every_status(invoice, people):
    refund = _card_refund(invoice, people["staff"])
    actors = {
        "invoice's person": lambda r: r.invoice.user,
        **{kind: (lambda r, who=who: who) for kind, who in people.items()},
        "system": lambda r: SYSTEM,
        "link holder": lambda r: LinkHolder("refund", r.pk),
    }
    outcome = assert_workflow_table(
        Refund,
        table=TABLE,
        subject_in=lambda status: force_status(refund, status),
        actors=actors,
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)


def test_staff_never_retry_a_refund_on_their_own_invoice(program, people):
    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(user=own, program=program, actor=own)
    refund = _card_refund(invoice, people["staff"])
    outcome = assert_workflow_table(
        Refund,
        table=TABLE,
        subject_in=lambda status: force_status(refund, status),
        actors={"staff on their own invoice": lambda r: own, "staff": lambda r: people["staff"]},
        own_case=["staff on their own invoice"],
    )
    assert any("retry, by staff on their own invoice" in r for r in outcome.refusals)
