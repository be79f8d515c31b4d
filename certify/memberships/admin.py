from django.contrib import admin

from certify.memberships.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "confirmed_by", "is_active"]
    list_filter = ["confirmed_by", "is_active"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "member_number", "expires_on", "status"]
    list_filter = ["organisation", "status"]
    search_fields = ["user__email", "user__full_name", "member_number"]
    list_select_related = ["user", "organisation"]
    readonly_fields = [f.name for f in Membership._meta.fields]

    def has_add_permission(self, request):
        return False  # candidates record memberships; staff decide them on the queue page
