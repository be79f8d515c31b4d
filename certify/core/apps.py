from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "certify.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from certify.core import checks  # noqa: F401 (registers the system checks)
        from certify.core.workflow import workflow_events_declare

        workflow_events_declare()
