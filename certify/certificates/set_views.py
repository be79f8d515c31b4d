"""Completed sets' own credentials and the learner record (CLR 2.0): the holder downloads them;
staff revoke a set's credential (ADR 0035)."""

import json
import uuid
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from certify.accounts.models import User
from certify.certificates import selectors, services
from certify.certificates.credentials import ordered
from certify.certificates.forms import SetRevokeForm
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.workflow import allowed_moves
from certify.programs import api as programs_api


def _attachment(document: dict[str, Any], filename: str) -> HttpResponse:
    body = json.dumps(ordered(document), ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # Quoted and, outside ASCII, encoded by Django: the name holds the short name staff typed.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@permission_required("certificates.view_own_certificates")
def set_credential(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    """A completed set's signed credential, for its holder (and program staff)."""
    found = selectors.set_credential_find(credential_id=credential_id)
    if found is None or not found.credential:
        raise Http404
    if not request.user.has_perm("certificates.download_set_credential", found):
        raise Http404  # someone else's: as an unknown number (docs/security.md)
    return _attachment(found.credential, f"credential-{found.competency_set_id}-{found.pk}.json")


@require_GET
@permission_required("certificates.view_own_certificates")
def learner_record(request: HttpRequest, slug: str) -> HttpResponse:
    """The holder's own CLR 2.0 record of a program, signed now; nobody else's."""
    program = programs_api.program_get(slug=slug, published_only=False)  # 404 when unknown
    document = services.clr_sign(holder=cast(User, request.user), program=program)
    if document is None:
        raise Http404
    return _attachment(document, f"learner-record-{program.short_name.lower()}.json")


@require_http_methods(["GET", "POST"])
@permission_required("certificates.manage_certificates")
def staff_set_credential(request: HttpRequest, pk: int) -> HttpResponse:
    """One set's credential for staff: what it says, and revoking it (with a reason)."""
    found = selectors.set_credential_staff_find(pk=pk)
    if found is None:
        raise Http404
    form = SetRevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.set_credential_revoke(
                    set_credential=found,
                    actor=cast(User, request.user),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error("reason" if error.field == "reason" else None, error.message)
            else:
                messages.success(request, f"The credential for {found.set_name} is revoked.")
                return redirect(reverse("certificates:staff_set_credential", kwargs={"pk": pk}))
    can_revoke = any(m.name == "revoke" for m in allowed_moves(found, request.user))
    return render(
        request,
        "certificates/staff_set_credential.html",
        {"item": found, "form": form, "can_revoke": can_revoke},
        status=status,
    )


def holder_sets(user: User, certificates: list[Any]) -> list[tuple[Any, list[Any]]]:
    """The "my certificates" page's sets, by program: (program, its sets' credentials), with
    every program the holder has a record of (sets, or a certificate that is not revoked)."""
    groups: dict[int, tuple[Any, list[Any]]] = {}
    for item in selectors.set_credential_list_for_holder(holder=user):
        groups.setdefault(item.program_id, (item.program, []))[1].append(item)
    for certificate in certificates:
        if certificate.is_issued and certificate.status != certificate.Status.REVOKED:
            groups.setdefault(certificate.program_id, (certificate.program, []))
    return list(groups.values())
