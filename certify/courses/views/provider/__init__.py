"""Pages for provider staff: their organisation, courses, completions, CSV imports, API keys.

- `organisation`: registration, the provider's home page, and the lookups every page uses.
- `courses`: drafts, the competency map, syllabus, submission and withdrawal.
- `completions`: completions reported to or recorded with the provider, and their decisions.
- `imports`: completion CSV imports.
- `api_keys`: the provider's API keys.
- `invitations`: invitations to candidates to give consent for a course.
"""

from certify.courses.views.provider.api_keys import api_key_revoke, api_keys
from certify.courses.views.provider.completions import (
    certificate_download,
    completion_decide,
    completion_report,
    completions,
    decide_completion,
)
from certify.courses.views.provider.courses import (
    course_edit,
    course_map,
    course_new,
    course_submit,
    course_syllabus,
    course_withdraw,
    course_withdraw_confirm,
    syllabus_download,
)
from certify.courses.views.provider.imports import (
    ERRORS_SHOWN,
    import_cancel,
    import_confirm,
    import_detail,
    import_errors,
    import_progress,
    import_template,
    imports,
)
from certify.courses.views.provider.invitations import invitations
from certify.courses.views.provider.organisation import provider, provider_home, register

__all__ = [
    "ERRORS_SHOWN",
    "api_key_revoke",
    "api_keys",
    "certificate_download",
    "completion_decide",
    "completion_report",
    "completions",
    "course_edit",
    "course_map",
    "course_new",
    "course_submit",
    "course_syllabus",
    "course_withdraw",
    "course_withdraw_confirm",
    "decide_completion",
    "import_cancel",
    "import_confirm",
    "import_detail",
    "import_errors",
    "import_progress",
    "import_template",
    "imports",
    "invitations",
    "provider",
    "provider_home",
    "register",
    "syllabus_download",
]
