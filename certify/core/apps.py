from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "certify.core"
    label = "core"
    verbose_name = "Core"
