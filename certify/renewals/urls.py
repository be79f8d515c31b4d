from django.urls import path

from certify.renewals import removal_views, views

app_name = "renewals"
urlpatterns = [
    # The holder.
    path("renewal/", views.home, name="home"),
    path("renewal/activities/", views.activity_add, name="activity_add"),
    path("renewal/activities/preview/", views.activity_preview, name="activity_preview"),
    path("renewal/activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("renewal/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path(
        "renewal/activities/<int:pk>/delete/confirm/",
        removal_views.activity_delete_confirm,
        name="activity_delete_confirm",
    ),
    path(
        "renewal/activities/<int:pk>/restore/",
        removal_views.activity_restore,
        name="activity_restore",
    ),
    path("renewal/activities/<int:pk>/evidence/", views.activity_evidence, name="evidence"),
    path("renewal/apply/", views.apply, name="apply"),
    path("renewal/<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    # Staff.
    path("staff/renewals/", views.staff_queue, name="staff_queue"),
    path("staff/renewals/lapsed/", views.staff_lapsed, name="staff_lapsed"),
    path("staff/renewals/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/renewals/<int:pk>/decide/", views.staff_decide, name="staff_decide"),
    path("staff/renewals/reinstate/<int:pk>/", views.staff_reinstate, name="staff_reinstate"),
]
