from django.apps import AppConfig


class ScholarshipsConfig(AppConfig):
    name = "certify.scholarships"
    label = "scholarships"
    verbose_name = "Scholarships"

    def ready(self) -> None:
        from certify.programs.api import cost_help_register
        from certify.scholarships import (  # noqa: F401  (jobs, confirmers, home)
            colleagues,
            handlers,
            sponsor_home,
        )
        from certify.scholarships.cost_help import fund_help

        cost_help_register(fund_help)  # the costs page lists the funds paying a program's fees
