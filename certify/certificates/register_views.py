"""The public register of holders (search) and the holder's choice to be in it (ADR 0030)."""

from collections.abc import Sequence
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from certify.accounts.api import home_part
from certify.accounts.models import User
from certify.certificates import selectors, services
from certify.certificates.forms import RegisterListingForm, RegisterSearchForm
from certify.certificates.register import STATE_NAMES
from certify.certificates.register_allowance import register_allowance, register_programs
from certify.core.errors import DomainError
from certify.core.ratelimit import too_many_requests
from certify.programs import api as programs_api


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Search the holders who chose to be listed: a person's name in full is required, a state
    narrows it; a search matching too many is refused as too broad (ADR 0030)."""
    form = RegisterSearchForm(request.GET if "name" in request.GET else None)
    rows: list[dict] = []
    programs = None
    if form.is_bound:  # each search counts in the register's own allowance (a day's, per person)
        programs = register_programs(request)
        verdict = register_allowance(request, programs)
        if not verdict.allowed:
            return too_many_requests(request, verdict.retry_after)
    if form.is_valid():
        try:
            rows = selectors.register_search(
                terms=form.cleaned_data["terms"],
                state=form.cleaned_data["state"],
                programs=programs,
            )
        except DomainError as error:
            form.add_error("name", error.message)
    return render(
        request,
        "certificates/register.html",
        {"form": form, "rows": rows, "searched": form.is_bound and form.is_valid()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
@login_required
def register_listing(request: HttpRequest) -> HttpResponse:
    """The holder lists themselves (under a state) or leaves the register; a POST only."""
    user = cast(User, request.user)
    form = RegisterListingForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("state", form.errors.get("action", [])):
            messages.error(request, str(error))
        return redirect("accounts:home")
    try:
        if form.cleaned_data["action"] == "list":
            state = form.cleaned_data["state"]
            services.register_listing_set(user=user, state=state)
            messages.success(
                request,
                f"You are listed in the public register of holders, under {STATE_NAMES[state]}.",
            )
        elif services.register_listing_remove(user=user):
            messages.success(request, "You are no longer listed in the public register.")
        else:
            messages.success(request, "You were not listed in the public register.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:home")


@home_part
def register_choice(user: User, roles: Sequence[str]) -> dict[str, object]:
    """The account page's part about the register: whether the holder is listed, and the form.
    Shown to people who hold an issued certificate (one query for everyone else)."""
    zone = selectors.issued_certificate_zone(user=user)
    if zone is None:
        return {}
    listing = selectors.register_listing_for(user=user)
    # the day it was listed is the certificate's program's (RULINGS: dates in its time zone)
    listed_on = programs_api.program_day(listing.listed_at, zone) if listing else None
    return {
        "register_listing": listing,
        "register_listed_on": listed_on,
        "register_state": STATE_NAMES.get(listing.state, "") if listing else "",
        "register_form": RegisterListingForm(
            initial={"state": listing.state if listing else "", "action": "list"}
        ),
        "register_offered": True,
    }
