from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certify.certificates"
    label = "certificates"
    verbose_name = "Certificates and credentials"

    def ready(self) -> None:
        from certify.certificates import handlers  # noqa: F401  (issuance on a completed plan)
