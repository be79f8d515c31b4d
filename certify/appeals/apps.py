from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "certify.appeals"
    label = "appeals"
    verbose_name = "Appeals"
