from django.urls import path

from certify.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_delete, name="token_revoke"),
    path("people/", views.people, name="people"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/roles/", views.person_role_change, name="person_role_change"),
]
