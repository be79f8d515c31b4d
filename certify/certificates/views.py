import hashlib
import json
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certify.accounts.models import User
from certify.certificates import documents, selectors, services, verification
from certify.certificates.credentials import ordered
from certify.certificates.credentials.verify import parse_datetime as xsd_datetime_parse
from certify.certificates.forms import ActionForm, CredentialForm, LookupForm, StaffFilterForm
from certify.certificates.models import Certificate
from certify.certificates.numbers import number_normal
from certify.certificates.sharing import linkedin_add_url
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import same_for_every_visitor
from certify.core.workflow import allowed_moves

PUBLIC_CACHE = "public, max-age=60"


def _json(document: dict[str, Any], *, content_type: str = "application/json") -> HttpResponse:
    body = json.dumps(ordered(document), ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # verifiers may run in a browser
    response["Cache-Control"] = PUBLIC_CACHE
    response["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return response


def _not_modified(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.headers.get("If-None-Match") == response["ETag"]:
        not_modified = HttpResponse(status=304)
        for header in ("ETag", "Cache-Control", "Access-Control-Allow-Origin"):
            not_modified[header] = response[header]
        return not_modified
    return response


@require_GET
def did_document(request: HttpRequest) -> HttpResponse:
    """The issuer's DID document (did:web): every key, active and retired."""
    return _not_modified(
        request, _json(services.did_document(), content_type="application/did+ld+json")
    )


@require_GET
def status_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A signed BitstringStatusListCredential; re-signed only when a bit changes."""
    found = selectors.status_list_find(slug=slug)
    if found is None:
        raise Http404
    document = services.status_list_credential(status_list=found)
    return _not_modified(request, _json(document))


# --- Verification for everyone ------------------------------------------------------------------


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    if form.is_valid():
        number = number_normal(form.cleaned_data["number"])
        if selectors.certificate_by_number(number=number):
            return redirect("certificates:verify", number=number)
        form.add_error("number", f"No certificate has the number {number}. Check it and retry.")
    return render(request, "certificates/lookup.html", {"form": form})


# Stands for the time of the check in a kept page; each answer puts its own time there.
CHECKED_AT = "@@checked-at@@"


def _checked_at() -> str:
    return date_format(timezone.localtime(), "F j, Y, H:i T")


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """The public page the QR code opens: name, program, dates, status; nothing else personal.
    For visitors who are not signed in, the page is kept in the cache (verification.py).
    A number typed another way (`lsscp 2024 2`) is sent to its printed form's page."""
    printed = number_normal(number)
    if printed and printed != number:
        return redirect("certificates:verify", number=printed)
    if verification.enabled() and same_for_every_visitor(request):

        def build() -> bytes | None:
            found = selectors.certificate_for_verification(number=number)
            if found is None:
                return None
            context = {"certificate": found, "checked_at": CHECKED_AT}
            return render(request, "certificates/verify.html", context).content

        body = verification.cached("page", number, build)
        if body is not None:
            response = HttpResponse(body.replace(CHECKED_AT.encode(), _checked_at().encode()))
            patch_vary_headers(response, ["Cookie"])  # signed-in visitors get their own page
            return response
        return render(request, "certificates/not_found.html", {"number": number}, status=404)
    certificate = selectors.certificate_for_verification(number=number)
    if certificate is None:
        return render(request, "certificates/not_found.html", {"number": number}, status=404)
    return render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "checked_at": _checked_at()},
    )


@require_http_methods(["GET", "POST"])
def verify_credential(request: HttpRequest) -> HttpResponse:
    """Paste or upload a credential: does its signature hold, and its status? A credential over
    a limit is refused as the API refuses it: the same words, the same status code."""
    result, summary, status = None, None, 200
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = services.credential_check(read=form.read, size=form.size)
        except services.CredentialRefusedError as refused:
            form.add_error(None, refused.message)
            status = refused.http_status
        else:
            result = checked.result
            summary = _summary(checked.document) if result.signature_valid else None
    return render(
        request,
        "certificates/verify_credential.html",
        {"form": form, "result": result, "summary": summary},
        status=status,
    )


def _summary(document: dict[str, Any]) -> dict[str, str]:
    """What a person reads from a credential whose signature holds."""
    subject = document.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    names = [
        i.get("identityHash", "")
        for i in subject.get("identifier", [])
        if isinstance(i, dict) and i.get("identityType") == "name" and not i.get("hashed")
    ]
    issuer = document.get("issuer") or {}
    return {
        "holder": names[0] if names else "",
        "achievement": achievement.get("name", ""),
        "issuer": issuer.get("name", "") if isinstance(issuer, dict) else "",
        "valid_from": _local_day(document.get("validFrom")),
        "valid_until": _local_day(document.get("validUntil")),
        "name": str(document.get("name", "")),
    }


def _local_day(value: Any) -> str:
    """An xsd:dateTime as the day it is in the program's time zone, written as the certificate
    and its verification page write it: a certificate valid through 31 May ends at 23:59:59
    Chicago time, which is 1 June in UTC, the day its first 10 characters name."""
    try:
        moment = xsd_datetime_parse(value)
    except ValueError:
        return str(value or "")
    return date_format(timezone.localtime(moment), "F j, Y")


@require_GET
def public_profile(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.public_profile_find(slug=slug)
    if found is None:
        raise Http404
    profile, certificates = found
    return render(
        request, "certificates/profile.html", {"profile": profile, "certificates": certificates}
    )


# --- The holder ---------------------------------------------------------------------------------


@permission_required("certificates.view_own_certificates")
def mine(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    certificates = list(selectors.certificate_list_for_holder(holder=user))
    return render(
        request,
        "certificates/mine.html",
        {
            "certificates": [(c, linkedin_add_url(c) if c.is_issued else "") for c in certificates],
            "profile": selectors.public_profile_for(user=user),
        },
    )


@require_POST
@permission_required("certificates.view_own_certificates")
def profile_toggle(request: HttpRequest) -> HttpResponse:
    public = request.POST.get("is_public") == "1"
    profile = services.public_profile_set(user=cast(User, request.user), is_public=public)
    if public:
        messages.success(request, "Your public profile is on: anyone with its link can see it.")
    else:
        messages.success(request, "Your public profile is off.")
    del profile
    return redirect("certificates:mine")


def _downloadable(request: HttpRequest, number: str) -> Certificate:
    certificate = selectors.certificate_by_number(number=number)
    if certificate is None:
        raise Http404
    if not request.user.has_perm("certificates.download_certificate", certificate):
        raise PermissionDenied
    return certificate


@permission_required("certificates.view_own_certificates")
def pdf(request: HttpRequest, number: str) -> HttpResponse:
    certificate = _downloadable(request, number)
    response = HttpResponse(
        documents.certificate_pdf(certificate=certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    return response


@permission_required("certificates.view_own_certificates")
def credential(request: HttpRequest, number: str) -> HttpResponse:
    certificate = _downloadable(request, number)
    if not certificate.credential:
        raise Http404
    body = json.dumps(ordered(certificate.credential), ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.number}.json"'
    return response


# --- Staff --------------------------------------------------------------------------------------


@permission_required("certificates.manage_certificates")
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET)
    status, search = "", ""
    if form.is_valid():
        status, search = form.cleaned_data["status"], form.cleaned_data["q"]
    qs = selectors.certificate_staff_list(status=status, search=search)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "certificates/staff_list.html", {"form": form, "page": page})


def staff_actions(certificate: Certificate, person: Any) -> list[str]:
    """The moves this person may make on this certificate now, by name (the form's choices)."""
    return [move.name for move in allowed_moves(certificate, person)]


@permission_required("certificates.manage_certificates")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_find(pk=pk)
    if certificate is None:
        raise Http404
    return render(
        request,
        "certificates/staff_detail.html",
        {
            "certificate": certificate,
            "actions": staff_actions(certificate, request.user),
            "form": ActionForm(),
        },
    )


@require_POST
@permission_required("certificates.manage_certificates")
def staff_action(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            done = services.certificate_act(
                certificate=certificate,
                actor=cast(User, request.user),
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, f"Certificate {done.number}: {done.get_status_display()}.")
            return redirect(reverse("certificates:staff_detail", kwargs={"pk": pk}))
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
    detail = selectors.certificate_find(pk=pk) or certificate
    return render(
        request,
        "certificates/staff_detail.html",
        {"certificate": detail, "actions": staff_actions(detail, request.user), "form": form},
        status=400,
    )
