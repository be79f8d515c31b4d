from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "certify.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certify.accounts.api import password_changed_signal
        from certify.webhooks import handlers, jobs  # noqa: F401  (subscribers and the job)
        from certify.webhooks.services import endpoints_stop_on_password_change

        # A new password, however set, stops the endpoints the person set up (ADR 0023).
        password_changed_signal.connect(
            endpoints_stop_on_password_change, dispatch_uid="webhooks.after_password"
        )
