"""What the renewal pages share: the person asking, whether htmx asked, the holder's chosen
program and certificate, one of their own activities, and the renewal page's address."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse

from certify.accounts.models import User
from certify.certificates.models import Certificate
from certify.core.errors import DomainError
from certify.programs import api as programs_api
from certify.programs.models import Program
from certify.renewals import selectors
from certify.renewals.forms import CeActivityForm
from certify.renewals.models import CeActivity


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _form_error(form: CeActivityForm, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def home_of(program: Program) -> str:
    """The renewal page of the holder's certificate of `program`."""
    return f"{reverse('renewals:home')}?program={program.slug}"


def _program_chosen(request: HttpRequest) -> Program | None:
    """The program a holder of several programs' certificates is renewing (`program`, in the
    query or the form; an unknown one is a 404); None: the newest certificate's, as before."""
    slug = request.POST.get("program") or request.GET.get("program") or ""
    return programs_api.program_get(slug=slug, published_only=False) if slug else None


def _current(request: HttpRequest) -> Certificate:
    certificate = selectors.certificate_current_for(
        holder=_user(request), program=_program_chosen(request)
    )
    if certificate is None:
        raise PermissionDenied
    return certificate


def _own_activity(request: HttpRequest, pk: int) -> CeActivity:
    activity = selectors.ce_activity_find(holder=_user(request), pk=pk)
    if activity is None:
        raise Http404
    return activity
