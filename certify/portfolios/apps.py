from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "certify.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios and reviews"

    def ready(self) -> None:
        from certify.portfolios import (  # noqa: F401  (appeals, scheduled jobs, task list, account page)
            handlers,
            reviewer_home,
            task_list,
        )
