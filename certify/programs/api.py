"""What other apps use from programs (the Python interface, not HTTP).

- `program_list(*, published_only=True) -> QuerySet[Program]`.
- `program_get(*, slug, published_only=True) -> Program` (404 when absent).
- `competency_set_list(*, program) -> QuerySet[CompetencySet]` (competencies prefetched).
- `competency_set_get(*, program, code) -> CompetencySet`.
- `case_package_export(*, program) -> dict`: the framework as a CASE 1.0 package.
- `education_problem(*, program, level, accredited, outside_us) -> str | None`: why a
  candidate's education does not meet the program's education rule (None when it does, or when
  staff decide it); `asks_accreditation(program)`: whether the rule asks for an accredited degree.
- `builtin_program_rules(slug) -> dict | None`: a built-in program's rule values, from its data
  file (API examples quote them).

Program setup (ADR 0055), for the API's staff operations: `SECTIONS`, `SECTION_BY_KEY` (the
settings by section), `program_setup_list()`, `faq_all(*, program)`, `program_history(*,
program)`, and the writes `program_create`, `program_settings_update`, `program_publish`,
`faq_entry_save`, `faq_entry_move`, `faq_entry_publish` (refusals: `SettingsInvalidError`).

Models others may name in a foreign key or a type hint: `Program`, `CompetencySet`,
`Competency` (from `programs.models`).
"""

from certify.programs.case import case_package_export
from certify.programs.education import asks_accreditation, education_problem
from certify.programs.sections import SECTION_BY_KEY, SECTIONS
from certify.programs.selectors import (
    competency_set_get,
    competency_set_list,
    faq_all,
    program_get,
    program_history,
    program_list,
    program_setup_list,
)
from certify.programs.services import builtin_program_rules
from certify.programs.setup import (
    SettingsInvalidError,
    faq_entry_move,
    faq_entry_publish,
    faq_entry_save,
    program_create,
    program_publish,
    program_settings_update,
)

__all__ = [
    "SECTIONS",
    "SECTION_BY_KEY",
    "SettingsInvalidError",
    "asks_accreditation",
    "builtin_program_rules",
    "case_package_export",
    "competency_set_get",
    "competency_set_list",
    "education_problem",
    "faq_all",
    "faq_entry_move",
    "faq_entry_publish",
    "faq_entry_save",
    "program_create",
    "program_get",
    "program_history",
    "program_list",
    "program_publish",
    "program_settings_update",
    "program_setup_list",
]
