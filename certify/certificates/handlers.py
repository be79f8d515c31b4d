"""What certificates do when other apps act: a completed plan gets its certificate; a completed
set gets its own credential (ADR 0035). And, after each move of a certificate, its PDF is typeset
again in the background (ADR 0058)."""

from typing import Any

from certify.applications.models import Application
from certify.certificates.documents import certificate_pdf_render_later
from certify.certificates.models import Certificate
from certify.certificates.services.issuance import certificate_create_for_plan
from certify.certificates.services.set_credentials import set_credentials_ensure
from certify.core.events import subscriber
from certify.progress.api import PLAN_SET_SATISFIED, on_plan_complete


@on_plan_complete
def plan_completed(*, application: Any, actor: Any) -> None:
    certificate_create_for_plan(application=application, actor=actor)


@subscriber(PLAN_SET_SATISFIED)
def set_credential_issue(*, event_id: int, application_id: int, **_: object) -> None:
    """Issue the completed set's credential. Idempotent: `set_credentials_ensure` makes only the
    credentials the plan's complete sets do not have yet (the certificate, when this set
    completed the plan, already made it)."""
    application = Application.objects.get(pk=application_id)
    set_credentials_ensure(application=application)


# Every status a certificate's move leads to (the workflow engine's events): issued, approved or
# reinstated (valid), suspended, revoked, replaced by a renewal. Each changes what its PDF shows.
CERTIFICATE_MOVED = tuple(
    f"certificate.{status}"
    for status in (
        Certificate.Status.VALID,
        Certificate.Status.SUSPENDED,
        Certificate.Status.REVOKED,
        Certificate.Status.REPLACED,
    )
)


def certificate_pdf_render(*, event_id: int, certificate_id: int, **_: object) -> None:
    """Typeset the certificate's PDF as it reads now, in a task of its own after this delivery
    commits (typesetting takes a while; the delivery's transaction stays short). Idempotent: the
    task keeps the rendering only when it is not stored yet."""
    certificate_pdf_render_later(certificate_id)


for _name in CERTIFICATE_MOVED:
    subscriber(_name)(certificate_pdf_render)
