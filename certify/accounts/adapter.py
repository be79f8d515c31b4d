from allauth.account.adapter import DefaultAccountAdapter

from certify.accounts.models import Role
from certify.accounts.services import role_grant


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is a candidate; other roles are granted by staff."""

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.CANDIDATE, actor=user, reason="Signed up")
        return user
