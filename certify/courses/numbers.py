"""Candidate numbers: a short id a candidate gives their course provider.

`LSSCP-C-7K3Q9M2X`: the program, then the application's own random part (`number_key`, ADR 0021),
so nobody can walk the numbers. Numbers issued before have six digits (`LSSCP-C-000123`) and keep
working: their part is stored the same way. A number alone never matches a person: a provider's
report also gives the full name or e-mail address (`courses/services/completions/report_check`).
"""

import re

from certify.applications.models import Application
from certify.core.codes import plain_digits, prefix_of

# Any spaces or dashes between the groups, as with certificate numbers (ADR 0030).
_SEP = r"[\s\-\u2010-\u2015\u2212_]+"
_NUMBER = re.compile(rf"^\s*([A-Z0-9]+){_SEP}C{_SEP}([A-Z0-9]{{1,16}})\s*$", re.IGNORECASE)


def program_prefix(short_name: str) -> str:
    return prefix_of(short_name, fallback="C")


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
