from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certify.certificates"
    label = "certificates"
    verbose_name = "Certificates and credentials"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from certify.certificates import (  # noqa: F401  (issuance on a completed plan; home part)
            expiry,
            handlers,
            register_views,
            staff_work,
            task_list,
        )
        from certify.certificates.models import Certificate
        from certify.certificates.verification import certificate_saved

        post_save.connect(certificate_saved, sender=Certificate, dispatch_uid="verification-cache")
