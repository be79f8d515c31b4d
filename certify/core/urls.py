from django.urls import path

from certify.core import views

app_name = "core"
urlpatterns = [
    path("staff/audit/", views.audit, name="audit"),
]
