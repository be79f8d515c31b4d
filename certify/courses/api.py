"""What other apps use from courses (the Python interface, not HTTP).

- `candidate_number(application) -> str`: the number a candidate gives course providers
  ("LSSCP-C-7K3Q9M2X"; the application's random, stored part, ADR 0021).
- `approved_courses_for(*, competency_set, today=None) -> QuerySet[Course]`: the courses in the
  catalogue for a set today (e.g. for reviewers who point a candidate to a course).

For the REST package: reads `catalogue`, `course_public_find`, `course_find`,
`course_list_for_provider`, `completion_list_for_provider`; writes `course_create`,
`course_update`, `course_submit`, `course_syllabus_upload`, `course_map_replace`,
`course_map_missing`, `completions_report` (`ReportRow`); provider keys `api_key_check`
(raises `ApiKeyRefused`).
"""

from certify.courses.numbers import candidate_number
from certify.courses.selectors import (
    approved_courses_for,
    catalogue,
    completion_list_for_provider,
    course_find,
    course_list_for_provider,
    course_public_find,
)
from certify.courses.services import (
    ApiKeyRefused,
    ReportRow,
    api_key_check,
    completions_report,
    course_create,
    course_map_missing,
    course_map_replace,
    course_submit,
    course_syllabus_upload,
    course_update,
)

__all__ = [
    "ApiKeyRefused",
    "ReportRow",
    "api_key_check",
    "approved_courses_for",
    "candidate_number",
    "catalogue",
    "completion_list_for_provider",
    "completions_report",
    "course_create",
    "course_find",
    "course_list_for_provider",
    "course_map_missing",
    "course_map_replace",
    "course_public_find",
    "course_submit",
    "course_syllabus_upload",
    "course_update",
]
