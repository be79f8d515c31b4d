from django.conf import settings
from django.http import HttpRequest

from certify.accounts.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_URL": settings.SITE_URL,
        "navigation": navigation_for(request),
    }
