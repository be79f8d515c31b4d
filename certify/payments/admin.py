"""Read-only views for staff: money changes only through the services (pages and API)."""

from django.contrib import admin

from certify.payments.models import Invoice, Payment, Refund, StripeEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["code", "bill_to_name", "kind", "status", "total_cents", "issued_on"]
    list_filter = ["status", "kind", "program"]
    search_fields = ["code", "bill_to_name", "bill_to_email"]
    list_select_related = ["program"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["id", "invoice", "method", "amount_cents", "reference", "received_on"]
    list_filter = ["method"]
    search_fields = ["reference", "invoice__code"]
    list_select_related = ["invoice"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["id", "invoice", "amount_cents", "reason", "refunded_on"]
    list_select_related = ["invoice"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "result", "received_at"]
    list_filter = ["type"]
    search_fields = ["event_id"]
