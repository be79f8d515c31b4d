from django.apps import AppConfig


class ScholarshipsConfig(AppConfig):
    name = "certify.scholarships"
    label = "scholarships"
    verbose_name = "Scholarships"

    def ready(self) -> None:
        from certify.scholarships import (  # noqa: F401  (jobs, membership confirmers, invitations)
            colleagues,
            handlers,
        )
