"""Accounts' scheduled jobs (run by `manage.py run_jobs`)."""

from datetime import date

from certify.accounts.invitations import colleague_invitations_expire
from certify.notifications.api import daily_job


@daily_job("accounts.invitations_expire")
def expire_invitations(today: date) -> str:
    """Colleague invitations past their day become expired. Safe to run twice."""
    return f"{colleague_invitations_expire()} colleague invitation(s) expired"
