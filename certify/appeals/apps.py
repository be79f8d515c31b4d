from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "certify.appeals"
    label = "appeals"
    verbose_name = "Appeals"

    def ready(self) -> None:
        # The staff home's cards; the end of a closed account's appeals (its person lock,
        # registered before portfolios' since appeals is installed first, and its subscriber).
        from certify.appeals import ended, staff_work  # noqa: F401
