"""The navigation each person sees, built from their roles."""

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from certify.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False
    badge: int = 0


def navigation_for(request: HttpRequest, *, unread: int = 0) -> list[NavItem]:
    path = request.path
    user: Any = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    links = _links(
        signed_in=signed_in,
        superuser=bool(signed_in and user.is_superuser),
        roles=user.roles if signed_in else frozenset(),
        urlconf=get_urlconf() or settings.ROOT_URLCONF,
        prefix=get_script_prefix(),
    )
    return [
        NavItem(
            label,
            url,
            current=(url == path or (url != "/" and path.startswith(url))),
            badge=unread if label == NOTIFICATIONS else 0,
        )
        for label, url in links
    ]


NOTIFICATIONS = "Notifications"


# Every page shows the navigation; its links depend only on who is asking (roles) and the URL
# configuration, so each combination's links are reversed once per process.
@functools.cache
def _links(
    *, signed_in: bool, superuser: bool, roles: frozenset[str], urlconf: object, prefix: str
) -> tuple[tuple[str, str], ...]:
    def has(role: str) -> bool:
        return role in roles

    items: list[tuple[str, str]] = [("The program", reverse("programs:home"))]
    if signed_in:
        items.append(("Your account", reverse("accounts:home")))
        items.append((NOTIFICATIONS, reverse("notifications:list")))
        if has(Role.CANDIDATE) or has(Role.PROVIDER):
            items.append(("Payments", reverse("payments:list")))
        if has(Role.CANDIDATE):
            items.append(("Scholarships", reverse("scholarships:index")))
        if superuser or has(Role.SPONSOR) or has(Role.PROGRAM_STAFF):
            items.append(("Scholarship funds", reverse("scholarships:dashboard")))
            items.append(("Fund reports", reverse("reports:sponsor")))
        if has(Role.CANDIDATE):
            items.append(("Your application", reverse("applications:apply")))
            items.append(("Your plan", reverse("progress:plan")))
            items.append(("Your certificates", reverse("certificates:mine")))
            items.append(("Renewal", reverse("renewals:home")))
        if has(Role.REVIEWER):
            items.append(("Your reviews", reverse("portfolios:review_queue")))
        if has(Role.PROVIDER):
            items.append(("Your courses", reverse("courses:provider_home")))
            items.append(("Course reports", reverse("reports:provider")))
        if superuser or has(Role.PROGRAM_STAFF):
            items.append(("Applications", reverse("applications:queue")))
            items.append(("Appeals", reverse("appeals:list")))
            items.append(("Portfolio reviews", reverse("portfolios:staff_submissions")))
            items.append(("Courses and providers", reverse("courses:staff_courses")))
            items.append(("Certificates", reverse("certificates:staff_list")))
            items.append(("Renewals", reverse("renewals:staff_queue")))
            items.append(("Invoices", reverse("payments:staff_invoices")))
            items.append(("People and roles", reverse("accounts:people")))
            items.append(("Reports", reverse("reports:dashboard")))
            items.append(("Audit trail", reverse("core:audit")))
            items.append(("E-mail delivery", reverse("notifications:outbox")))
            items.append(("Program settings", reverse("admin:index")))
    items.append(("Approved courses", reverse("courses:catalogue")))
    items.append(("Verify a certificate", reverse("certificates:lookup")))
    items.append(("API", reverse("api-1:openapi-view")))
    return tuple(items)
