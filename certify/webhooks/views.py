"""Pages for managing webhook endpoints (for each role that may) and a holder's shares."""

import hashlib
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from certify.accounts.api import has_proven_address
from certify.accounts.models import User
from certify.core.errors import DomainError
from certify.core.http import saved_redirect, shown_once_keep, shown_once_take
from certify.webhooks import delivery as sending
from certify.webhooks import selectors, services
from certify.webhooks.access import makers_of, not_sending, owners_for
from certify.webhooks.catalog import TYPES, choices_for
from certify.webhooks.employer_words import standing
from certify.webhooks.forms import EndpointForm, ShareForm
from certify.webhooks.models import Endpoint


def _endpoint(request: HttpRequest, pk: int) -> Endpoint:
    endpoint = selectors.endpoint_find(user=request.user, pk=pk)
    if endpoint is None:
        raise Http404
    return endpoint


def _errors(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def endpoint_list(request: HttpRequest) -> HttpResponse:
    memo = makers_of(request.user)  # every maker's seats and 2FA, read once for the list
    rows = [
        (endpoint, not_sending(endpoint, memo, viewer=request.user) or "")
        for endpoint in selectors.endpoint_list(user=request.user)
    ]
    return render(
        request,
        "webhooks/list.html",
        {
            "endpoints": rows,
            "types": TYPES,
            "shared_count": selectors.shared_with(user=request.user).count(),
        },
    )


@login_required
def endpoint_new(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    owners = [(o.key, o.label) for o in owners_for(user)]
    scopes = {key.split(":")[0] for key, _ in owners}
    choices = [(t.name, t.label) for t in TYPES.values() if t.scopes & scopes]
    form = EndpointForm(request.POST or None, owners=owners, event_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.endpoint_create(actor=user, **form.cleaned_data)
        except DomainError as error:
            _errors(form, error)
        else:
            return _secret_once(request, made)
    return render(request, "webhooks/new.html", {"form": form})


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _secret_once(request: HttpRequest, made: Any, *, rotated: bool = False) -> HttpResponse:
    """After a save that made a secret, the page that shows it, reached by a redirect: a render
    after the POST made a reload post again, a second endpoint or another rotation (ADR 0053).
    The session keeps the secret's fingerprint, never the secret, until that page is seen."""
    kept = {"fingerprint": _fingerprint(made.secret), "rotated": rotated}
    shown_once_keep(request, f"webhook-secret-{made.endpoint.pk}", kept)
    return saved_redirect(reverse("webhooks:secret", args=[made.endpoint.pk]))


@require_safe
@login_required
def endpoint_secret(request: HttpRequest, pk: int) -> HttpResponse:
    """The secret just made for this endpoint, shown once: a reload, the back button or a
    shared address finds nothing kept and opens the endpoint's page (which can rotate it)."""
    endpoint = _endpoint(request, pk)
    kept = shown_once_take(request, f"webhook-secret-{endpoint.pk}") or {}
    signing = services.secrets_signing(endpoint)
    secret = next((s for s in signing if _fingerprint(s) == kept.get("fingerprint")), None)
    if secret is None:
        return redirect("webhooks:detail", pk=endpoint.pk)
    rotated = services.ROTATION_OVERLAP if kept.get("rotated") else None
    context = {"endpoint": endpoint, "secret": secret, "rotated": rotated}
    response = render(request, "webhooks/secret.html", context)
    response["Cache-Control"] = "no-store"  # shown once; never from a cache
    return response


@login_required
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
    }
    form = EndpointForm(
        request.POST or None, initial=initial, event_choices=choices_for(endpoint.scope)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(endpoint=endpoint, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _errors(form, error)
        else:
            messages.success(request, "The endpoint was saved.")
            return saved_redirect(reverse("webhooks:detail", args=[endpoint.pk]))
    return render(
        request,
        "webhooks/detail.html",
        {
            "endpoint": endpoint,
            "form": form,
            "deliveries": selectors.delivery_list(endpoint=endpoint),
            "log_length": selectors.LOG_LENGTH,
            "log_kept_days": sending.LOG_KEPT.days,
            "maker_gone": not_sending(endpoint, viewer=request.user) or "",
        },
    )


def _act(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    try:
        act(endpoint=endpoint, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("webhooks:detail", pk=endpoint.pk)


@require_POST
@login_required
def endpoint_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    made = services.secret_rotate(endpoint=endpoint, actor=request.user)
    return _secret_once(request, made, rotated=True)


@require_POST
@login_required
def endpoint_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.endpoint_disable, "The endpoint receives nothing more.")


@require_POST
@login_required
def endpoint_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.endpoint_enable, "The endpoint receives events again.")


@require_POST
@login_required
def delivery_resend(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    found = selectors.delivery_find(endpoint=endpoint, pk=did)
    if found is None:
        raise Http404
    try:
        sending.delivery_resend(delivery=found, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Message {found.message_id} is being sent again.")
    return redirect("webhooks:detail", pk=endpoint.pk)


@login_required
def shared_with_you(request: HttpRequest) -> HttpResponse:
    """The employer's page: the certificates holders let this account follow, each with its
    status today in words and the link to check it (a GET: nothing is written)."""
    user = cast(User, request.user)
    rows = [
        (share, standing(share.certificate)) for share in selectors.shared_with_listed(user=user)
    ]
    return render(
        request,
        "webhooks/shared_with_you.html",
        {"rows": rows, "address_proven": has_proven_address(user, user.email)},
    )


@login_required
def shares(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    mine = {str(c.pk): c for c in selectors.certificates_of(user=user)}
    form = ShareForm(
        request.POST or None, certificates=[(k, c.number or "") for k, c in mine.items()]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.share_create(
                certificate=mine[form.cleaned_data["certificate"]],
                email=form.cleaned_data["email"],
                actor=user,
            )
        except DomainError as error:
            _errors(form, error)
        else:
            messages.success(
                request,
                "Shared: that account now finds the certificate in its list and can follow it.",
            )
            return saved_redirect(reverse("webhooks:shares"))
    listed = selectors.share_list(user=user).filter(withdrawn_at__isnull=True)
    return render(
        request,
        "webhooks/shares.html",
        {"form": form, "shares": list(listed), "has_certificates": bool(mine)},
    )


@require_POST
@login_required
def share_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    share = selectors.share_find(user=request.user, pk=pk)
    if share is None:
        raise Http404
    services.share_withdraw(share=share, actor=request.user)
    messages.success(
        request,
        f"Stopped: {share.email} no longer sees {share.certificate.number} in their list. "
        "If they have an account, we tell them.",
    )
    return redirect("webhooks:shares")
