from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "certify.memberships"
    label = "memberships"
    verbose_name = "Memberships"
