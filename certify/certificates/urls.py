from django.urls import path, re_path

from certify.certificates import (
    action_views,
    badge_views,
    register_views,
    set_views,
    views,
    wallet_views,
)

app_name = "certificates"
urlpatterns = [
    # What verifiers fetch: the issuer's keys (did:web) and the status lists.
    path(".well-known/did.json", views.did_document, name="did_document"),
    path("did.json", views.did_document, name="did_document_path"),
    path("credentials/status/<slug:slug>", views.status_list, name="status_list"),
    # Wallets (OpenID for Verifiable Credential Issuance 1.0, pre-authorized code; ADR 0033).
    path(
        ".well-known/openid-credential-issuer",
        wallet_views.issuer_metadata,
        name="oid4vci_issuer_metadata",
    ),
    # RFC 8414 inserts the issuer's path after the well-known name: "/" for an issuer without
    # one, and some clients (Digital Bazaar's) then ask with the trailing slash.
    re_path(
        r"^\.well-known/oauth-authorization-server/?$",
        wallet_views.authorization_server_metadata,
        name="oauth_server_metadata",
    ),
    path("oid4vci/token", wallet_views.token, name="oid4vci_token"),
    path("oid4vci/nonce", wallet_views.nonce, name="oid4vci_nonce"),
    path("oid4vci/credential", wallet_views.credential, name="oid4vci_credential"),
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
    path(
        "certificates/sets/<uuid:credential_id>/credential.json",
        set_views.set_credential,
        name="set_credential",
    ),
    path("certificates/record/<slug:slug>/clr.json", set_views.learner_record, name="clr"),
    path("certificates/<str:number>/wallet/", wallet_views.wallet_offer, name="wallet_offer"),
    re_path(
        r"^certificates/(?P<number>[^/]+)/badge\.(?P<fmt>png|svg)$",
        badge_views.baked_badge,
        name="baked_badge",
    ),
    # Staff.
    path("staff/certificates/", views.staff_list, name="staff_list"),
    path("staff/certificates/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/certificates/<int:pk>/action/", action_views.staff_action, name="staff_action"),
    path(
        "staff/certificates/<int:pk>/<slug:action>/confirm/",
        action_views.staff_action_confirm,
        name="staff_action_confirm",
    ),
    path(
        "staff/certificates/sets/<int:pk>/",
        set_views.staff_set_credential,
        name="staff_set_credential",
    ),
]
