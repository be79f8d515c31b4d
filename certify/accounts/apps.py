from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certify.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from certify.accounts import jobs  # noqa: F401  (colleague invitations expire daily)
