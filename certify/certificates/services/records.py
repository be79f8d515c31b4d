"""The holder's Comprehensive Learner Record (CLR 2.0) of one program (ADR 0035).

Built and signed when the holder downloads it, from the credentials as issued: every completed
set's credential that is not revoked, and the newest issued certificate that is not revoked. It
is not stored and has no status entry of its own (a download writes nothing): each nested
credential keeps its own proof and status, and verifiers check them (Certify's own check and the
independent one both do).
"""

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from certify.accounts.models import User
from certify.certificates.credentials import sign, stackable
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.services.keys import issuer_signing_key
from certify.certificates.services.set_credentials import issuer_of
from certify.programs.models import Program

SET_IS_PART_OF_PROGRAM = "isChildOf"


def record_parts(
    *, holder: User, program: Program
) -> tuple[list[SetCredential], Certificate | None]:
    """What the holder's record of `program` holds: sets' credentials and the certificate."""
    sets = list(
        SetCredential.objects.filter(holder=holder, program=program)
        .exclude(status=SetCredential.Status.REVOKED)
        .select_related("competency_set")
        .order_by("competency_set__order", "id")
    )
    certificate = (
        Certificate.objects.filter(holder=holder, program=program, credential__isnull=False)
        .exclude(status__in=[Certificate.Status.PENDING, Certificate.Status.REVOKED])
        .order_by("-issued_at", "-id")
        .first()
    )
    return sets, certificate


def clr_sign(
    *, holder: User, program: Program, now: datetime | None = None
) -> dict[str, Any] | None:
    """The signed ClrCredential of the holder's record of `program`; None when it is empty."""
    sets, certificate = record_parts(holder=holder, program=program)
    if not sets and certificate is None:
        return None
    now = now or timezone.now()
    site = settings.SITE_URL
    holder_name = (certificate.holder_name if certificate else "") or (
        holder.full_name or holder.email
    )
    credentials = [s.credential for s in sets if s.credential]
    if certificate is not None and certificate.credential:
        credentials.append(certificate.credential)
    document = stackable.clr_credential(
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        issuer=issuer_of(program),
        name=f"{program.name}: learner record of {holder_name}",
        description=(
            f"The competency sets {holder_name} completed in the {program.name}, each with how "
            "and when it was complete"
            + (", and the certificate" if certificate else "")
            + ", as the signed credentials the issuer keeps."
        ),
        holder_name=holder_name,
        valid_from=now,
        credentials=credentials,
        associations=[
            stackable.Association(
                kind=SET_IS_PART_OF_PROGRAM,
                source_id=site + s.competency_set.get_absolute_url(),
                target_id=site + program.get_absolute_url(),
            )
            for s in sets
        ],
    )
    private_key, method = issuer_signing_key()
    return sign.sign(document, private_key=private_key, verification_method=method, created=now)
