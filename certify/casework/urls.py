from django.urls import path

from certify.casework import views

app_name = "casework"
urlpatterns = [
    path("staff/cases/<slug:kind>/<int:pk>/notes/", views.note_add, name="note_add"),
    path("staff/cases/<slug:kind>/<int:pk>/assign/", views.assign, name="assign"),
    path("staff/filters/", views.filter_save, name="filter_save"),
    path(
        "staff/filters/<int:pk>/delete/confirm/",
        views.filter_delete_confirm,
        name="filter_delete_confirm",
    ),
    path("staff/filters/<int:pk>/delete/", views.filter_delete, name="filter_delete"),
]
