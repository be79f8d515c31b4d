"""A provider's API keys: created and revoked."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.once import FIELD, once_issue, once_spend
from certify.courses import services
from certify.courses.forms import (
    ApiKeyForm,
)
from certify.courses.views.common import user_of
from certify.courses.views.provider.organisation import _form_error, _provider

ONCE = "courses.api_key"
ALREADY = (
    "This key was already created: it was shown once; revoke it and create a new one if you "
    "did not copy it."
)


@permission_required("courses.use_provider_pages")
def api_keys(request: HttpRequest, pid: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            # The page answers the post (the key is never stored to show later), so the form
            # carries a one-time token: sent again, it makes no second key (ADR 0043).
            with transaction.atomic():
                _key, raw = services.api_key_create(
                    provider=the_provider,
                    actor=user_of(request),
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"] or services.KEY_DAYS_DEFAULT,
                )
                once_spend(request.POST.get(FIELD), purpose=ONCE, already=ALREADY)
            new_key, form = raw, ApiKeyForm()
        except DomainError as error:
            _form_error(form, error)
    response = render(
        request,
        "courses/api_keys.html",
        {
            "provider": the_provider,
            "form": form,
            "new_key": new_key,
            "once": once_issue(ONCE),
            "keys": services.api_key_rows(provider=the_provider),
            "stop_words": ""
            if the_provider.is_approved
            else services.provider_api_stop_words(the_provider),
        },
        status=400 if form.errors else 200,
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the key is shown once; never from a cache
    return response


@require_POST
@permission_required("courses.use_provider_pages")
def api_key_revoke(request: HttpRequest, pid: int, key_id: int) -> HttpResponse:
    the_provider = _provider(request, pid)
    key = get_object_or_404(the_provider.api_keys.all(), pk=key_id)
    try:
        services.api_key_revoke(key=key, actor=user_of(request))
        messages.success(request, f"The key “{key.name}” is revoked; it no longer works.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("courses:api_keys", pid=pid)
