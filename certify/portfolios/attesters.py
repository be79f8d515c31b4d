"""What reviewers read of an attestation: who gave it (never the candidate's name), from which
organization and e-mail domain, and whether those are the candidate's own (ADR 0024)."""

from typing import Any

from certify.accounts.api import user_email_addresses
from certify.portfolios.models import EvidenceItem, Portfolio


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def candidate_ties(portfolio: Portfolio) -> tuple[set[str], set[str]]:
    """The candidate's own e-mail domains and library names (case-folded): an attester sharing
    one is not independent of the candidate, and reviewers are told so."""
    application = portfolio.planned_set.application
    domains = {domain_of(a) for a in user_email_addresses(user=application.candidate)}
    libraries = {e.library_name.strip().casefold() for e in application.experience.all()}
    return domains - {""}, libraries - {""}


def attestation_record(
    item: EvidenceItem, *, domains: set[str], libraries: set[str], given: bool = True
) -> dict[str, Any]:
    """What reviewers read of one attestation (never the candidate's name): JSON-ready."""
    status = item.attestation_status if given else EvidenceItem.AttestationStatus.LAPSED
    answered = status in (
        EvidenceItem.AttestationStatus.GIVEN,
        EvidenceItem.AttestationStatus.DECLINED,
    )
    domain = domain_of(item.attester_email)
    organization = item.attester_organization.strip()
    return {
        "status": status,
        "text": item.attestation_text if answered else "",
        "attested_at": item.attested_at.isoformat() if answered and item.attested_at else "",
        "attester_name": item.attester_name,
        "organization": organization,
        "domain": domain,
        "same_domain": bool(domain) and domain in domains,
        "same_library": bool(organization) and organization.casefold() in libraries,
    }


def attester_suggestions(portfolio: Portfolio) -> dict[str, list[str]]:
    """The supervisors the candidate has already named, to pick in an attestation request's
    fields rather than type again (WCAG 3.3.7 Redundant Entry): those of her application's jobs
    and of the attestations she asked for in this application's portfolios."""
    application = portfolio.planned_set.application
    known: dict[str, set[str]] = {"name": set(), "email": set(), "organization": set()}
    for entry in application.experience.all():
        known["name"].add(entry.supervisor_name)
        known["email"].add(entry.supervisor_email)
        known["organization"].add(entry.library_name)
    asked = EvidenceItem.objects.filter(
        response__portfolio__planned_set__application=application,
        kind=EvidenceItem.Kind.ATTESTATION,
    ).values_list("attester_name", "attester_email", "attester_organization")
    for name, email, organization in asked:
        known["name"].add(name)
        known["email"].add(email)
        known["organization"].add(organization)
    return {field: sorted(values - {""}) for field, values in known.items()}
