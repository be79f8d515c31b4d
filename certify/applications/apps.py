from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "certify.applications"
    label = "applications"
    verbose_name = "Applications and eligibility"

    def ready(self) -> None:
        from certify.applications import handlers  # noqa: F401  (appeal hooks)
