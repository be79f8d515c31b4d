"""Approved courses: the public catalogue, and providers' submissions and completion reports.

Provider endpoints accept a provider API key (`Authorization: Bearer <key>` or
`X-API-Key: <key>`) or a signed-in session of the provider's staff.

- `auth`: the provider API key, and the two routers.
- `catalogue`: the public catalogue.
- `provider_courses`: a provider's course submissions.
- `completion_reports`: a provider's completion reports and its completions.
- `provider_actions`: the rest of the provider's pages: the map line by line, withdrawal,
  completion decisions, invitations, revoking keys.
- `candidate`: the candidate's course steps in their plan (`candidate_router`, under /plan).
- `staff`: program staff's course decisions (`staff_router`, under /staff/courses).
"""

from certify.rest.courses import provider_actions as _provider_actions  # noqa: F401  (registers)
from certify.rest.courses.auth import (
    PROVIDER_AUTH,
    ProviderKeyBearer,
    ProviderKeyHeader,
    provider_router,
    router,
)
from certify.rest.courses.candidate import candidate_router
from certify.rest.courses.catalogue import (
    COURSE_EXAMPLE,
    PROVIDER_EXAMPLE,
    CourseDetailOut,
    CourseOut,
    MappingOut,
    ProviderOut,
    catalogue,
    course_detail,
)
from certify.rest.courses.completion_reports import (
    CompletionOut,
    CompletionReportIn,
    CompletionRowIn,
    ReportOut,
    RowResultOut,
    provider_completions,
    provider_completions_report,
)
from certify.rest.courses.provider_courses import (
    CourseIn,
    ProviderCourseOut,
    provider_course,
    provider_course_create,
    provider_course_submit,
    provider_course_syllabus,
    provider_course_update,
    provider_courses,
)
from certify.rest.courses.staff import staff_router

__all__ = [
    "COURSE_EXAMPLE",
    "PROVIDER_AUTH",
    "PROVIDER_EXAMPLE",
    "CompletionOut",
    "CompletionReportIn",
    "CompletionRowIn",
    "CourseDetailOut",
    "CourseIn",
    "CourseOut",
    "MappingOut",
    "ProviderCourseOut",
    "ProviderKeyBearer",
    "ProviderKeyHeader",
    "ProviderOut",
    "ReportOut",
    "RowResultOut",
    "candidate_router",
    "catalogue",
    "course_detail",
    "provider_completions",
    "provider_completions_report",
    "provider_course",
    "provider_course_create",
    "provider_course_submit",
    "provider_course_syllabus",
    "provider_course_update",
    "provider_courses",
    "provider_router",
    "router",
    "staff_router",
]
