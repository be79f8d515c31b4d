"""Adding a piece of evidence of the kind the candidate chose: a file, a link, or a request for
an attestation (the form's choice, dispatched to the service that adds it)."""

from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.portfolios import services
from certify.portfolios.models import Response as PortfolioResponse


def evidence_add_of_kind(data: dict, *, response: PortfolioResponse, actor: User) -> None:
    """The service for the kind of evidence chosen."""
    if data["kind"] == "file":
        if not data["file"]:
            raise DomainError("Choose a file to upload.", field="file")
        services.evidence_add_file(
            response=response,
            actor=actor,
            upload=data["file"],
            title=data["title"],
            description=data["description"],
        )
    elif data["kind"] == "link":
        services.evidence_add_link(
            response=response,
            actor=actor,
            url=data["url"] or "",
            title=data["title"],
            description=data["description"],
        )
    else:
        services.evidence_request_attestation(
            response=response,
            actor=actor,
            attester_name=data["attester_name"],
            attester_email=data["attester_email"],
            attester_organization=data["attester_organization"],
            title=data["title"],
            description=data["description"],
        )
