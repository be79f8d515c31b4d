from django.conf import settings
from django.http import HttpRequest

from certify.accounts.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, object]:
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        loaded = getattr(user, "request_unread", None)  # loaded with the signed-in user
        if loaded is None:
            from certify.notifications.api import unread_count

            loaded = unread_count(user=user)
        unread = int(loaded)
    return {
        "SITE_URL": settings.SITE_URL,
        "navigation": navigation_for(request, unread=unread),
        "unread_notifications": unread,
    }
