from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "certify.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from certify.webhooks import handlers, jobs  # noqa: F401  (subscribers and the job)
        from certify.webhooks.services import endpoints_stop_on_reset

        # A reset by e-mail link stops the endpoints the person set up (ADR 0023).
        password_reset.connect(endpoints_stop_on_reset, dispatch_uid="webhooks.after_reset")
