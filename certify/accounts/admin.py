"""People in the program settings (admin): not a back door around the rules (ADR 0023).

Program staff who are not superusers may correct a person's name and close or reopen an account;
they cannot set anyone's password (a reset goes by e-mail, from the "send a password reset
e-mail" action), nor change an e-mail address (a reset link would follow it), roles, or the
staff and superuser flags. Unchecking "Active" deactivates the account through
`services.account_deactivate` (its reviews end or go back, ADR 0007); checking it again opens the
account through `reactivation.account_reactivate`, and the page says what stays ended (nothing
ended is reopened) and what staff can do (ADR 0006, 0007). An account its owner closed says
how the person gets back in: a superuser types their name and an address they read, which is
sent a link to confirm it; once confirmed, staff send a password reset e-mail, which is refused
to the placeholder and to an unconfirmed new address (ADR 0016). A superuser's record is
changed only by a superuser. Every change is audited (certify/core/admin_site.py); a password
set by a superuser is `admin.password_set`.
"""

from typing import cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from certify.accounts import address_admin  # noqa: F401 - the e-mail addresses' admin
from certify.accounts.models import RoleAssignment, User
from certify.accounts.names import PERSON_NAME_LOOKS_CLOSED, name_looks_closed
from certify.accounts.passwords import password_change_by, password_reset_send
from certify.accounts.person_locks import person_rows_lock
from certify.accounts.privacy import CLOSED_NAME, closure_erased, placeholder_address
from certify.accounts.reactivation import (
    HOW_BACK_IN,
    NEEDS_ADDRESS,
    NEEDS_NAME,
    account_reactivate,
    closed_address_replace,
    reactivation_words,
    reset_refusal,
)
from certify.accounts.services import account_deactivate
from certify.core.admin_site import AuditedAdminMixin


class OwnNameFormMixin:
    """A name typed here (a new one, or changed) may not read as a closed account's."""

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        for field in ("full_name", "preferred_name"):
            typed = data.get(field) or ""
            if field in self.changed_data and name_looks_closed(typed):  # type: ignore[attr-defined]
                self.add_error(field, PERSON_NAME_LOOKS_CLOSED)  # type: ignore[attr-defined]
        return data


class ClosedAccountFormMixin:
    """The change form of an account its owner closed: a new address needs the person's name
    too, and neither may stay the closure's placeholder."""

    initial_closed = True

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        if "email" not in self.changed_data:  # type: ignore[attr-defined]
            return data
        email = data.get("email") or ""
        if email and placeholder_address(email):
            self.add_error("email", NEEDS_ADDRESS)  # type: ignore[attr-defined]
        if (data.get("full_name") or "").strip() in ("", CLOSED_NAME):
            self.add_error("full_name", NEEDS_NAME)  # type: ignore[attr-defined]
        return data


def _superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class RoleAssignmentInline(admin.TabularInline):
    """Roles are granted on the people page, where the rules apply; here only a superuser (who
    sets up the first program staff) may change them, and the change is audited."""

    model = RoleAssignment
    fk_name = "user"
    extra = 0
    readonly_fields = ["granted_at", "granted_by"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.view_user")

    def has_add_permission(self, request, obj=None):
        return _superuser(request)

    def has_change_permission(self, request, obj=None):
        return _superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("full_name", "preferred_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ()
    list_filter = ["is_active", "role_assignments__role"]
    actions = ["send_password_reset"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        form = type("UserForm", (OwnNameFormMixin, base), {})
        if obj is None or not closure_erased(obj):
            return form
        return type("ClosedAccountForm", (ClosedAccountFormMixin, form), {})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and closure_erased(obj):
            # How the person gets back in (ADR 0016): above the e-mail field that starts it.
            (name, options), *rest = fieldsets
            fieldsets = ((name, {**options, "description": HOW_BACK_IN}), *rest)
        if obj is None or _superuser(request):
            return fieldsets
        # No password field (and so no link to the form that sets one) for anyone else.
        return tuple(
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
            for name, options in fieldsets
        )

    def get_readonly_fields(self, request, obj=None):
        if _superuser(request):
            return ["last_login", "date_joined"]
        return ["email", "last_login", "date_joined", "is_staff", "is_superuser"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not _superuser(request):
            return False  # a superuser is changed only by a superuser
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not _superuser(request):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Setting a password here is for superusers; everyone else sends a reset e-mail."""
        if not _superuser(request):
            raise PermissionDenied
        with transaction.atomic(), password_change_by(actor=request.user, how="admin"):
            return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change) -> None:
        if change and "full_name" in form.changed_data:
            # The name is in the candidate's reviewers' queues: their data versions are written
            # with it, after the rows the portfolios app locks first (ADR 0007's order).
            person_rows_lock(obj.pk)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # The one deactivation (ADR 0007): what the person's reviews need follows from it.
            account_deactivate(user=obj, actor=request.user)
        if change and "is_active" in form.changed_data and obj.is_active:
            self._reactivate(request, obj)
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data and getattr(form, "initial_closed", False):
            closed_address_replace(request=request, user=obj)
            self.message_user(
                request,
                f"A link to confirm {obj.email} was sent there. Once the person has confirmed "
                "it, send them a password reset e-mail.",
                messages.SUCCESS,
            )

    def _reactivate(self, request: HttpRequest, obj: User) -> None:
        """The one reopening: audited, and staff told what stays ended (ADR 0006, 0007)."""
        if account_reactivate(user=obj, actor=request.user):
            for words in reactivation_words(obj):
                self.message_user(request, words, messages.WARNING)

    def change_verb(self, request, obj, message) -> str:
        match = request.resolver_match
        if match and match.url_name == "auth_user_password_change":
            return "admin.password_set"
        return "admin.changed"

    @admin.action(description="Send a password reset e-mail", permissions=["change"])
    def send_password_reset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        sent, refused = 0, []
        for person in queryset.filter(is_active=True):
            if why := reset_refusal(person):
                refused.append(f"{person.pk} ({why})")
                continue
            password_reset_send(request=request, user=person, actor=cast(User, request.user))
            sent += 1
        skipped = queryset.count() - sent - len(refused)
        self.message_user(
            request,
            f"A password reset e-mail was sent to {sent} person(s)."
            + (f" {skipped} closed account(s) skipped." if skipped else ""),
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                "Not sent to account " + ", ".join(refused) + ".",
                messages.WARNING,
            )
