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

        from certify.accounts import jobs  # noqa: F401  (colleague invitations expire daily)
