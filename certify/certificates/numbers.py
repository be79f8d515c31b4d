"""Certificate numbers: how new ones are made and how a typed one is read (ADR 0021, ADR 0030).

`LSSCP-2026-7K3Q9M2X`: the program, the year of issue, and a random part nobody can walk
(`certify/core/codes.py`). Numbers issued before end in the year's sequence
(`LSSCP-2026-000123`); every number is stored as it was printed, so old ones keep resolving on
the verification page, the API, the PDF's QR code, the credential and LinkedIn links.

A typed number is read the same way everywhere (`number_normal`): any case, spaces around,
spaces or dashes of any kind between its groups, and an old all-digit last group with or
without its leading zeros (`lsscp 2024 2` is `LSSCP-2024-000002`).
"""

import re
from collections.abc import Callable, Iterable

from certify.core.codes import (
    EXAMPLE_CODE,
    NEUTRAL_PREFIX,
    code_new,
    codes_new,
    example_prefix,
    plain_digits,
    prefix_of,
)

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_]+")


def number_prefix(short_name: str) -> str:
    """`LSSCP` from the program's short name: letters and digits, upper case."""
    return prefix_of(short_name, fallback="CERT")


def number_format(*, short_name: str, year: int, code: str) -> str:
    return f"{number_prefix(short_name)}-{year}-{code}"


def number_example(short_names: Iterable[str], *, year: int) -> str:
    """What a certificate number looks like, for the programs whose numbers are meant: in the
    one program's letters (`RMT-2026-7K3Q9M2X`), neutral ones when there are several."""
    prefix = example_prefix(number_prefix(name) for name in short_names)
    return f"{prefix}-{year}-{EXAMPLE_CODE}"


def number_hint(short_names: Iterable[str], *, year: int) -> str:
    """The help under a field for a certificate number, with `number_example`."""
    example = number_example(short_names, year=year)
    if example.startswith(f"{NEUTRAL_PREFIX}-"):
        return (
            "As printed on the certificate: the program's letters, the year of issue and a code, "
            f"e.g. {example}."
        )
    return f"As printed on the certificate, e.g. {example}."


def number_new(*, short_name: str, year: int, taken: Callable[[str], bool]) -> str:
    """A new number nobody holds yet: a repeat of the random part is very rare, and `taken`
    (a look-up in the database) sends it round again; the unique column has the last word."""
    while True:
        number = number_format(short_name=short_name, year=year, code=code_new())
        if not taken(number):
            return number


def numbers_new(*, short_name: str, years: list[int], taken: set[str]) -> list[str]:
    """One new number per year given, all different and none in `taken` (bulk load data)."""
    codes = iter(codes_new(len(years), taken={n.rsplit("-", 1)[-1] for n in taken}))
    return [number_format(short_name=short_name, year=year, code=next(codes)) for year in years]


def number_normal(text: str) -> str:
    """The stored form of a typed number (see the module's docstring); "" for nothing typed."""
    groups = [g for g in _SEPARATORS.split((text or "").strip().upper()) if g]
    if len(groups) >= 2 and plain_digits(groups[-1]):
        groups[-1] = f"{int(groups[-1]):06d}"
    return "-".join(groups)
