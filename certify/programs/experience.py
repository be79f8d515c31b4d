"""What experience a program counts, in its own words (ADR 0055): where people work (the
workplace noun, "library" or "organization"), the field of the work ("library", "records
management", or nothing), the kinds of workplace a candidate picks from (LSSCP's types of
library; a program may give its own list or none) and what counts, in a phrase ("paid or
unpaid, in any type of library").

The words are plain text shown escaped, never a template. A kind is stored on an experience
entry by its code (`kind_code`, "public" for "Public"); a change to the list applies to new
entries, and an entry's stored kind stays (shown by its code when the program no longer
offers it)."""

from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

# The longest stored code (`ExperienceEntry.library_type`).
KIND_CODE_LENGTH = 10
# Every setting of what experience counts; a data file's optional "experience" object gives them.
EXPERIENCE_FIELDS = ("workplace_noun", "experience_field", "workplace_kinds", "experience_counts")


def kind_code(label: str) -> str:
    """ "Public" → "public", "Health care" → "health_car": what an entry stores."""
    return slugify(label).replace("-", "_")[:KIND_CODE_LENGTH]


def kind_choices(program: Any) -> list[tuple[str, str]]:
    return [(kind_code(label), label) for label in program.workplace_kinds or ()]


def kind_label(program: Any, code: str) -> str:
    """The kind's name in the program's list, or the stored code if the list no longer has it."""
    return dict(kind_choices(program)).get(code, code)


def workplace_kinds_problem(value: object) -> str | None:
    """What is wrong with a list of kinds of workplace, or None."""
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        return "Give the kinds as a list of names, for example Public, Academic, School."
    codes = [kind_code(k) for k in value]
    if any(not k.strip() or len(k) > 60 for k in value) or not all(codes):
        return "Give each kind a name of letters or digits, at most 60 characters."
    if len(set(codes)) < len(codes):
        return "Two kinds have names too alike (the first 10 letters): make them differ sooner."
    return None


@dataclass(frozen=True)
class ExperienceWords:
    """The phrases pages, forms, e-mails and errors use, made from a program's settings."""

    noun: str  # "library"
    field: str  # "library"; "" for no field
    counts: str  # "paid or unpaid, in any type of library"; "" to say nothing more

    @property
    def workplace(self) -> str:
        """ "Library": a form's label and a table's heading."""
        return self.noun[:1].upper() + self.noun[1:]

    @property
    def kind_label(self) -> str:
        return f"Type of {self.noun}"

    @property
    def experience(self) -> str:
        """ "library experience"."""
        return f"{self.field} experience".strip()

    @property
    def title(self) -> str:
        """ "Library experience": a section's heading."""
        return self.experience[:1].upper() + self.experience[1:]

    @property
    def jobs(self) -> str:
        """ "library jobs and volunteer roles"."""
        return f"{self.field} jobs and volunteer roles".strip()

    @property
    def job_kind(self) -> str:
        """ "library job"."""
        return f"{self.field} job".strip()

    @property
    def job(self) -> str:
        """ "a library job"."""
        return ("an " if self.job_kind[:1].lower() in "aeiou" else "a ") + self.job_kind

    @property
    def hours(self) -> str:
        """ "library hours"."""
        return f"{self.field} hours".strip()

    @property
    def staff(self) -> str:
        """ "library staff"."""
        return f"{self.field} staff".strip()

    @property
    def name_required(self) -> str:
        return f"Enter the name of the {self.noun}."

    @property
    def counts_clause(self) -> str:
        """ ", paid or unpaid, in any type of library" (or nothing), to follow a phrase."""
        return f", {self.counts}" if self.counts else ""


def experience_words(program: Any) -> ExperienceWords:
    return ExperienceWords(
        noun=program.workplace_noun or "organization",
        field=program.experience_field,
        counts=program.experience_counts,
    )
