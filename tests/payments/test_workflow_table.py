"""The invoice workflow's table, tried exhaustively through the one transition call, and the
same relation on the two recordings that are not moves: an offline payment and a part refund."""

import pytest

from certify.accounts.models import Role
from certify.core.duties import OwnCaseError
from certify.core.errors import DomainError
from certify.core.money import Money
from certify.core.workflow import SYSTEM, LinkHolder
from certify.payments.models import Invoice, Payment, Refund
from certify.payments.services import invoice_refund, payment_record
from tests.factories import UserFactory
from tests.workflow import Move, assert_workflow_table, force_status

S = Invoice.Status
CERTIFY = "Certify itself, once payments and credits cover the invoice"
CERTIFY_VOIDS = "Certify itself, when what the invoice was for no longer applies"
STAFF = "program staff other than the invoice's person"

TABLE = {
    "settle": Move.of(S.OPEN, S.PAID, by=CERTIFY, allowed=["system"]),
    "refund": Move.of(
        [S.OPEN, S.PAID], S.REFUNDED, by=STAFF, allowed=["staff", "other staff"], reason=True
    ),
    "void": Move.of(
        S.OPEN,
        S.VOID,
        by=[STAFF, CERTIFY_VOIDS],
        allowed=["staff", "other staff", "system"],
        reason=True,
    ),
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


def actors_for(people):
    return {
        "invoice's person": lambda i: i.user,
        **{kind: (lambda i, who=who: who) for kind, who in people.items()},
        "system": lambda i: SYSTEM,
        "link holder": lambda i: LinkHolder("invoice", i.pk),
    }


def test_every_move_by_every_actor_from_every_status(invoice, people):
    actors = actors_for(people)
    outcome = assert_workflow_table(
        Invoice,
        table=TABLE,
        subject_in=lambda status: force_status(invoice, status),
        actors=actors,
    )
    assert outcome.tried == len(S.choices) * len(TABLE) * len(actors)


def test_staff_never_refund_their_own_invoice(program, people):
    """The invoice of a staff member who is also a candidate: another staff member refunds it."""
    from certify.payments.api import enrollment_invoice_get_or_create

    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(user=own, program=program, actor=own)
    outcome = assert_workflow_table(
        Invoice,
        table=TABLE,
        subject_in=lambda status: force_status(invoice, status),
        actors={"staff on their own invoice": lambda i: own, "staff": lambda i: people["staff"]},
        own_case=["staff on their own invoice"],
    )
    assert any("refund, by staff on their own invoice" in r for r in outcome.refusals)
    assert any("void, by staff on their own invoice" in r for r in outcome.refusals)


def test_nobody_records_a_payment_on_their_own_invoice(program, people):
    from certify.payments.api import enrollment_invoice_get_or_create

    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(user=own, program=program, actor=own)
    with pytest.raises(OwnCaseError, match="You cannot decide your own case"):
        payment_record(
            invoice=invoice, amount=Money(100), method="cheque", reference="C1", actor=own
        )
    for actor in (people["another candidate"], people["superuser without a role"]):
        with pytest.raises(DomainError, match=f"only {STAFF} can"):
            payment_record(
                invoice=invoice, amount=Money(100), method="cheque", reference="C1", actor=actor
            )
    assert not Payment.objects.exists()
    payment_record(
        invoice=invoice, amount=Money(100), method="cheque", reference="C1", actor=people["staff"]
    )
    assert Payment.objects.get().recorded_by == people["staff"]


def test_a_part_refund_needs_the_same_relation_as_the_move(program, people):
    """A part refund leaves the invoice open (no move), yet only staff other than the invoice's
    person may make it, with a reason."""
    from certify.payments.api import enrollment_invoice_get_or_create

    own = UserFactory(roles=[Role.CANDIDATE, Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(user=own, program=program, actor=own)
    payment_record(
        invoice=invoice, amount=Money(5000), method="cheque", reference="C1", actor=people["staff"]
    )
    with pytest.raises(OwnCaseError, match="You cannot decide your own case"):
        invoice_refund(invoice=invoice, amount=Money(1000), reason="Too much", actor=own)
    for actor in (people["another candidate"], people["superuser without a role"], SYSTEM):
        with pytest.raises(DomainError, match=f"only {STAFF} can"):
            invoice_refund(invoice=invoice, amount=Money(1000), reason="Too much", actor=actor)
    with pytest.raises(DomainError, match="Say why the money is refunded"):
        invoice_refund(invoice=invoice, amount=Money(1000), reason=" ", actor=people["staff"])
    assert not Refund.objects.exists()
    invoice_refund(invoice=invoice, amount=Money(1000), reason="Too much", actor=people["staff"])
    invoice.refresh_from_db()
    assert (invoice.status, invoice.refunded_cents) == (S.OPEN, 1000)


def test_settling_is_certifys_move_after_staff_record_the_payment(invoice, people):
    from certify.core.models import AuditEvent

    payment_record(
        invoice=invoice,
        amount=invoice.balance,
        method="cheque",
        reference="C1",
        actor=people["staff"],
    )
    invoice.refresh_from_db()
    assert invoice.status == S.PAID
    recorded = AuditEvent.objects.get(verb="payment.recorded")
    settled = AuditEvent.objects.get(verb="invoice.paid")
    assert (recorded.actor, settled.actor) == (people["staff"], None)
    assert (settled.data["via"], settled.data["move"]) == ("system", "settle")
