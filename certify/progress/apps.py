from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "certify.progress"
    label = "progress"
    verbose_name = "Plans and progress"
