"""Staff set up sponsors and their first administrators here; money changes only through the
services (the sponsor's pages and the API), so funds, applications and awards are read-only."""

from django.contrib import admin

from certify.accounts.api import role_grant
from certify.accounts.models import Role
from certify.core.admin_site import ReadOnlyAdmin
from certify.scholarships.models import (
    Award,
    Draw,
    Fund,
    ScholarshipApplication,
    Sponsor,
    SponsorMember,
)


class SponsorMemberInline(admin.TabularInline):
    model = SponsorMember
    fk_name = "sponsor"
    extra = 1
    autocomplete_fields = ["user"]
    exclude = ["added_by"]


@admin.register(Sponsor)
class SponsorAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SponsorMemberInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        """People added here get the scholarship sponsor role, as on the sponsor's own page."""
        super().save_formset(request, form, formset, change)
        for member in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
            role_grant(
                user=member.user,
                role=Role.SPONSOR,
                actor=request.user,
                reason=f"Runs {member.sponsor.name}'s funds",
            )


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "sponsor",
        "budget_cents",
        "committed_cents",
        "paid_cents",
        "awards_made",
    ]
    list_filter = ["sponsor", "is_active"]
    list_select_related = ["sponsor"]


@admin.register(ScholarshipApplication)
class ScholarshipApplicationAdmin(ReadOnlyAdmin):
    list_display = ["applicant", "fund", "purpose", "status", "submitted_at"]
    list_filter = ["status", "fund"]
    search_fields = ["applicant__email", "applicant__full_name"]
    list_select_related = ["applicant", "fund"]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["id", "recipient", "fund", "amount_cents", "status", "awarded_on", "use_by"]
    list_filter = ["status", "fund"]
    list_select_related = ["recipient", "fund"]


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ["fund", "number", "seed", "places", "drawn_at"]
    list_select_related = ["fund"]
