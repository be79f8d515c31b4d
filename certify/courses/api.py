"""What other apps use from courses (the Python interface, not HTTP).

- `candidate_number(application) -> str`: the number a candidate gives course providers
  ("LSSCP-C-7K3Q9M2X"; the application's random, stored part, ADR 0021).
- `approved_courses_for(*, competency_set, today=None) -> QuerySet[Course]`: the courses in the
  catalogue for a set today (e.g. for reviewers who point a candidate to a course).

For the REST package: reads `catalogue`, `course_public_find`, `course_find`,
`course_list_for_provider`, `completion_list_for_provider`; writes `course_create`,
`course_update`, `course_submit`, `course_syllabus_upload`, `course_map_replace`,
`course_map_missing`, `completions_report` (`ReportRow`); provider keys `api_key_check`
(raises `ApiKeyRefused`). What the pages do, the API does through the same services:
`provider_find`, `completion_find`, `consent_find`, `course_map_save`, `course_withdraw`,
`provider_member_invite`, `consent_invite`, `api_key_revoke`, `completion_decide`
(`DECISION_REQUIRED`), `completion_record`, `completion_apply`, `completion_answer`,
`course_name_in_plan`, `consent_decide`, `claim_submit`, `course_evaluate` (`CRITERIA`),
`course_approve`, `course_return`, `provider_approve`, `unmatched_match`, `unmatched_dismiss`,
`programme_create`, `claim_confirm`, `claim_reject`.
"""

from certify.courses.numbers import candidate_number
from certify.courses.rubric import CRITERIA
from certify.courses.selectors import (
    approved_courses_for,
    catalogue,
    completion_find,
    completion_list_for_provider,
    consent_find,
    course_find,
    course_list_for_provider,
    course_public_find,
    provider_find,
)
from certify.courses.services import (
    DECISION_REQUIRED,
    ApiKeyRefused,
    ReportRow,
    api_key_check,
    api_key_revoke,
    claim_confirm,
    claim_reject,
    claim_submit,
    completion_answer,
    completion_apply,
    completion_decide,
    completion_record,
    completions_report,
    consent_decide,
    consent_invite,
    course_approve,
    course_create,
    course_evaluate,
    course_map_missing,
    course_map_replace,
    course_map_save,
    course_name_in_plan,
    course_return,
    course_submit,
    course_syllabus_upload,
    course_update,
    course_withdraw,
    programme_create,
    provider_approve,
    provider_member_invite,
    unmatched_dismiss,
    unmatched_match,
)

__all__ = [
    "CRITERIA",
    "DECISION_REQUIRED",
    "ApiKeyRefused",
    "ReportRow",
    "api_key_check",
    "api_key_revoke",
    "approved_courses_for",
    "candidate_number",
    "catalogue",
    "claim_confirm",
    "claim_reject",
    "claim_submit",
    "completion_answer",
    "completion_apply",
    "completion_decide",
    "completion_find",
    "completion_list_for_provider",
    "completion_record",
    "completions_report",
    "consent_decide",
    "consent_find",
    "consent_invite",
    "course_approve",
    "course_create",
    "course_evaluate",
    "course_find",
    "course_list_for_provider",
    "course_map_missing",
    "course_map_replace",
    "course_map_save",
    "course_name_in_plan",
    "course_public_find",
    "course_return",
    "course_submit",
    "course_syllabus_upload",
    "course_update",
    "course_withdraw",
    "programme_create",
    "provider_approve",
    "provider_find",
    "provider_member_invite",
    "unmatched_dismiss",
    "unmatched_match",
]
