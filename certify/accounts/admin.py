from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from certify.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("full_name", "preferred_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ()
    list_filter = ["is_active", "role_assignments__role"]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may hand out superuser or admin flags.
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        return ["last_login", "date_joined", "is_staff", "is_superuser"]
