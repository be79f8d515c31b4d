from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "certify.renewals"
    label = "renewals"
    verbose_name = "Renewal and continuing education"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from certify.renewals import (  # noqa: F401  (reminders, lapses, paid renewals; task list)
            handlers,
            staff_work,
            task_list,
        )
        from certify.renewals.models import Reinstatement

        # A reinstatement changes what the certificate's verification page says (ADR 0014).
        for signal in (post_save, post_delete):
            signal.connect(
                handlers.reinstatement_changed,
                sender=Reinstatement,
                dispatch_uid=f"verification-cache-{signal is post_save}",
            )
