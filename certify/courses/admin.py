from django.contrib import admin

from certify.courses.models import Course, Provider, RecognisedProgramme


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    """Details only: approval and staff go through the provider pages (audited services)."""

    list_display = ["name", "kind", "status", "contact_email", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "contact_email"]
    fields = ["name", "kind", "website", "contact_email", "description", "status"]
    readonly_fields = ["status"]

    def has_add_permission(self, request):
        return False


@admin.register(RecognisedProgramme)
class RecognisedProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "college", "starts_on", "ends_on", "active"]
    list_filter = ["active", "program"]
    search_fields = ["name", "college", "reference"]
    filter_horizontal = ["competency_sets"]
    fields = [
        "program",
        "college",
        "name",
        "reference",
        "starts_on",
        "ends_on",
        "competency_sets",
        "notes",
        "active",
    ]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Read-only: courses change through their workflow (provider pages, staff decisions)."""

    list_display = ["title", "provider", "competency_set", "status", "approval_expires_on"]
    list_filter = ["status", "format", "competency_set"]
    search_fields = ["title", "provider__name"]
    list_select_related = ["provider", "competency_set"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
