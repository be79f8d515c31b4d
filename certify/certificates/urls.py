from django.urls import path, re_path

from certify.certificates import badge_views, register_views, views

app_name = "certificates"
urlpatterns = [
    # What verifiers fetch: the issuer's keys (did:web) and the status lists.
    path(".well-known/did.json", views.did_document, name="did_document"),
    path("did.json", views.did_document, name="did_document_path"),
    path("credentials/status/<slug:slug>", views.status_list, name="status_list"),
    # The program's badge and its certifying body's emblem: credentials name these URLs.
    re_path(
        r"^badges/(?P<slug>[-a-zA-Z0-9_]+)/(?P<subject>achievement|issuer)\.(?P<fmt>png|svg)$",
        badge_views.badge_image,
        name="badge_image",
    ),
    # Verification for everyone.
    path("verify/", views.lookup, name="lookup"),
    path("verify/credential/", views.verify_credential, name="verify_credential"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("profiles/<slug:slug>/", views.public_profile, name="profile"),
    # The public register: only holders who chose to be listed (ADR 0030).
    path("register/", register_views.register, name="register"),
    # The holder.
    path("certificates/", views.mine, name="mine"),
    path("certificates/profile/", views.profile_toggle, name="profile_toggle"),
    path("certificates/register/", register_views.register_listing, name="register_listing"),
    path("certificates/<str:number>/certificate.pdf", views.pdf, name="pdf"),
    path("certificates/<str:number>/credential.json", views.credential, name="credential"),
    re_path(
        r"^certificates/(?P<number>[^/]+)/badge\.(?P<fmt>png|svg)$",
        badge_views.baked_badge,
        name="baked_badge",
    ),
    # Staff.
    path("staff/certificates/", views.staff_list, name="staff_list"),
    path("staff/certificates/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/certificates/<int:pk>/action/", views.staff_action, name="staff_action"),
]
