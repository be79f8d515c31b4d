"""Background tasks of payments: each takes ids and calls a service."""

from django.tasks import task

from certify.payments.documents import invoice_documents_store
from certify.payments.services.expiries import checkout_session_expire_send
from certify.payments.services.refunds import refund_send


@task()
def send_refund(refund_id: int) -> str:
    """One try at sending a card refund to Stripe (ADR 0052)."""
    return refund_send(refund_id=refund_id).status


@task()
def render_invoice_documents(invoice_id: int) -> int:
    """Typeset and keep the invoice's PDFs that its last change made stale (ADR 0058)."""
    return invoice_documents_store(invoice_id=invoice_id)


@task()
def expire_checkout_session(session_id: int) -> str:
    """One try at expiring a card checkout at Stripe after its invoice stopped taking money."""
    return checkout_session_expire_send(session_id=session_id)
