from django.urls import path

from certify.core import health, views

app_name = "core"
urlpatterns = [
    path("staff/audit/", views.audit, name="audit"),
    path("health/", health.live, name="health"),
    path("health/ready/", health.ready, name="health_ready"),
]
