from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "certify.progress"
    label = "progress"
    verbose_name = "Plans and progress"

    def ready(self) -> None:
        from certify.progress import (  # noqa: F401  (the plan opens on acceptance; task list)
            handlers,
            task_list,
        )
