"""Random, non-sequential parts of the numbers people give each other (candidate and certificate
numbers): nobody can walk them (ADR 0021, ADR 0030).

The alphabet leaves out the characters people confuse when they read a number aloud or copy it
from paper (0/O, 1/I/L, U/V), so a new number is eight of 29 symbols (about 500 billion of them),
and always holds a letter: a part of digits only is an older, sequential number.

The formats that use these parts live with their owners: `certify/certificates/numbers.py` and
`certify/courses/numbers.py`; both take the program's prefix from `prefix_of`.
"""

import re
import secrets
from collections.abc import Collection, Iterable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
LENGTH = 8


# The most digits a number Certify reads may have: a bigint holds any 18 digits, and Python
# refuses to read more than 4,300 (a `ValueError`, after work that grows with the length).
MAX_DIGITS = 18


def plain_digits(text: str) -> bool:
    """Whether `text` is a whole number written in the digits 0-9 only, as `int()` reads it,
    of at most `MAX_DIGITS`. `str.isdigit()` also says yes to superscripts and other digit
    characters (`"³"`), which `int()` refuses: a number typed or sent by someone goes through
    this first, and a longer run of digits is no number anyone holds."""
    return len(text) <= MAX_DIGITS and text.isascii() and text.isdigit()


def code_new(length: int = LENGTH) -> str:
    """`7K3Q9M2X`: random, from the unambiguous alphabet, with at least one letter."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if not code.isdigit():
            return code


def codes_new(count: int, *, taken: Collection[str] = ()) -> list[str]:
    """`count` different new codes, none of them in `taken` (for rows made in bulk)."""
    made: set[str] = set()
    codes: list[str] = []
    while len(codes) < count:
        code = code_new()
        if code not in made and code not in taken:
            made.add(code)
            codes.append(code)
    return codes


def prefix_of(short_name: str, *, fallback: str) -> str:
    """`LSSCP` from a program's short name ("Lib. S-S" gives `LIBSS`): letters and digits."""
    return re.sub(r"[^A-Z0-9]", "", short_name.upper()) or fallback


# What the examples people read show: a number's own part, and neutral letters for the program
# when the number may be of any of several programs ("ABC-2026-7K3Q9M2X").
EXAMPLE_CODE = "7K3Q9M2X"
NEUTRAL_PREFIX = "ABC"


def example_prefix(prefixes: Iterable[str]) -> str:
    """The letters an example number starts with: the program's own when every number meant is
    of one program, neutral ones (`NEUTRAL_PREFIX`) when several programs run, or none."""
    distinct = set(prefixes)
    return distinct.pop() if len(distinct) == 1 else NEUTRAL_PREFIX
