from allauth.account.adapter import DefaultAccountAdapter

from certify.accounts.models import Role
from certify.accounts.services import role_grant
from certify.notifications.api import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is a candidate; other roles are granted by staff."""

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.CANDIDATE, actor=user, reason="Signed up")
        return user

    def send_mail(self, template_prefix, email, context):
        """Account e-mails (verification, password reset) go through the outbox too."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        for to in message.to:
            email_queue(to=to, subject=message.subject, text=message.body, html=html)
