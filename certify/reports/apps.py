from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "certify.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from certify.reports import jobs  # noqa: F401  (the figures, computed by run_jobs)
