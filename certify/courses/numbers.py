"""Candidate numbers: a short id a candidate gives their course provider.

`LSSCP-C-7K3Q9M2X`: the program, then the application's own random part (`number_key`, ADR 0021),
so nobody can walk the numbers. Numbers issued before have six digits (`LSSCP-C-000123`) and keep
working: their part is stored the same way. A number alone never matches a person: a provider's
report also gives the full name or e-mail address (`courses/services/completions/report_check`).
"""

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from certify.applications.models import Application
from certify.core.codes import EXAMPLE_CODE, NEUTRAL_PREFIX, example_prefix, plain_digits, prefix_of

# Any spaces or dashes between the groups, as with certificate numbers (ADR 0030).
_SEP = r"[\s\-\u2010-\u2015\u2212_]+"
_NUMBER = re.compile(rf"^\s*([A-Z0-9]+){_SEP}C{_SEP}([A-Z0-9]{{1,16}})\s*$", re.IGNORECASE)


def program_prefix(short_name: str) -> str:
    return prefix_of(short_name, fallback="C")


def candidate_number_example(short_names: Iterable[str]) -> str:
    """What a candidate number looks like, for the programs whose candidates are meant: in the
    one program's letters (`RMT-C-7K3Q9M2X`), with neutral ones and what they stand for when
    there are several ("ABC-C-7K3Q9M2X, where ABC is the program's letters")."""
    prefix = example_prefix(program_prefix(name) for name in short_names)
    example = f"{prefix}-C-{EXAMPLE_CODE}"
    if prefix == NEUTRAL_PREFIX:
        return f"{example}, where {NEUTRAL_PREFIX} is the program's letters"
    return example


def candidate_number_sample(short_names: Iterable[str]) -> str:
    """`candidate_number_example` without words: for a sample file's row ("ABC-C-7K3Q9M2X")."""
    return f"{example_prefix(program_prefix(name) for name in short_names)}-C-{EXAMPLE_CODE}"


def number_examples_fill(fields: Iterable[Any], courses: QuerySet[Any] | None) -> None:
    """Put `candidate_number_example` for the programs of `courses` (a form's course choices)
    where a field's help says `{candidate_number}`; with no choices, neutral letters."""
    wanting = [field for field in fields if "{candidate_number}" in str(field.help_text)]
    if not wanting:
        return
    names = (
        courses.order_by().values_list("program__short_name", flat=True)
        if courses is not None
        else ()
    )
    example = candidate_number_example(names)
    for field in wanting:
        field.help_text = str(field.help_text).replace("{candidate_number}", example)


def candidate_number(application: Application) -> str:
    return f"{program_prefix(application.program.short_name)}-C-{application.number_key}"


def number_key_normal(key: str) -> str:
    """The stored form of a number's own part: upper case; an old all-digit part as the six
    digits it was printed with (`LSSCP-C-123` and `LSSCP-C-000123` are one number)."""
    key = key.strip().upper()
    return f"{int(key):06d}" if plain_digits(key) else key


def candidate_number_parse(text: str) -> tuple[str, str] | None:
    """("LSSCP", "7K3Q9M2X") from "lsscp-c-7k3q9m2x" or "LSSCP C 7K3Q9M2X" (any case, spaces
    around, spaces or dashes between the groups), ("LSSCP", "000123") from an older
    "LSSCP-C-123"; None if it is not a candidate number."""
    match = _NUMBER.match(text or "")
    if match is None:
        return None
    return match.group(1).upper(), number_key_normal(match.group(2))
