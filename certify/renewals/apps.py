from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "certify.renewals"
    label = "renewals"
    verbose_name = "Renewal and continuing education"

    def ready(self) -> None:
        from certify.renewals import (  # noqa: F401  (reminders, lapses, paid renewals; task list)
            handlers,
            staff_work,
            task_list,
        )
