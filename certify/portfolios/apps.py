from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "certify.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios and reviews"

    def ready(self) -> None:
        from certify.portfolios import (  # noqa: F401  (appeals, jobs, task list, account page, staff home)
            handlers,
            reopened,
            reviewer_home,
            staff_work,
            task_list,
        )
