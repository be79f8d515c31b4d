"""The staff home (ADR 0047): the work waiting, each kind a link to its filtered queue."""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certify.accounts.models import User
from certify.accounts.staff_home import staff_work
from certify.core.decorators import permission_required
from certify.core.zones import SITES, zone_for_all


@permission_required("accounts.view_staff_home")
def staff_home(request: HttpRequest) -> HttpResponse:
    zone = zone_for_all()  # where work of no program counts its days, and the page says so
    groups = staff_work(user=cast(User, request.user), zone=zone)
    return render(
        request,
        "accounts/staff_home.html",
        {
            "groups": groups,
            "total": sum(group.count for group in groups),
            "zone": zone,
            "one_zone": zone.whose != SITES,
        },
    )
