from django.contrib import admin

from certify.core import events
from certify.core.models import AuditEvent, Event, EventDelivery


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "target_repr", "reason"]
    list_filter = ["verb"]
    search_fields = ["verb", "target_repr", "reason", "actor__email"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventDeliveryInline(admin.TabularInline):
    model = EventDelivery
    fields = readonly_fields = (
        "handler",
        "status",
        "attempts",
        "next_attempt_at",
        "done_at",
        "last_error",
    )
    extra = 0
    can_delete = False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """What happened, and whether each subscriber has handled it (see certify.core.events)."""

    list_display = ["created_at", "name", "payload"]
    list_filter = ["name"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "payload", "created_at"]
    inlines = [EventDeliveryInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EventDelivery)
class EventDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "handler", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "handler"]
    list_select_related = ["event"]
    readonly_fields = [
        "event",
        "handler",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "done_at",
    ]
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Try the selected deliveries again")
    def try_again(self, request, queryset):
        retried = 0
        for delivery in queryset.exclude(status=EventDelivery.Status.DONE):
            events.delivery_retry(delivery=delivery, actor=request.user)
            retried += 1
        self.message_user(request, f"{retried} delivery(ies) will be tried again.")
