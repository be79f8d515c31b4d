from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certify.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
