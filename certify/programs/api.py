"""What other apps use from programs (the Python interface, not HTTP).

- `program_list(*, published_only=True) -> QuerySet[Program]`.
- `program_get(*, slug, published_only=True) -> Program` (404 when absent).
- `competency_set_list(*, program) -> QuerySet[CompetencySet]` (competencies prefetched).
- `competency_set_get(*, program, code) -> CompetencySet`.
- `case_package_export(*, program) -> dict`: the framework as a CASE 1.0 package.
- `builtin_program_rules(slug) -> dict | None`: a built-in program's rule values, from its data
  file (API examples quote them).

Models others may name in a foreign key or a type hint: `Program`, `CompetencySet`,
`Competency` (from `programs.models`).
"""

from certify.programs.case import case_package_export
from certify.programs.selectors import (
    competency_set_get,
    competency_set_list,
    program_get,
    program_list,
)
from certify.programs.services import builtin_program_rules

__all__ = [
    "builtin_program_rules",
    "case_package_export",
    "competency_set_get",
    "competency_set_list",
    "program_get",
    "program_list",
]
