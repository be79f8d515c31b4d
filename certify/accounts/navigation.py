"""The navigation each person sees, built from their roles."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from certify.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False
    badge: int = 0


def navigation_for(request: HttpRequest, *, unread: int = 0) -> list[NavItem]:
    path = request.path
    items: list[tuple[str, str, int]] = [("The program", reverse("programs:home"), 0)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append(("Your account", reverse("accounts:home"), 0))
        items.append(("Notifications", reverse("notifications:list"), unread))
        if user.has_role(Role.CANDIDATE) or user.has_role(Role.PROVIDER):
            items.append(("Payments", reverse("payments:list"), 0))
        if user.has_role(Role.CANDIDATE):
            items.append(("Scholarships", reverse("scholarships:index"), 0))
        if user.is_superuser or user.has_role(Role.SPONSOR) or user.has_role(Role.PROGRAM_STAFF):
            items.append(("Scholarship funds", reverse("scholarships:dashboard"), 0))
            items.append(("Fund reports", reverse("reports:sponsor"), 0))
        if user.has_role(Role.CANDIDATE):
            items.append(("Your application", reverse("applications:apply"), 0))
            items.append(("Your plan", reverse("progress:plan"), 0))
            items.append(("Your certificates", reverse("certificates:mine"), 0))
            items.append(("Renewal", reverse("renewals:home"), 0))
        if user.has_role(Role.REVIEWER):
            items.append(("Your reviews", reverse("portfolios:review_queue"), 0))
        if user.has_role(Role.PROVIDER):
            items.append(("Your courses", reverse("courses:provider_home"), 0))
            items.append(("Course reports", reverse("reports:provider"), 0))
        if user.is_superuser or user.has_role(Role.PROGRAM_STAFF):
            items.append(("Applications", reverse("applications:queue"), 0))
            items.append(("Appeals", reverse("appeals:list"), 0))
            items.append(("Portfolio reviews", reverse("portfolios:staff_submissions"), 0))
            items.append(("Courses and providers", reverse("courses:staff_courses"), 0))
            items.append(("Certificates", reverse("certificates:staff_list"), 0))
            items.append(("Renewals", reverse("renewals:staff_queue"), 0))
            items.append(("Invoices", reverse("payments:staff_invoices"), 0))
            items.append(("People and roles", reverse("accounts:people"), 0))
            items.append(("Reports", reverse("reports:dashboard"), 0))
            items.append(("Audit trail", reverse("core:audit"), 0))
            items.append(("E-mail delivery", reverse("notifications:outbox"), 0))
            items.append(("Program settings", reverse("admin:index"), 0))
    items.append(("Approved courses", reverse("courses:catalogue"), 0))
    items.append(("Verify a certificate", reverse("certificates:lookup"), 0))
    items.append(("API", reverse("api-1:openapi-view"), 0))
    return [
        NavItem(
            label,
            url,
            current=(url == path or (url != "/" and path.startswith(url))),
            badge=badge,
        )
        for label, url, badge in items
    ]
