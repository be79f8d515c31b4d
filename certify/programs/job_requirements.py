"""Job-requirement text for employers, built from the sets of a program's published framework.

An employer checks the competency sets a job needs and chooses how firm the wording is; the text
names the certification and, for each chosen set in the program's order, lists its competency
statements as they stand in the published framework version (ADR 0056). It is a read: nothing
is written, and the page and the API (`GET .../job-requirements`) give the same text.

Bounds for anonymous callers: at most as many codes as the program has sets (a repeated code
counts once), and a code longer than any set code is unknown; one query reads the competencies
of every chosen set, so the work does not grow with the number chosen.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from certify.core.errors import DomainError
from certify.programs.models import Competency, CompetencySet, Program

LEVELS = {"required": "Required", "preferred": "Preferred"}
DEFAULT_LEVEL = "preferred"
CODE_MAX = CompetencySet._meta.get_field("code").max_length or 20


class JobRequirementsError(DomainError):
    """The choice cannot be read: unknown set codes, too many, or an unknown wording level.
    `unknown` holds the codes that name no set (shortened), for the page to show."""

    def __init__(self, message: str, *, field: str, unknown: list[str] | None = None) -> None:
        super().__init__(message, field=field)
        self.unknown = unknown or []


@dataclass(frozen=True)
class JobRequirements:
    program: Program
    level: str
    sets: list[CompetencySet] = field(default_factory=list)
    intro: str = ""

    @property
    def text(self) -> str:
        """The whole text as plain text: the paragraph, then each set with its statements."""
        parts = [self.intro]
        for cset in self.sets:
            lines = [f"{cset.name}:"]
            lines += [f"- {comp.statement}" for comp in cset.competencies.all()]
            parts.append("\n".join(lines))
        return "\n\n".join(parts) + "\n"


def certification_name(program: Program) -> str:
    """What a job posting calls the credential: the program's name without a final "Program"
    ("Library Support Staff Certification"), since the posting asks for the certification."""
    name = program.name.strip()
    ending = " Program"
    if name.endswith(ending) and len(name) > len(ending):
        return name[: -len(ending)]
    return name


def job_requirements_intro(program: Program, level: str) -> str:
    """The paragraph that names the certification, in the chosen wording level."""
    named = f"{certification_name(program)} ({program.short_name})"
    if level == "required":
        opening = f"{named} required."
        ask = "Applicants must be able to show the competencies below."
    else:
        opening = f"{named} preferred, or working toward it."
        ask = "Applicants should be able to show the competencies below."
    return f"{opening} The certification is awarded by {program.certifying_body}. {ask}"


def _shown(code: str) -> str:
    return code if len(code) <= CODE_MAX else f"{code[:CODE_MAX]}…"


def level_read(level: str | None) -> str:
    """The wording level as sent, tidied ("Required " → "required"; nothing: the default)."""
    return (level or DEFAULT_LEVEL).strip().lower()


def job_requirements_choice(
    *, program: Program, codes: list[str], level: str | None
) -> tuple[list[CompetencySet], str]:
    """The sets the codes name (in the program's set order) and the wording level, from what the
    employer sent. `program.competency_sets` must hold the published version's sets
    (`selectors.program_get`). Raises `JobRequirementsError` in the employer's words."""
    level = level_read(level)
    if level not in LEVELS:
        raise JobRequirementsError(
            "Choose “Required” or “Preferred” for the wording.", field="level"
        )
    sets = list(program.competency_sets.all())
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if len(wanted) > len(sets):
        raise JobRequirementsError(
            f"Choose at most {len(sets)} competency sets: {program.short_name} has no more.",
            field="sets",
        )
    by_code = {s.code.upper(): s for s in sets}
    unknown = [_shown(c) for c in wanted if c not in by_code]
    if unknown:
        listed = ", ".join(f"“{c}”" for c in unknown)
        noun = "set" if len(unknown) == 1 else "sets"
        raise JobRequirementsError(
            f"{program.short_name} has no competency {noun} {listed}. "
            "Check the sets the job needs in the list.",
            field="sets",
            unknown=unknown,
        )
    asked = set(wanted)
    chosen = [s for s in sets if s.code.upper() in asked]
    return chosen, level


def job_requirements_build(
    *, program: Program, codes: list[str], level: str | None
) -> JobRequirements:
    """The job-requirement text for the chosen sets: one query for all their competencies."""
    chosen, level = job_requirements_choice(program=program, codes=codes, level=level)
    if chosen:
        ordered = Competency.objects.order_by("order", "code")
        prefetch_related_objects(chosen, Prefetch("competencies", queryset=ordered))
    return JobRequirements(
        program=program,
        level=level,
        sets=chosen,
        intro=job_requirements_intro(program, level),
    )
