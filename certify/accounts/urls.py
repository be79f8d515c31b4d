from django.urls import path

from certify.accounts import conflict_views, drafts, invitation_views, privacy_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_delete, name="token_revoke"),
    path("people/", views.people, name="people"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/roles/", views.person_role_change, name="person_role_change"),
    path("conflicts/", conflict_views.conflicts_mine, name="conflicts"),
    path(
        "conflicts/<int:pk>/withdraw/", conflict_views.conflict_withdraw, name="conflict_withdraw"
    ),
    path("people/conflicts/", conflict_views.conflicts_all, name="conflicts_all"),
    path("invitations/", invitation_views.invitation_list, name="invitations"),
    path(
        "invitations/<int:pk>/answer/", invitation_views.invitation_answer, name="invitation_answer"
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        invitation_views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitations/link/<str:token>/", invitation_views.invitation_link, name="invitation_link"),
    path("session/", drafts.session_probe, name="session_probe"),
    path("signed-in/", drafts.signed_in_again, name="signed_in_again"),
    path("privacy/", privacy_views.privacy, name="privacy"),
    path("privacy/export/", privacy_views.privacy_export, name="privacy_export"),
    path("privacy/close/", privacy_views.privacy_close, name="privacy_close"),
]
