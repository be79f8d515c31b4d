from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "certify.payments"
    label = "payments"
    verbose_name = "Fees and payments"
