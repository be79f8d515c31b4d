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


def navigation_for(request: HttpRequest) -> list[NavItem]:
    path = request.path
    items: list[tuple[str, str]] = [("The program", reverse("programs:home"))]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append(("Your account", reverse("accounts:home")))
        if user.is_superuser or user.has_role(Role.PROGRAM_STAFF):
            items.append(("People and roles", reverse("accounts:people")))
            items.append(("Program settings", reverse("admin:index")))
    items.append(("API", reverse("api-1:openapi-view")))
    return [
        NavItem(label, url, current=(url == path or (url != "/" and path.startswith(url))))
        for label, url in items
    ]
