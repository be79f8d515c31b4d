from django.urls import path

from certify.applications import (
    check_views,
    membership_views,
    queue_views,
    rules_move_views,
    views,
)

app_name = "applications"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/<slug:slug>/", views.apply, name="apply_program"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/education/", views.education_save, name="education"),
    path("applications/<int:pk>/experience/", views.experience_save, name="experience_add"),
    path(
        "applications/<int:pk>/experience/<int:entry_id>/",
        views.experience_save,
        name="experience_edit",
    ),
    path(
        "applications/<int:pk>/experience/<int:entry_id>/delete/",
        views.experience_delete,
        name="experience_delete",
    ),
    path(
        "applications/<int:pk>/experience/<int:entry_id>/delete/confirm/",
        check_views.experience_delete_confirm,
        name="experience_delete_confirm",
    ),
    path(
        "applications/<int:pk>/experience/<int:entry_id>/restore/",
        check_views.experience_restore,
        name="experience_restore",
    ),
    path(
        "applications/<int:pk>/experience/<int:entry_id>/supervisor/",
        views.supervisor_request,
        name="supervisor_request",
    ),
    path(
        "applications/<int:pk>/memberships/<str:code>/",
        membership_views.membership_save,
        name="membership_save",
    ),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/check/", check_views.check, name="check"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/withdraw/confirm/",
        check_views.withdraw_confirm,
        name="withdraw_confirm",
    ),
    path("applications/<int:pk>/appeal/", views.appeal_notice, name="appeal_notice"),
    path(
        "applications/<int:pk>/appeal/confirm/",
        check_views.appeal_notice_confirm,
        name="appeal_notice_confirm",
    ),
    path("supervisor/<str:token>/", views.supervisor, name="supervisor"),
    path("staff/applications/", queue_views.queue, name="queue"),
    path("staff/applications/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("staff/applications/<int:pk>/extend/", views.extend, name="extend"),
    path(
        "staff/applications/<int:pk>/rules/",
        rules_move_views.rules_move,
        name="rules_move",
    ),
]
