"""Read-only views for staff: renewals, their continuing education and reinstatements change
only through the services (pages and API), which audit, notify and typeset the certificate's
PDF again. A reinstatement in particular is a staff decision with its reason and audit row;
deleting one here made the certificate lapse again with no audit row of that decision (only the
admin's own) and a PDF still reading "Expired" (ADR 0014), so none is deleted, changed or added
here: undoing one would be a staff decision with a service of its own."""

from django.contrib import admin

from certify.core.admin_site import ReadOnlyAdmin
from certify.renewals.models import CeActivity, Reinstatement, Renewal


@admin.register(CeActivity)
class CeActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "holder", "completed_on", "format", "amount"]
    search_fields = ["title", "holder__email"]


@admin.register(Renewal)
class RenewalAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "holder", "status", "audited", "submitted_at"]
    list_filter = ["status", "audited"]


@admin.register(Reinstatement)
class ReinstatementAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "renew_by", "decided_by", "created_at"]
