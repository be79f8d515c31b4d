"""Comparing a person's name as someone else typed it (ADR 0021).

The full name as the person wrote it is the fact: case and accents are folded, punctuation
separates words, and the order of the words does not matter ("José María Núñez-Ortiz" matches
"nunez ortiz jose maria"). There is no separate family name to compare.
"""

import re
import unicodedata

_WORD = re.compile(r"\w+")


def fold(text: str | None) -> str:
    """Text as two people's typing of the same thing is compared (a library's name, a job, a
    course title, a check number): case, accents and runs of spaces folded."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def name_key(text: str) -> tuple[str, ...]:
    """The words of a name, folded and sorted: two names match when their keys are equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return tuple(sorted(w for w in _WORD.findall(plain) if w != "_"))


def names_match(given: str, known: str) -> bool:
    key = name_key(given)
    return bool(key) and key == name_key(known)
