from django.contrib import admin

from certify.certificates.models import Certificate, IssuerKey, StatusList
from certify.core.admin_site import ReadOnlyAdmin

# Certificates change only through the services (audited); the admin shows them.


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "program", "status", "issued_on", "expires_on"]
    list_filter = ["status", "program"]
    search_fields = ["number", "holder_name", "holder__email"]
    list_select_related = ["program"]
    exclude = ["credential"]


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnlyAdmin):
    list_display = ["fragment", "status", "created_at", "retired_at"]
    exclude = ["private_key_encrypted"]


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ["slug", "purpose", "series", "length", "updated_at"]
    exclude = ["bits", "signed"]
