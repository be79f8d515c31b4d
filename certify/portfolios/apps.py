from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "certify.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios and reviews"

    def ready(self) -> None:
        from certify.portfolios import (  # noqa: F401  (appeals, jobs, task list, staff home)
            handlers,
            staff_work,
            task_list,
        )
