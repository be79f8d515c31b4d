from django.contrib import admin

from certify.core.admin_site import ReadOnlyAdmin
from certify.programs.models import Competency, CompetencySet, FaqEntry, Program


class CompetencySetInline(admin.TabularInline):
    model = CompetencySet
    fields = ["order", "code", "name", "kind"]
    extra = 0
    show_change_link = True


class FaqEntryInline(admin.StackedInline):
    model = FaqEntry
    fields = ["order", "question", "answer", "is_published"]
    extra = 0


# Shown, never changed here: program settings and FAQ are changed on the program settings pages
# (/staff/programs/), whose service checks them together and audits every change (ADR 0055); an
# edit here would skip both.


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "certifying_body", "is_published", "updated_at"]
    prepopulated_fields = {"slug": ["short_name"]}
    readonly_fields = ["case_identifier", "updated_at"]
    inlines = [CompetencySetInline, FaqEntryInline]
    fieldsets = (
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "slug",
                    "certifying_body",
                    "tagline",
                    "contact_email",
                    "time_zone",
                    "is_published",
                    "case_identifier",
                    "updated_at",
                ]
            },
        ),
        (
            "Public pages",
            {
                "fields": [
                    "overview",
                    "ways_to_show_competence",
                    "who_can_apply",
                    "costs",
                    "help_with_costs",
                ]
            },
        ),
        (
            "Structure and eligibility",
            {
                "fields": [
                    "electives_required",
                    "experience_hours_required",
                    "experience_window_years",
                    "education_required",
                    "education_accreditor",
                    "non_us_education_case_by_case",
                    "completion_limit_years",
                ]
            },
        ),
        (
            "Fees (in cents)",
            {
                "fields": [
                    "currency",
                    "enrollment_fee_cents",
                    "member_fee_cents",
                    "member_organisation",
                    "renewal_fee_cents",
                    "course_approval_fee_cents",
                    "payment_timing",
                ]
            },
        ),
        (
            "How fees are paid (what invoices offer)",
            {
                "fields": [
                    "accepts_card",
                    "accepts_check",
                    "check_payable_to",
                    "check_address",
                    "accepts_purchase_order",
                ]
            },
        ),
        (
            "Courses and recognized programs",
            {
                "fields": [
                    "course_approval_years",
                    "course_completion_lookback_years",
                    "recognised_programme_years",
                ]
            },
        ),
        ("Portfolio assessment", {"fields": ["portfolio_met_percent", "portfolio_resubmissions"]}),
        (
            "Certificate and renewal",
            {
                "fields": [
                    "certificate_validity_years",
                    "certificate_approval_required",
                    "renewal_window_months",
                    "renewal_grace_months",
                    "renewal_ce_hours",
                    "renewal_technology_hours",
                    "semester_credit_hours",
                    "quarter_credit_hours",
                    "conference_day_hours",
                    "renewal_technology_set_code",
                    "renewal_audit_percent",
                    "renewal_reminder_months",
                ]
            },
        ),
        ("Appeals", {"fields": ["appeal_notice_days", "appeal_grounds_days"]}),
        (
            "Service targets (shown to candidates beside the typical turnaround)",
            {
                "fields": [
                    "target_application_days",
                    "target_portfolio_review_days",
                    "target_renewal_days",
                ]
            },
        ),
    )


class CompetencyInline(admin.StackedInline):
    model = Competency
    fields = ["order", "code", "statement", "portfolio_suggestion"]
    extra = 0


@admin.register(CompetencySet)
class CompetencySetAdmin(ReadOnlyAdmin):
    """Read only: sets change in a draft framework version, on the framework screens
    (/staff/programs/<slug>/framework/, ADR 0056), never in a published one."""

    list_display = ["name", "code", "program", "framework_version", "kind", "order"]
    list_filter = ["program", "kind"]
    list_select_related = ["program", "framework_version"]
    inlines = [CompetencyInline]


@admin.register(FaqEntry)
class FaqEntryAdmin(ReadOnlyAdmin):
    list_display = ["question", "program", "order", "is_published"]
    list_filter = ["program", "is_published"]
    list_select_related = ["program"]
