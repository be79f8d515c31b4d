from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certify.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from certify.accounts.conflicts import declared_conflict
        from certify.core import duties

        # Every decision asks for declared conflicts through core (which imports no app).
        duties.conflict_lookup(declared_conflict)

        from django.db.models.signals import post_save

        from certify.accounts import (  # noqa: F401  (its events; invitations expire daily)
            events,
            jobs,
        )
        from certify.accounts.invitations import invitations_stop_on_password_change
        from certify.accounts.models import User
        from certify.accounts.passwords import on_user_saved, password_changed_signal

        # Every new password, however set, stops the person's API tokens (ADR 0023).
        post_save.connect(on_user_saved, sender=User, dispatch_uid="accounts.password_changed")
        # ... and the colleague invitations they sent that are still waiting.
        password_changed_signal.connect(
            invitations_stop_on_password_change, dispatch_uid="accounts.invitations_stop"
        )
