"""What other apps use from programs (the Python interface, not HTTP).

- `program_list(*, published_only=True) -> QuerySet[Program]`.
- `program_get(*, slug, published_only=True) -> Program` (404 when absent); its
  `competency_sets` are those of the published framework version.
- `competency_set_list(*, program, version=None) -> QuerySet[CompetencySet]` (competencies
  prefetched) and `competency_set_get(*, program, code, version=None) -> CompetencySet`: the sets
  of one framework version, the published one unless `version` is given (ADR 0056).
- `competency_sets_of(*, program_id, version=None)`: the same without competencies, for choices;
  `competency_set_list_of(*, program_id, version_id)`: those as a list, from SQL compiled once
  per process (the plan reads them on every request).
- `framework_version_current(*, program) -> FrameworkVersion | None`: the published version,
  the one new candidates enroll under.
- `case_package_export(*, program, version=None) -> dict`: a framework version as a CASE 1.0
  package.
- `education_problem(*, program, level, accredited, outside_us) -> str | None`: why a
  candidate's education does not meet the program's education rule (None when it does, or when
  staff decide it); `asks_accreditation(program)`: whether the rule asks for an accredited degree.
- `kind_choices(program)`, `kind_label(program, code)`, `kind_code(label)`: the kinds of
  workplace a program offers for experience, as (code, name); `program.experience_words` says
  what experience counts in its words (`programs.experience`); `workplaces_in_words()`: the
  published programs' workplace nouns, "library or organization", for pages of every program.
- `setting_label(name) -> str`: what the settings screens call a program setting.
- `cost_help_register(provider)`: an app offering help with a program's costs (scholarships)
  registers `provider(program) -> [CostHelp]`; the costs page lists them under the program's
  own words (`programs.cost_help`). `money_text(cents, currency)`: "$1,000.00", as prose writes
  money; `number_words(n)`: "five".
- `program_today(program) -> date`, `program_day(moment, program) -> date`, `program_zone(program)`:
  days in the program's time zone, where dates that are rules are counted (`programs.days`);
  over many programs, `on_program_days(field, lookup, *, program_field)` (a `Q`: `field`
  compared with each row's program's today, one term per day), `programs_by_day(pairs)` and
  `program_day_shift(program) -> timedelta` (a daily job's day, the site's, to the program's);
  `waited_since(days, zone)` (the instant before which a moment has waited `days` calendar days
  in the zone) and `days_waited(moment, zone)` (its inverse: the staff queues' filters and the
  staff home's "oldest has waited" count the same days).
- `site_contact() -> str`: whom to write to about the site itself (`SITE_CONTACT_EMAIL`, else
  the default program's contact address), for what the site signs rather than a program.
- `builtin_program_rules(slug) -> dict | None`: a built-in program's rule values, from its data
  file (API examples quote them); `builtin_program_data(slug)`: the whole file.
- Framework drafting (`programs.frameworks`, for the REST package): `framework_draft_start`,
  `framework_set_save`, `framework_set_delete`, `framework_competency_save`,
  `framework_competency_delete`, `framework_competency_move`, `framework_case_import`,
  `framework_mapping_save`, `framework_publish`; reads `framework_version_list`,
  `framework_version_get`, `framework_sets(*, version)`, `framework_compare(*, old, new)`;
  `CaseImportError` (its `errors` name each bad field of a CASE file).
- `job_requirements_build(*, program, codes, level) -> JobRequirements`: job-requirement text
  for employers from the sets of the published framework (`.intro`, `.sets`, `.text`);
  `JOB_REQUIREMENT_LEVELS` (value → label); refusals: `JobRequirementsError` (`programs.
  job_requirements`); `certification_name(program)`: what a posting calls the credential.
- `set_mapping(*, old, new) -> {old set id: new set id | None}`: which new set each old set
  counts as, when candidates move from `old` to `new` (progress).

Program setup (ADR 0055), for the API's staff operations: `SECTIONS`, `SECTION_BY_KEY` (the
settings by section), `program_setup_list()`, `faq_all(*, program)`, `program_history(*,
program)`, and the writes `program_create`, `program_settings_update`, `program_publish`,
`faq_entry_save`, `faq_entry_move`, `faq_entry_publish` (refusals: `SettingsInvalidError`).

Models others may name in a foreign key or a type hint: `Program`, `FrameworkVersion`,
`CompetencySet`, `Competency` (from `programs.models`).
"""

from certify.programs.case import CaseImportError, case_package_export
from certify.programs.compare import framework_compare, set_mapping
from certify.programs.contact import site_contact
from certify.programs.cost_help import CostHelp, cost_help_register
from certify.programs.days import (
    days_waited,
    on_program_days,
    program_day,
    program_day_shift,
    program_today,
    program_zone,
    programs_by_day,
    waited_since,
)
from certify.programs.education import asks_accreditation, education_problem
from certify.programs.experience import kind_choices, kind_code, kind_label
from certify.programs.frameworks import (
    framework_case_import,
    framework_competency_delete,
    framework_competency_move,
    framework_competency_save,
    framework_draft_start,
    framework_mapping_save,
    framework_publish,
    framework_set_delete,
    framework_set_save,
)
from certify.programs.job_requirements import LEVELS as JOB_REQUIREMENT_LEVELS
from certify.programs.job_requirements import (
    JobRequirementsError,
    certification_name,
    job_requirements_build,
)
from certify.programs.rule_text import money_text, number_words
from certify.programs.sections import SECTION_BY_KEY, SECTIONS
from certify.programs.sections import label as setting_label
from certify.programs.selectors import (
    competency_set_get,
    competency_set_list,
    competency_set_list_of,
    competency_sets_of,
    faq_all,
    framework_sets,
    framework_version_current,
    framework_version_get,
    framework_version_list,
    program_get,
    program_history,
    program_list,
    program_setup_list,
    workplaces_in_words,
)
from certify.programs.services import builtin_program_data, builtin_program_rules
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
    "JOB_REQUIREMENT_LEVELS",
    "SECTIONS",
    "SECTION_BY_KEY",
    "CaseImportError",
    "CostHelp",
    "JobRequirementsError",
    "SettingsInvalidError",
    "asks_accreditation",
    "builtin_program_data",
    "builtin_program_rules",
    "case_package_export",
    "certification_name",
    "competency_set_get",
    "competency_set_list",
    "competency_set_list_of",
    "competency_sets_of",
    "cost_help_register",
    "days_waited",
    "education_problem",
    "faq_all",
    "faq_entry_move",
    "faq_entry_publish",
    "faq_entry_save",
    "framework_case_import",
    "framework_compare",
    "framework_competency_delete",
    "framework_competency_move",
    "framework_competency_save",
    "framework_draft_start",
    "framework_mapping_save",
    "framework_publish",
    "framework_set_delete",
    "framework_set_save",
    "framework_sets",
    "framework_version_current",
    "framework_version_get",
    "framework_version_list",
    "job_requirements_build",
    "kind_choices",
    "kind_code",
    "kind_label",
    "money_text",
    "number_words",
    "on_program_days",
    "program_create",
    "program_day",
    "program_day_shift",
    "program_get",
    "program_history",
    "program_list",
    "program_publish",
    "program_settings_update",
    "program_setup_list",
    "program_today",
    "program_zone",
    "programs_by_day",
    "set_mapping",
    "setting_label",
    "site_contact",
    "waited_since",
    "workplaces_in_words",
]
