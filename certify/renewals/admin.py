from django.contrib import admin

from certify.renewals.models import CeActivity, Reinstatement, Renewal


@admin.register(CeActivity)
class CeActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "holder", "completed_on", "format", "amount"]
    search_fields = ["title", "holder__email"]
    readonly_fields = [f.name for f in CeActivity._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Renewal)
class RenewalAdmin(admin.ModelAdmin):
    list_display = ["certificate", "holder", "status", "audited", "submitted_at"]
    list_filter = ["status", "audited"]
    readonly_fields = [f.name for f in Renewal._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reinstatement)
class ReinstatementAdmin(admin.ModelAdmin):
    list_display = ["certificate", "renew_by", "decided_by", "created_at"]
    readonly_fields = [f.name for f in Reinstatement._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False
