from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "certify.notifications"
    label = "notifications"
    verbose_name = "Notifications, e-mail and scheduled jobs"

    def ready(self) -> None:
        from certify.notifications import (  # noqa: F401  (the daily jobs, the staff home)
            jobs,
            staff_work,
        )
