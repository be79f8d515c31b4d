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

        from allauth.account.signals import password_reset

        from certify.accounts import (  # noqa: F401  (its events; invitations expire daily)
            events,
            jobs,
        )
        from certify.accounts.passwords import on_password_reset

        # A reset by e-mail link stops the person's API tokens (ADR 0023).
        password_reset.connect(on_password_reset, dispatch_uid="accounts.tokens_after_reset")
