from django.contrib import admin
from django.http import HttpRequest


class CertifyAdminSite(admin.AdminSite):
    site_header = "Certify administration"
    site_title = "Certify"
    index_title = "Program configuration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_perm("core.use_admin"))
