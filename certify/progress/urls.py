from django.urls import path

from certify.progress import views

app_name = "progress"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/electives/", views.electives, name="electives"),
    path("plan/sets/<int:pk>/route/", views.route, name="route"),
    path("staff/applications/<int:pk>/plan/", views.staff_plan, name="staff_plan"),
]
