import functools
import hashlib
import json
import re
from datetime import datetime
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certify.accounts.api import actors_attach
from certify.accounts.models import User
from certify.certificates import dates, documents, selectors, services, verification
from certify.certificates.action_views import own_certificate_page, staff_buttons
from certify.certificates.credentials import ordered, statuslist
from certify.certificates.credentials.verify import parse_datetime as xsd_datetime_parse
from certify.certificates.forms import CredentialForm, LookupForm, StaffFilterForm
from certify.certificates.holder_words import holder_label, status_word, status_words_read
from certify.certificates.models import Certificate
from certify.certificates.numbers import number_normal
from certify.certificates.set_views import holder_sets
from certify.certificates.sharing import link_preview, linkedin_add_url
from certify.certificates.standing import CHECK_LABELS, standing, status_label
from certify.core.decorators import permission_required
from certify.core.documents import document_pdf
from certify.core.http import same_for_every_visitor
from certify.programs.api import program_zone

# Published documents may be cached as long as a status list's `ttl` says (the same minute).
PUBLIC_CACHE = f"public, max-age={statuslist.TTL_MS // 1000}"


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
    return _not_modified(request, _json(document, content_type=statuslist.MEDIA_TYPE))


# --- Verification for everyone ------------------------------------------------------------------


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None, hint=selectors.number_hint_for_site())
    if form.is_valid():
        typed = form.cleaned_data["number"]
        number = number_normal(typed)
        if selectors.certificate_by_number(number=number):
            return redirect("certificates:verify", number=number)
        # The number as they typed it: the stored form (zeros added) is not what they see.
        form.add_error("number", f"No certificate has the number {typed}. Check it and retry.")
    return render(request, "certificates/lookup.html", {"form": form})


# Stands for the time of the check in a kept page, with the program's time zone; each answer
# puts its own time there.
CHECKED_AT = "@@checked-at:{zone}@@"
_CHECKED_AT = re.compile(rb"@@checked-at:([A-Za-z0-9_+\-/]+)@@")


def _checked_at(program: Any) -> str:
    return dates.moment_text(timezone.now(), program)


def _checked_now(match: re.Match[bytes]) -> bytes:
    now = timezone.now()
    return _checked_text(match.group(1), now.replace(second=0, microsecond=0), get_language())


@functools.lru_cache(maxsize=64)
def _checked_text(zone: bytes, minute: datetime, language: str | None) -> bytes:
    """The time of the check as the page writes it, to the minute: worked out once a minute per
    time zone (and language) rather than on every answer of the busiest public page."""
    return dates.moment_text(minute, zone.decode("ascii")).encode()


def _verify_context(certificate: Certificate, checked_at: str) -> dict[str, Any]:
    """What the verification page shows: the certificate and its standing, the sets earned with
    their routes, and its link preview (Open Graph), which says the status first."""
    answer = standing(certificate)
    return {
        "certificate": certificate,
        "standing": answer,
        "checked_at": checked_at,
        "sets": selectors.certificate_sets_earned(certificate=certificate),
        "preview": link_preview(certificate, answer=answer),
    }


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
            context = _verify_context(found, CHECKED_AT.format(zone=found.program.time_zone))
            return render(request, "certificates/verify.html", context).content

        body = verification.cached("page", number, build)
        if body is not None:
            response = HttpResponse(_CHECKED_AT.sub(_checked_now, body))
            patch_vary_headers(response, ["Cookie"])  # signed-in visitors get their own page
            return response
        return render(request, "certificates/not_found.html", {"number": number}, status=404)
    certificate = selectors.certificate_for_verification(number=number)
    if certificate is None:
        return render(request, "certificates/not_found.html", {"number": number}, status=404)
    return render(
        request,
        "certificates/verify.html",
        _verify_context(certificate, _checked_at(certificate.program)),
    )


@require_http_methods(["GET", "POST"])
def verify_credential(request: HttpRequest) -> HttpResponse:
    """Paste or upload a credential: does its signature hold, and its status? A credential over
    a limit is refused as the API refuses it: the same words, the same status code."""
    result, summary, standing, status = None, None, None, 200
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = services.credential_check(read=form.read, size=form.size, image=form.image)
        except services.CredentialRefusedError as refused:
            form.add_error(None, refused.message)
            status = refused.http_status
        else:
            result, standing = checked.result, checked.standing
            zone = standing.time_zone if standing else ""
            summary = _summary(checked.document, zone) if result.signature_valid else None
    return render(
        request,
        "certificates/verify_credential.html",
        {
            "form": form,
            "result": result,
            "summary": summary,
            "standing": standing,
            # No certificate of ours speaks for it (a set's credential): the API's words.
            "label": CHECK_LABELS.get(result.status, "") if result and not standing else "",
        },
        status=status,
    )


def _summary(document: dict[str, Any], zone: str) -> dict[str, str]:
    """What a person reads from a credential whose signature holds; its days in `zone` (the
    program's time zone; the site's when empty)."""
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
        "valid_from": _local_day(document.get("validFrom"), zone),
        "valid_until": _local_day(document.get("validUntil"), zone),
        "name": str(document.get("name", "")),
    }


def _local_day(value: Any, zone: str) -> str:
    """An xsd:dateTime as the day it is in the program's time zone, written as the certificate
    and its verification page write it: a certificate valid through 31 May ends at 23:59:59
    Chicago time, which is 1 June in UTC, the day its first 10 characters name."""
    try:
        moment = xsd_datetime_parse(value)
    except ValueError:
        return str(value or "")
    return dates.day_text(dates.local_day(moment, zone))


@require_GET
def public_profile(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.public_profile_find(slug=slug)
    if found is None:
        raise Http404
    profile, certificates = found
    # The verification page's words ("Lapsed", "Replaced by LSSCP-2031-7K3Q9M2X"), read with the
    # rows (`selectors.public_profile_find`), so no row asks again.
    rows = [(certificate, status_label(certificate)) for certificate in certificates]
    return render(request, "certificates/profile.html", {"profile": profile, "rows": rows})


# --- The holder ---------------------------------------------------------------------------------


def _words(certificate: Certificate) -> tuple[str, str]:
    return holder_label(certificate), status_word(certificate)


@permission_required("certificates.view_own_certificates")
def mine(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    certificates = list(selectors.certificate_list_for_holder(holder=user))
    return render(
        request,
        "certificates/mine.html",
        {
            # Sharing is offered while the certificate is in force: a link that adds a revoked or
            # expired certificate to a profile would present it as valid.
            "certificates": [
                # The holder's words, and the PDF's ("Lapsed" across the page, `status_word`).
                (c, linkedin_add_url(c) if c.current_status == "valid" else "", *_words(c))
                for c in certificates
            ],
            "records": holder_sets(user, certificates),
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
        raise Http404  # someone else's: as an unknown number (docs/security.md)
    return certificate


@permission_required("certificates.view_own_certificates")
def pdf(request: HttpRequest, number: str) -> HttpResponse:
    certificate = _downloadable(request, number)
    content = document_pdf(documents.certificate_document(certificate=certificate))
    response = HttpResponse(content, content_type="application/pdf")
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
    status_words_read(page.object_list)  # "Lapsed" where it is, for the page at once
    return render(request, "certificates/staff_list.html", {"form": form, "page": page})


@permission_required("certificates.manage_certificates")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_find(pk=pk)
    if certificate is None:
        raise Http404
    if refused := own_certificate_page(request, certificate):
        return refused  # nobody opens the staff page of their own certificate (ADR 0048)
    can_approve, action_links = staff_buttons(certificate, request.user)
    # The history's closed actors' last roles, read together (`by_whom`): many cost one query.
    actors_attach([certificate.approved_by, *(t.actor for t in certificate.transitions.all())])
    return render(
        request,
        "certificates/staff_detail.html",
        {
            "certificate": certificate,
            "zone": program_zone(certificate.program),  # its history's times are the program's
            "can_approve": can_approve,
            "action_links": action_links,
            "sets": list(selectors.set_credentials_of(certificate)),
        },
    )
