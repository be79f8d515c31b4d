from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "certify.payments"
    label = "payments"
    verbose_name = "Fees and payments"

    def ready(self) -> None:
        from certify.payments import (  # noqa: F401  (events, subscribers, task list, jobs...)
            events,
            handlers,
            jobs,
            member_price_outcomes,
            staff_work,
            task_list,
        )
