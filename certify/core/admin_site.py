"""The program settings (Django admin): opened to program staff by role, every change audited.

Every model admin registered on this site, ours and third parties' alike, is given
`AuditedAdminMixin` at registration, so an addition, a change or a deletion made in the admin
writes a row to the audit trail (`audit_record`), next to Django's own admin log (ADR 0023). An
admin action that changes rows itself must do so through a service that writes its own audit row.
"""

import json
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from certify.core.services import audit_record


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted here: for models that change only through their
    services (which check and audit what the admin would skip)."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def _plain(message: Any) -> Any:
    """The admin's change message (field labels, never values) as plain JSON."""
    return json.loads(json.dumps(message, default=str))


class AuditedAdminMixin:
    """Writes an `admin.added`, `admin.changed` or `admin.deleted` audit row for each object.

    The row names the model and the fields that changed (from the admin's change message), never
    their values: a password field shows as changed, never its hash. A model admin that names a
    change more precisely subclasses the mixin itself and overrides `change_verb` (e.g. a
    password set, in accounts/admin.py).
    """

    def _audit(self, request: HttpRequest, obj: Model, verb: str, message: Any = None) -> None:
        data: dict[str, Any] = {"model": obj._meta.label_lower}
        if message:
            data["changes"] = _plain(message)
        audit_record(actor=request.user, verb=verb, target=obj, data=data)

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, "admin.added", message)
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, self.change_verb(request, obj, message), message)
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:  # called before the rows are deleted
            self._audit(request, obj, "admin.deleted")
        return super().log_deletions(request, queryset)  # type: ignore[misc]

    def change_verb(self, request: HttpRequest, obj: Model, message: Any) -> str:
        return "admin.changed"


class CertifyAdminSite(admin.AdminSite):
    site_header = "Certify administration"
    site_title = "Certify"
    index_title = "Program configuration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_perm("core.use_admin"))

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Signed out: the site's own sign-in (two-factor, the failed sign-in limits), never
        Django's password-only admin form, whose POST would sign staff in with a password alone.
        Signed in: into the admin when the person may use it, refused otherwise."""
        if not request.user.is_authenticated:
            next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
            return redirect_to_login(next_url, settings.LOGIN_URL)
        if not self.has_permission(request):
            raise PermissionDenied
        return super().login(request, extra_context)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Register as usual, with the admin class made to write audit rows."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
