"""E-mail addresses in the program settings (admin): shown and removable, never confirmed there.

An address counts as a person's only once its owner followed the link sent to it (ADR 0025's
amendment, `accounts/addresses.py`). allauth's own admin let whoever may change addresses tick
"verified", run "Mark selected email addresses as verified", or change the address (or the
account) of a row already confirmed, each of which made a typed address count as proven. Here
an address can be added (unconfirmed and not primary: its owner gets nothing by it until they
confirm it from their e-mail addresses page) or deleted; a row's address, account, confirmation
and primary mark are read-only, and the action is gone. (Ticking "primary" beside the account's
primary address failed with a server error: the person chooses it on their own page.)
"""

from typing import Any

from allauth.account import admin as allauth_admin  # registers allauth's admin first
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.http import HttpRequest

from certify.core.admin_site import AuditedAdminMixin

admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AuditedAdminMixin, allauth_admin.EmailAddressAdmin):
    actions: list[Any] = []  # no "Mark selected email addresses as verified"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["verified", "primary"]  # added unconfirmed; its owner confirms it by the link
        return ["user", "email", "verified", "primary"]
