from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "certify.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certify.webhooks import handlers, jobs  # noqa: F401  (subscribers and the job)
