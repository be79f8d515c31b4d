from django.contrib.admin.apps import AdminConfig


class CertifyAdminConfig(AdminConfig):
    """The admin, opened to program staff by role rather than by `is_staff`."""

    default_site = "certify.core.admin_site.CertifyAdminSite"
