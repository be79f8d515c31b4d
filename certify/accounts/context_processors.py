from django.conf import settings
from django.http import HttpRequest

from certify.accounts.drafts import draft_key_id
from certify.accounts.navigation import navigation_for
from certify.core.site import site_name


def site(request: HttpRequest) -> dict[str, object]:
    unread = 0
    draft_key = ""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        draft_key = draft_key_id(user.pk)  # drafts kept in the browser are stored under it
        loaded = getattr(user, "request_unread", None)  # loaded with the signed-in user
        if loaded is None:
            from certify.notifications.api import unread_count

            loaded = unread_count(user=user)
        unread = int(loaded)
    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": site_name(),
        "navigation": navigation_for(request, unread=unread),
        "unread_notifications": unread,
        "draft_key": draft_key,
    }
