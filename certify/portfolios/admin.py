from django.contrib import admin

from certify.portfolios.models import ConflictOfInterest, ReviewerProfile


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "employer", "capacity", "active"]
    list_filter = ["active", "expertise"]
    search_fields = ["user__full_name", "user__email", "employer"]
    filter_horizontal = ["expertise"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "candidate", "reason"]
    autocomplete_fields = ["reviewer", "candidate"]
    list_select_related = ["reviewer", "candidate"]
