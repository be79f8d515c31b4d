"""Candidate numbers: a short, human-friendly id a candidate gives their course provider.

Derived from the accepted application (`LSSCP-C-000123`), so nothing new is stored and the
number never changes. Providers may report completions by it instead of an e-mail address.
"""

import re

from certify.applications.models import Application

_NUMBER = re.compile(r"^\s*([A-Z0-9]+)-C-0*(\d{1,12})\s*$", re.IGNORECASE)


def program_prefix(short_name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", short_name.upper()) or "C"


def candidate_number(application: Application) -> str:
    return f"{program_prefix(application.program.short_name)}-C-{application.pk:06d}"


def candidate_number_parse(text: str) -> tuple[str, int] | None:
    """("LSSCP", 123) from "LSSCP-C-000123" (any case, spaces around); None if it is not one."""
    match = _NUMBER.match(text or "")
    if match is None:
        return None
    return match.group(1).upper(), int(match.group(2))
