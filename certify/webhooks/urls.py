from django.urls import path

from certify.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("new/", views.endpoint_new, name="new"),
    path("<int:pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/rotate/", views.endpoint_rotate, name="rotate"),
    path("<int:pk>/secret/", views.endpoint_secret, name="secret"),
    path("<int:pk>/disable/", views.endpoint_disable, name="disable"),
    path("<int:pk>/enable/", views.endpoint_enable, name="enable"),
    path("<int:pk>/deliveries/<int:did>/resend/", views.delivery_resend, name="resend"),
    path("shared-with-you/", views.shared_with_you, name="shared_with_you"),
    path("shares/", views.shares, name="shares"),
    path("shares/<int:pk>/withdraw/", views.share_withdraw, name="share_withdraw"),
]
