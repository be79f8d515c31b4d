"""Opening a portfolio and its files: the portfolio page's Start button, file upload and
Remove, registered on the portfolios router (a module of its own so that one stays small)."""

from typing import cast

from django.http import Http404, HttpRequest
from ninja import File, Form, Status
from ninja.files import UploadedFile

from certify.accounts.models import User
from certify.portfolios import api as portfolios
from certify.portfolios.models import EvidenceItem
from certify.progress.models import PlannedSet
from certify.rest.openapi import problems
from certify.rest.portfolios import EvidenceOut, PortfolioOut, _portfolio, _response, router


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@router.post("/{planned_set_id}/start", response={201: PortfolioOut}, summary="Start a portfolio")
def start(request: HttpRequest, planned_set_id: int):
    """Opens the portfolio of a set on the portfolio route (one empty response per competency);
    sending it again changes nothing. 400 when the set is not on the portfolio route, or (for a
    new portfolio) after your completion deadline until staff extend it."""
    planned = PlannedSet.objects.filter(
        pk=planned_set_id, application__candidate_id=request.user.pk
    ).first()
    if planned is None:
        raise Http404
    portfolios.portfolio_open(planned=planned, actor=_user(request))
    return Status(201, _portfolio(request, planned_set_id, "portfolios.view_portfolio"))


@router.post(
    "/{planned_set_id}/responses/{code}/files",
    response={201: EvidenceOut, **problems(503)},
    summary="Upload a file as evidence",
)
def file_add(
    request: HttpRequest,
    planned_set_id: int,
    code: str,
    file: File[UploadedFile],
    title: Form[str] = "",
    description: Form[str] = "",
):
    """A document, picture or recording for one competency (multipart/form-data: `file`,
    optional `title` and `description`), checked by content as on the page; 400 says why one
    is refused, 503 that it could not be stored now."""
    portfolio = _portfolio(request, planned_set_id, "portfolios.edit_portfolio")
    item = portfolios.evidence_add_file(
        response=_response(portfolio, code),
        actor=_user(request),
        upload=file,
        title=title,
        description=description,
    )
    return Status(201, item)


@router.delete(
    "/{planned_set_id}/evidence/{evidence_id}",
    response={204: None},
    summary="Remove evidence",
)
def evidence_remove(request: HttpRequest, planned_set_id: int, evidence_id: int):
    """Takes a file, link or attestation out of the draft (a submitted version keeps it)."""
    portfolio = _portfolio(request, planned_set_id, "portfolios.edit_portfolio")
    item = EvidenceItem.objects.filter(pk=evidence_id, response__portfolio=portfolio).first()
    if item is None:
        raise Http404
    portfolios.evidence_remove(item=item, actor=_user(request))
    return Status(204, None)
