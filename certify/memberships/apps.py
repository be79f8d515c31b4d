from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "certify.memberships"
    label = "memberships"
    verbose_name = "Memberships"

    def ready(self) -> None:
        from certify.memberships import staff_work  # noqa: F401  (the staff home's cards)
