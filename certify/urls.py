from django.contrib import admin
from django.urls import include, path, re_path

from certify.accounts.allauth_views import confirm_email
from certify.rest.api import api

# Django tries these in order, and an include with an empty prefix tries every one of its own
# patterns: the API (one prefix) and the public verification pages (the busiest reads; no other
# app's path starts like theirs) come first.
urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("certify.programs.urls")),
    path("", include("certify.certificates.urls")),
    path("account/", include("certify.accounts.urls")),
    path("staff/", include("certify.accounts.staff_urls")),
    path("", include("certify.core.urls")),
    # allauth's own route and name, with the view that answers a used link's button in words.
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        confirm_email,
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("notifications/", include("certify.notifications.urls")),
    path("memberships/", include("certify.memberships.urls")),
    path("payments/", include("certify.payments.urls")),
    path("scholarships/", include("certify.scholarships.urls")),
    path("", include("certify.applications.urls")),
    path("", include("certify.appeals.urls")),
    path("", include("certify.progress.urls")),
    path("", include("certify.portfolios.urls")),
    path("", include("certify.courses.urls")),
    path("", include("certify.renewals.urls")),
    path("", include("certify.reports.urls")),
    path("webhooks/", include("certify.webhooks.urls")),
    path("", include("certify.casework.urls")),
    path("admin/", admin.site.urls),
]

# Failed requests: a page in the site's look for people, JSON for programs (the API, wallets).
# A database that does not answer is a 503 ("try again shortly"), anything else a 500.
handler400 = "certify.core.error_pages.bad_request"
handler403 = "certify.core.error_pages.permission_denied"
handler404 = "certify.core.error_pages.page_not_found"
handler500 = "certify.core.error_pages.server_error"
# Too many requests: the 429 page, also for allauth's own sign-in, sign-up and reset limits.
handler429 = "certify.accounts.adapter.rate_limited"
