"""The certificate's Open Badges 3.0 credential: built from the certificate, signed with the
active issuer key; and what this site publishes, for verifiers (`credential_check` checks)."""

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from certify.certificates import badge_images, dates
from certify.certificates.credentials import openbadge, sign
from certify.certificates.models import Certificate, SetCredential, StatusList
from certify.certificates.selectors import set_credentials_of
from certify.certificates.services.keys import Signer, did_document, issuer_did, issuer_signer
from certify.certificates.services.statuslists import status_entry_for, status_list_credential
from certify.core.codes import plain_digits
from certify.programs import api as programs_api
from certify.programs.models import Program


def _criteria_narrative(program: Program, sets: list[Any]) -> str:
    core = [s.name for s in sets if s.is_core]
    electives = [s.name for s in sets if not s.is_core]
    text = f"Show competence in the {len(core)} required competency sets ({', '.join(core)})"
    if electives and program.electives_required:
        text += (
            f" and in {program.electives_required} of the {len(electives)} elective sets "
            f"({', '.join(electives)})"
        )
    return text + (
        ", each by an approved course, a portfolio assessed by two reviewers, or a recognized "
        "college program."
    )


def _set_evidence(certificate: Certificate, program: Program) -> tuple[openbadge.Evidence, ...]:
    """Each set's own credential, not revoked, as evidence of the certificate (ADR 0035); the day
    each set was complete is the day in the program's time zone."""
    return tuple(
        openbadge.Evidence(
            id=f"urn:uuid:{s.credential_id}",
            name=s.set_name,
            narrative=(
                f"{s.route_label}, complete on "
                f"{dates.day_text(dates.local_day(s.completed_at, program))}; "
                "the set's own Open Badges credential has this id."
            ),
        )
        for s in set_credentials_of(certificate)
        .exclude(status=SetCredential.Status.REVOKED)
        .select_related(None)
        .only("credential_id", "set_name", "route_label", "completed_at")
        .order_by("competency_set__order", "id")
    )


def badge_data_for(certificate: Certificate, *, issuer_id: str = "") -> openbadge.BadgeData:
    """The certificate credential's data; `issuer_id` when the caller already has the DID."""
    program = certificate.program
    site = settings.SITE_URL
    # The sets of the framework version the candidate was certified under (ADR 0056).
    application = certificate.application
    version = application.framework_version if application else None
    if version is None:
        version = programs_api.framework_version_current(program=program)
    # The sets' own fields only: their competencies are not named in the credential, and their
    # program is this one (not read again with each set).
    sets = list(
        programs_api.competency_set_list(program=program, version=version)
        .select_related(None)
        .prefetch_related(None)
    )
    for competency_set in sets:
        competency_set.program = program
    if not (certificate.issued_at and certificate.expires_on and certificate.number):
        raise ValueError(f"Certificate {certificate.pk} is not issued: nothing to sign.")
    achievement_image, issuer_image = badge_images.image_refs(program)
    return openbadge.BadgeData(
        credential_id=f"urn:uuid:{certificate.credential_id}",
        issuer_id=issuer_id or issuer_did(),
        issuer_name=program.certifying_body,
        issuer_url=site + "/",
        issuer_email=program.contact_email,
        achievement_id=site + program.get_absolute_url(),
        achievement_name=program.name,
        achievement_code=program.short_name,
        achievement_description=program.tagline or program.name,
        criteria_url=site + reverse("programs:ways", kwargs={"slug": program.slug}),
        criteria_narrative=_criteria_narrative(program, sets),
        alignments=tuple(
            openbadge.Alignment(
                name=s.name,
                url=site + s.get_absolute_url(),
                case_identifier=str(s.case_identifier),
                framework=program.name,
                description=s.summary,
            )
            for s in sets
        ),
        holder_name=certificate.holder_name,
        number=certificate.number,
        valid_from=certificate.issued_at,
        valid_until=dates.valid_until(certificate.expires_on, program),
        status_entry=status_entry_for(certificate),
        evidence=_set_evidence(certificate, program),
        achievement_image=achievement_image,
        issuer_image=issuer_image,
        framework_version=version.name if version else "",
    )


def certificate_credential_sign(
    *,
    certificate: Certificate,
    now: datetime,
    holder_did: str = "",
    credential_id: uuid.UUID | None = None,
    signer: Signer | None = None,
) -> dict[str, Any]:
    """The signed credential for an issued certificate (the caller stores it); `signer` when the
    caller already looked it up (`issuer_signer`).

    A wallet's copy names the holder's DID as `credentialSubject.id` (the key the wallet proved
    it holds) and has its own `credential_id`; everything else, its status entry included, is the
    certificate's."""
    signer = signer or issuer_signer()
    data = badge_data_for(certificate, issuer_id=signer.did)
    if holder_did:
        data = replace(data, subject_id=holder_did)
    if credential_id is not None:
        data = replace(data, credential_id=f"urn:uuid:{credential_id}")
    document = openbadge.open_badge_credential(data)
    return sign.sign(
        document, private_key=signer.private_key, verification_method=signer.method, created=now
    )


def credential_resolve(url: str) -> dict[str, Any] | None:
    """What this site publishes, without going through HTTP: its DID document and status lists."""
    if url == issuer_did():
        return did_document()
    prefix = settings.SITE_URL + reverse("certificates:status_list", kwargs={"slug": "x"})[:-1]
    if url.startswith(prefix):
        purpose, _, series = url[len(prefix) :].rstrip("/").partition("-")
        status_list = StatusList.objects.filter(
            purpose=purpose, series=int(series) if plain_digits(series) else -1
        ).first()
        return status_list_credential(status_list=status_list) if status_list else None
    return None
