from django.urls import path

from certify.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
    path("outbox/test/", views.outbox_test, name="outbox_test"),
    path("outbox/reports/", views.relay_reports, name="relay_reports"),
    path("stop/<str:token>/", views.relay_stop, name="relay_stop"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
