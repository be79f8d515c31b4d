from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "certify.reports"
    label = "reports"
    verbose_name = "Reports"
