from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "certify.appeals"
    label = "appeals"
    verbose_name = "Appeals"

    def ready(self) -> None:
        from certify.appeals import staff_work  # noqa: F401  (the staff home's cards)
