from django.urls import path

from certify.progress import framework_views, views

app_name = "progress"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/electives/", views.electives, name="electives"),
    path("plan/sets/<int:pk>/route/", views.route, name="route"),
    # A candidate in several programs has a plan in each (ADR 0055).
    path("plan/programs/<slug:slug>/", views.plan, name="plan_in"),
    path("plan/programs/<slug:slug>/electives/", views.electives, name="electives_in"),
    path("staff/applications/<int:pk>/plan/", views.staff_plan, name="staff_plan"),
    # Moving candidates to the published framework version (ADR 0056).
    path(
        "staff/applications/<int:pk>/plan/framework-move/",
        framework_views.move_one,
        name="framework_move",
    ),
    path(
        "staff/programs/<slug:slug>/framework/<int:number>/move-candidates/",
        framework_views.move_all,
        name="framework_move_all",
    ),
]
