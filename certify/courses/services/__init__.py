"""Writes for courses and providers.

- `providers`: registration and approval of organisations, their staff, API keys.
- `courses`: drafts, the competency map, submission (and its fee).
- `decisions`: program staff's evaluation and decision of a submitted course.
- `completions`: completions recorded by candidates or reported by providers; unmatched rows.
- `imports`: completion CSVs, checked and imported in the background.
- `consents`: candidates' consent to providers (named in the plan, or an accepted invitation).
- `programmes`: recognised college programmes and graduates' claims.
"""

from certify.courses.services.approval_stops import (
    course_approval_reinstate,
    course_approval_revoke,
    course_approval_suspend,
    provider_approval_reinstate,
    provider_approval_revoke,
    provider_approval_suspend,
)
from certify.courses.services.completions import (
    DECISION_REQUIRED,
    ReportRow,
    completion_answer,
    completion_apply,
    completion_confirm,
    completion_decide,
    completion_record,
    completion_reject,
    completion_report_one,
    completions_report,
    report_rows_check,
    unmatched_dismiss,
    unmatched_match,
)
from certify.courses.services.consents import consent_decide, consent_invite, course_name_in_plan
from certify.courses.services.courses import (
    CourseIncompleteError,
    course_create,
    course_map_missing,
    course_map_replace,
    course_map_save,
    course_submit,
    course_syllabus_upload,
    course_update,
    course_withdraw,
    fee_voided_on_withdraw,
    submission_problems,
)
from certify.courses.services.decisions import course_approve, course_evaluate, course_return
from certify.courses.services.imports import (
    completion_import_apply,
    completion_import_cancel,
    completion_import_check,
    completion_import_confirm,
    completion_import_start,
    csv_rows_parse,
    unmatched_held,
    unmatched_queue_note,
)
from certify.courses.services.programmes import (
    claim_apply,
    claim_confirm,
    claim_reject,
    claim_submit,
    programme_create,
)
from certify.courses.services.providers import (
    KEY_DAYS_DEFAULT,
    PROVIDER_KIND,
    ApiKeyRefused,
    api_key_authenticate,
    api_key_check,
    api_key_create,
    api_key_mark_used,
    api_key_revoke,
    api_key_rows,
    provider_approve,
    provider_member_add,
    provider_member_invite,
    provider_register,
)
from certify.courses.services.renewal_fees import course_renewal_close

__all__ = [
    "DECISION_REQUIRED",
    "KEY_DAYS_DEFAULT",
    "PROVIDER_KIND",
    "ApiKeyRefused",
    "CourseIncompleteError",
    "ReportRow",
    "api_key_authenticate",
    "api_key_check",
    "api_key_create",
    "api_key_mark_used",
    "api_key_revoke",
    "api_key_rows",
    "claim_apply",
    "claim_confirm",
    "claim_reject",
    "claim_submit",
    "completion_answer",
    "completion_apply",
    "completion_confirm",
    "completion_decide",
    "completion_import_apply",
    "completion_import_cancel",
    "completion_import_check",
    "completion_import_confirm",
    "completion_import_start",
    "completion_record",
    "completion_reject",
    "completion_report_one",
    "completions_report",
    "consent_decide",
    "consent_invite",
    "course_approval_reinstate",
    "course_approval_revoke",
    "course_approval_suspend",
    "course_approve",
    "course_create",
    "course_evaluate",
    "course_map_missing",
    "course_map_replace",
    "course_map_save",
    "course_name_in_plan",
    "course_renewal_close",
    "course_return",
    "course_submit",
    "course_syllabus_upload",
    "course_update",
    "course_withdraw",
    "csv_rows_parse",
    "fee_voided_on_withdraw",
    "programme_create",
    "provider_approval_reinstate",
    "provider_approval_revoke",
    "provider_approval_suspend",
    "provider_approve",
    "provider_member_add",
    "provider_member_invite",
    "provider_register",
    "report_rows_check",
    "submission_problems",
    "unmatched_dismiss",
    "unmatched_held",
    "unmatched_match",
    "unmatched_queue_note",
]
