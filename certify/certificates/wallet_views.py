"""Wallet delivery over HTTP: the holder's offer page, and the OpenID4VCI endpoints wallets call
(metadata, token, nonce, credential). The wallet endpoints are JSON APIs without cookies or
CSRF tokens; the offer is a form the signed-in holder posts (ADR 0033)."""

import json
from typing import Any, cast

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from certify.accounts.models import User
from certify.certificates import selectors
from certify.certificates.documents import qr_code
from certify.certificates.services import wallet
from certify.core.codes import plain_digits
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.once import FIELD, once_spend

MAX_REQUEST_BYTES = 16 * 1024  # a credential request is one small JSON object and one JWT


def _metadata(document: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"separators": (",", ":")})
    response["Access-Control-Allow-Origin"] = "*"  # wallets may run in a browser
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def issuer_metadata(request: HttpRequest) -> HttpResponse:
    return _metadata(wallet.issuer_metadata())


@require_GET
def authorization_server_metadata(request: HttpRequest) -> HttpResponse:
    return _metadata(wallet.authorization_server_metadata())


def _no_store(document: dict[str, Any], *, status: int = 200) -> JsonResponse:
    response = JsonResponse(document, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _refused(error: wallet.WalletError) -> JsonResponse:
    response = _no_store(
        {"error": error.code, "error_description": error.description}, status=error.status
    )
    if error.status == 401:
        response["WWW-Authenticate"] = f'Bearer error="{error.code}"'
    return response


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """The token endpoint: a pre-authorized code (form-encoded, RFC 6749) for an access token."""
    try:
        answer = wallet.wallet_token_issue(
            grant_type=request.POST.get("grant_type"),
            code=request.POST.get("pre-authorized_code"),
            tx_code=request.POST.get("tx_code"),
            authorization_details=request.POST.get("authorization_details"),
        )
    except wallet.WalletError as error:
        return _refused(error)
    response = _no_store(answer)
    response["Pragma"] = "no-cache"
    return response


@csrf_exempt
@require_POST
def nonce(request: HttpRequest) -> HttpResponse:
    return _no_store(wallet.wallet_nonce_issue())


def _bearer(request: HttpRequest) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def _body(request: HttpRequest) -> Any:
    """The request's JSON, refused before reading when its declared size is over the limit."""
    declared = request.headers.get("Content-Length") or "0"
    if not plain_digits(declared) or int(declared) > MAX_REQUEST_BYTES:
        raise wallet.WalletError("invalid_credential_request", "The request is too large.")
    try:
        return json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise wallet.WalletError(
            "invalid_credential_request", "The request is not JSON."
        ) from error
    except RecursionError:  # thousands of nested arrays within the size limit
        raise wallet.WalletError(
            "invalid_credential_request", "The request nests too deeply."
        ) from None


@csrf_exempt
@require_POST
def credential(request: HttpRequest) -> HttpResponse:
    """The credential endpoint: a Bearer token and a proof of the holder's key → the credential."""
    try:
        wallet.wallet_offer_for_token(_bearer(request))  # 401 before reading the body
        answer = wallet.wallet_credential_issue(token=_bearer(request), request=_body(request))
    except wallet.WalletError as error:
        return _refused(error)
    return _no_store(answer)


# --- The holder -----------------------------------------------------------------------------------

QR_SCALE = 4
WALLET_ONCE = "certificates.wallet_offer"
WALLET_ALREADY = (
    "This wallet offer was already made: it was shown once. Make a new one below if your "
    "wallet did not receive the credential."
)


@require_POST
@permission_required("certificates.view_own_certificates")
def wallet_offer(request: HttpRequest, number: str) -> HttpResponse:
    """Make an offer for a wallet and show it once (QR code and link): it holds a code that is
    stored only as a hash, so the page cannot be shown again; each form (its one-time token)
    makes one offer, and the same form sent again makes none."""
    user = cast(User, request.user)
    certificate = selectors.certificate_by_number(number=number)
    if certificate is None or certificate.holder_id != user.pk:
        raise Http404
    try:
        # Shown once by this answer, so the form carries a one-time token: a reload of the
        # answer makes no second live offer (ADR 0043).
        with transaction.atomic():
            made = wallet.wallet_offer_create(
                certificate=certificate,
                actor=user,
                with_tx_code=request.POST.get("tx_code") == "1",
            )
            once_spend(request.POST.get(FIELD), purpose=WALLET_ONCE, already=WALLET_ALREADY)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("certificates:mine")
    qr = qr_code(made.uri).svg_data_uri(scale=QR_SCALE, border=4, dark="#000", light="#fff")
    response = render(
        request,
        "certificates/wallet_offer.html",
        {
            "certificate": certificate,
            "offer": made,
            "qr": qr,
            "minutes": int(wallet.CODE_LIFETIME.total_seconds() // 60),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
