from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "certify.payments"
    label = "payments"
    verbose_name = "Fees and payments"

    def ready(self) -> None:
        from certify.payments import (  # noqa: F401  (its events, task list row, scheduled job)
            events,
            jobs,
            staff_work,
            task_list,
        )
