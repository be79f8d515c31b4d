"""The attackers of `test_outsider_pass.py` (a candidate of another program, a reviewer who
declared a conflict with the candidate, a member of a suspended provider, a former staff member
whose browser was signed in while they were staff) and one more, a candidate who closed their
account (their browser signed in before they closed it), against the surfaces built after
`test_outsider_pass_latest.py`: the USD 25 `member_difference` invoice Certify bills when a
membership that gave the member price is refused (read, its PDF, paid by card, a check recorded,
voided, refunded), the membership queue with what each decision did to the member's invoice
(page and `GET /api/v1/staff/memberships`) and its decision, the decline of someone else's
invitation (page and API), and the holder's certificate PDF (typeset again at expiry).

Every request runs in a savepoint that is rolled back and must change no row of any table
(`walk.py`) and start no card checkout. Letters as `test_other_attackers.py`'s, and `L`: sent
to sign in (a page) or 401 (the API): the closed account's old session no longer signs anyone
in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.outsiders import (  # noqa: F401  (the fixtures world_fixture, world_in_module)
    FIVE,
    each_line,
    refusals,
    send_among_five,
    world_fixture,
    world_in_module,
)
from tests.security.test_other_attackers import Try
from tests.security.world import World

REASON = "Looked into and settled."


def _difference(world: World) -> None:
    """The candidate's ALA membership refused after their enrollment invoice, paid, was given
    the member price: Certify's invoice for the difference (`full_price._bill_difference`)."""
    from certify.core.money import Money
    from certify.payments.services.full_price import _bill_difference, difference_invoice

    invoice = world.invoice
    _bill_difference(invoice, world.membership, Money(2500, invoice.currency))
    world.objects["difference"] = difference_invoice(invoice)


def _difference_paid(world: World) -> None:
    from certify.payments.services import payment_record

    _difference(world)
    payment_record(
        invoice=world.difference,
        amount=world.difference.balance,
        method="cheque",
        reference="Check 25",
        actor=world.users["staff"],
    )


def _api(path: str) -> Callable[[World], str]:
    return lambda world: "/api/v1" + path.format(w=world)


def _invoice_page(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.difference.code])


TRIES: list[Try] = [
    Try(
        "read the member price's difference invoice (page)",
        "GET",
        _invoice_page("payments:invoice"),
        None,
        "users.candidate",
        "DDDDL",
        setup=_difference,
    ),
    Try(
        "read the difference invoice's PDF",
        "GET",
        _invoice_page("payments:invoice_pdf"),
        None,
        "users.candidate",
        "DDDDL",
        setup=_difference,
    ),
    Try(
        "read the difference invoice (API)",
        "GET",
        _api("/payments/invoices/{w.difference.code}"),
        None,
        "users.candidate",
        "DDDDL",
        api=True,
        setup=_difference,
    ),
    Try(
        "pay the difference by card (page)",
        "POST",
        _invoice_page("payments:pay"),
        {},
        "users.candidate",
        "DDDDL",
        setup=_difference,
    ),
    Try(
        "record a check for the difference (page)",
        "POST",
        _invoice_page("payments:payment_record"),
        {"method": "cheque", "reference": "CHK 9", "amount": "25.00"},
        "users.candidate",
        "DDDDL",
        setup=_difference,
    ),
    Try(
        "void the difference, confirmed (page)",
        "POST",
        _invoice_page("payments:invoice_void"),
        {"void-reason": REASON, "confirmed": "yes"},
        "users.candidate",
        "DDDDL",
        setup=_difference,
    ),
    Try(
        "refund the paid difference (page)",
        "POST",
        _invoice_page("payments:refund_create"),
        {"amount": "25.00", "reason": REASON, "refundable_seen": "2500"},
        "users.candidate",
        "DDDDL",
        setup=_difference_paid,
    ),
    Try(
        "read the membership queue with its invoice column (page)",
        "GET",
        lambda w: reverse("memberships:queue") + "?status=all",
        None,
        "users.candidate",
        "DDDDL",
        setup=_difference,
    ),
    Try(
        "read the membership queue with its invoice outcomes (API)",
        "GET",
        _api("/staff/memberships?status=all"),
        None,
        "users.candidate",
        "DDDDL",
        api=True,
        setup=_difference,
    ),
    Try(
        "mark the candidate's membership not confirmed (page)",
        "POST",
        lambda w: reverse("memberships:decide", args=[w.membership.pk]),
        {"decision": "reject", "reason": REASON},
        "users.candidate",
        "DDDDL",
    ),
    Try(
        "mark the candidate's membership not confirmed (API)",
        "POST",
        _api("/staff/memberships/{w.membership.pk}/decision"),
        {"decision": "reject", "reason": REASON},
        "users.candidate",
        "DDDDL",
        api=True,
    ),
    Try(
        "decline someone else's invitation (page)",
        "POST",
        lambda w: reverse("accounts:invitation_answer", args=[w.colleague_invitation.pk]),
        {"answer": "decline"},
        "users.candidate",
        "DDDDL",
    ),
    Try(
        "decline someone else's invitation (API)",
        "POST",
        _api("/account/invitations/{w.colleague_invitation.pk}/answer"),
        {"answer": "decline"},
        "users.candidate",
        "DDDDL",
        api=True,
    ),
    Try(
        "download the holder's certificate PDF",
        "GET",
        lambda w: reverse("certificates:pdf", args=[w.certificate.number]),
        None,
        "users.candidate",
        "DDDDL",
    ),
]


@each_line(TRIES)
def test_outsiders_are_refused_the_full_price_surfaces_and_change_nothing(world, line):
    problems = refusals(world, line, FIVE, send_among_five)
    assert not problems, f"{line.what}:\n" + "\n".join(problems)


def test_a_sponsor_reads_the_queue_of_its_own_organization_without_anyones_invoice(world):
    """A sponsor confirms SSD's memberships from the same queue (page and API): it lists SSD's
    only, and no member's enrollment invoice is named to it, though the candidate's ALA
    membership has just cost her the $25 difference."""
    with transaction.atomic():
        _difference(world)
        client = Client()
        client.force_login(world.users["sponsor"])
        page = client.get(reverse("memberships:queue") + "?status=all")
        api = client.get("/api/v1/staff/memberships?status=all")
        transaction.set_rollback(True)
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert rows
    assert {m.organisation.code for m in rows} == {"SSD"}
    assert world.difference.code not in page.text
    assert "$25" not in page.text
    assert "ALA-1" not in page.text
    assert api.status_code == 200
    items = api.json()["items"]
    assert items
    assert {m["organisation"] for m in items} == {"SSD"}
    assert {m["invoice_outcome"] for m in items} == {"nothing_to_change"}
    assert "ALA-1" not in api.text
