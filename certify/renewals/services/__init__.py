"""Writes for renewals: the continuing-education log, renewal applications and their decisions,
reinstatement of lapsed certificates, and the reminders.

- `ce_log`: the holder's continuing-education activities.
- `applications`: renewal applications, their fee, audit and decisions.
- `reinstatement`: reinstatement of a lapsed certificate.
- `reminders`: the daily reminders and lapse notices.
"""

from certify.renewals.services.applications import (
    audit_roll,
    renewal_certificate_stopped,
    renewal_decide,
    renewal_resubmit,
    renewal_submit,
    renewal_sync,
)
from certify.renewals.services.ce_log import (
    MAX_AMOUNT,
    ce_activities_removed_purge,
    ce_activity_create,
    ce_activity_delete,
    ce_activity_restore,
    ce_activity_update,
)
from certify.renewals.services.reinstatement import certificate_reinstate_lapsed
from certify.renewals.services.reminders import reminders_send

__all__ = [
    "MAX_AMOUNT",
    "audit_roll",
    "ce_activities_removed_purge",
    "ce_activity_create",
    "ce_activity_delete",
    "ce_activity_restore",
    "ce_activity_update",
    "certificate_reinstate_lapsed",
    "reminders_send",
    "renewal_certificate_stopped",
    "renewal_decide",
    "renewal_resubmit",
    "renewal_submit",
    "renewal_sync",
]
