from django.urls import path

from certify.appeals import views

app_name = "appeals"
urlpatterns = [
    path("appeals/<int:pk>/grounds/", views.grounds, name="grounds"),
    path("staff/appeals/", views.appeal_list, name="list"),
    path("staff/appeals/<int:pk>/", views.review, name="review"),
]
