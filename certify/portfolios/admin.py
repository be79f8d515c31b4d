from django.contrib import admin

from certify.portfolios.models import ReviewerProfile


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "employer", "capacity", "active"]
    list_filter = ["active", "expertise"]
    search_fields = ["user__full_name", "user__email", "employer"]
    filter_horizontal = ["expertise"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
