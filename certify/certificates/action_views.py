"""Staff's actions on a certificate (ADR 0048): approving is one button; suspending,
reinstating and revoking each go through a confirmation page (the shared `confirm.html`, ADR
0040) that says what will happen, asks for the reason, and posts "Yes, …". Reading the page
changes nothing; a confirmation for a status the certificate no longer has is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from certify.accounts.models import User
from certify.certificates import selectors, services
from certify.certificates.forms import ActionForm
from certify.certificates.models import Certificate
from certify.certificates.services.transitions import ACTION_STATUS
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.http import moved_on_redirect
from certify.core.workflow import allowed_moves
from certify.core.workflow_words import StatusMovedOnError, moved_on


@dataclass(frozen=True)
class Action:
    button: str  # on the certificate's page (a link to the confirmation)
    title: str
    confirm: str  # the confirmation's red button
    happens: tuple[str, ...]
    reason_label: str


# What staff read once it is done: a sentence, not the status's label.
DONE = {
    "approve": "You approved certificate {number}: it is valid now.",
    "suspend": "Certificate {number} is suspended. Its holder was told, with your reason.",
    "reinstate": "Certificate {number} is valid again. Its holder was told, with your reason.",
    "revoke": "Certificate {number} is revoked. Its holder was told, with your reason.",
}

ACTIONS = {
    "suspend": Action(
        button="Suspend this certificate…",
        title="Suspend certificate {number}?",
        confirm="Yes, suspend certificate {number}",
        happens=(
            "The certificate stops being valid at once: its verification page and the API say "
            "“suspended”, and its entry in the published credential status list is set, so "
            "wallets and verifiers that check the signed credential see it as not valid.",
            "{holder} is e-mailed that it is suspended, with your reason.",
            "You or another staff member can reinstate it later.",
        ),
        reason_label="Why suspend it?",
    ),
    "reinstate": Action(
        button="Reinstate this certificate…",
        title="Reinstate certificate {number}?",
        confirm="Yes, reinstate certificate {number}",
        happens=(
            "The certificate is valid again at once: its verification page and the API say "
            "“valid”, and its entry in the published credential status lists is cleared.",
            "{holder} is e-mailed that it is valid again, with your reason.",
        ),
        reason_label="Why reinstate it?",
    ),
    "revoke": Action(
        button="Revoke this certificate…",
        title="Revoke certificate {number}?",
        confirm="Yes, revoke certificate {number}",
        happens=(
            "The certificate is revoked at once: its verification page and the API say "
            "“revoked”, and its entry in the published credential status list is set, so "
            "wallets and verifiers that check the signed credential see it as not valid.",
            "The credentials of its completed sets are revoked with it.",
            "{holder} is e-mailed that it is revoked, with your reason.",
            "This cannot be undone: a revoked certificate is never valid again.",
        ),
        reason_label="Why revoke it?",
    ),
}


def staff_buttons(certificate: Certificate, person: object) -> tuple[bool, list[tuple[str, str]]]:
    """Whether this person may approve now, and the confirmation links of the other moves they
    may make now (their button's words and URL)."""
    moves = [move.name for move in allowed_moves(certificate, person)]
    links = [
        (
            ACTIONS[name].button,
            reverse(
                "certificates:staff_action_confirm",
                kwargs={"pk": certificate.pk, "action": name},
            ),
        )
        for name in ACTIONS
        if name in moves
    ]
    return "approve" in moves, links


OWN_CERTIFICATE = (
    "This is your own certificate: approving, suspending, reinstating or revoking it is for "
    "other program staff. Your certificates page shows where it stands."
)


def own_certificate_page(request: HttpRequest, certificate: Certificate) -> HttpResponse | None:
    """The refusal (403) when staff open the staff pages of a certificate they hold, as their own
    application's and renewal's are refused (ADR 0048); None for anyone else. The service refuses
    the move itself; this says so before a form that could only be refused is shown."""
    if certificate.holder_id != request.user.pk:
        return None
    context = {
        "case": {"case_kind": "certificate"},
        "own_case": OWN_CERTIFICATE,
        "own_url": reverse("certificates:mine"),
    }
    return render(request, "casework/own_case.html", context, status=403)


def _words(certificate: Certificate) -> dict[str, str]:
    return {"number": certificate.number or "", "holder": certificate.holder_name or "The holder"}


def _confirm(
    request: HttpRequest, certificate: Certificate, name: str, form: ActionForm, status: int = 200
) -> HttpResponse:
    action, words = ACTIONS[name], _words(certificate)
    form.fields["reason"].label = action.reason_label
    form.fields["reason"].required = True
    return render(
        request,
        "confirm.html",
        {
            "title": action.title.format(**words),
            "eyebrow": f"{certificate.program.name}: {certificate.holder_name}",
            "happens": [sentence.format(**words) for sentence in action.happens],
            "action": reverse("certificates:staff_action", kwargs={"pk": certificate.pk}),
            "button": action.confirm.format(**words),
            "back": reverse("certificates:staff_detail", kwargs={"pk": certificate.pk}),
            "form": form,
        },
        status=status,
    )


@require_GET
@permission_required("certificates.manage_certificates")
def staff_action_confirm(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    certificate = selectors.certificate_find(pk=pk)
    if certificate is None:
        raise Http404
    if refused := own_certificate_page(request, certificate):
        return refused
    if action not in {move.name for move in allowed_moves(certificate, request.user)}:
        # A link from a page out of date (a colleague acted first): where it is now (ADR 0018).
        target = Certificate.Status(ACTION_STATUS[action]).label
        stale = moved_on(
            noun="certificate",
            now=certificate.get_status_display(),
            targets=[target],
            current_status=certificate.status,
            move=action,
        )
        return moved_on_redirect(request, stale, reverse("certificates:staff_detail", args=[pk]))
    form = ActionForm(initial={"action": action, "current": certificate.status})
    return _confirm(request, certificate, action, form)


@require_POST
@permission_required("certificates.manage_certificates")
def staff_action(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate, pk=pk)
    if refused := own_certificate_page(request, certificate):
        return refused  # changes nothing: the service would refuse it too
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an action on the certificate's page.")
        return redirect("certificates:staff_detail", pk=pk)
    name = form.cleaned_data["action"]
    try:
        done = services.certificate_act(
            certificate=certificate,
            actor=cast(User, request.user),
            action=name,
            reason=form.cleaned_data["reason"],
            current=form.cleaned_data["current"],
        )
    except DomainError as error:
        if error.field == "reason" and name in ACTIONS:  # the confirmation, with what was typed
            form.add_error("reason", error.message)
            return _confirm(request, certificate, name, form, status=400)
        if isinstance(error, StatusMovedOnError):  # acted on meanwhile: its page, as it is now
            return moved_on_redirect(
                request, error, reverse("certificates:staff_detail", args=[pk])
            )
        messages.error(request, error.message)
        return redirect("certificates:staff_detail", pk=pk)
    messages.success(request, DONE[name].format(number=done.number))
    return redirect("certificates:staff_detail", pk=pk)
