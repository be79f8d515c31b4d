from django.urls import path

from certify.memberships import views

app_name = "memberships"
urlpatterns = [
    path("", views.membership_list, name="list"),
    path("add/", views.membership_add, name="add"),
    path("<int:pk>/edit/", views.membership_edit, name="edit"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
