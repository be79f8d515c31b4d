from django.contrib import admin

from certify.notifications.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["day", "job", "started_at", "finished_at", "result"]
    list_filter = ["job"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
