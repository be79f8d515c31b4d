from django.contrib import admin

from certify.certificates.models import Certificate, IssuerKey, StatusList


class ReadOnly(admin.ModelAdmin):
    """Certificates change only through the services (audited); the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ["number", "holder_name", "program", "status", "issued_on", "expires_on"]
    list_filter = ["status", "program"]
    search_fields = ["number", "holder_name", "holder__email"]
    list_select_related = ["program"]
    exclude = ["credential"]


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnly):
    list_display = ["fragment", "status", "created_at", "retired_at"]
    exclude = ["private_key_encrypted"]


@admin.register(StatusList)
class StatusListAdmin(ReadOnly):
    list_display = ["slug", "purpose", "series", "length", "updated_at"]
    exclude = ["bits", "signed"]
