"""Every date a template writes uses one of the site's named formats (certify/formats): a day
is written long ("December 7, 2026") and a moment with its time and zone, decided in one place.
A template that writes `|date:"…"` or `|time:"…"` with a format string of its own fails here
until it uses a name, or until it is in EXCEPTIONS with the reason a person is better served.
Machine values (`datetime` attributes, form inputs, CSV, API) keep ISO 8601."""

import re
from pathlib import Path

import pytest
from django.utils import formats
from django.utils.translation import override

pytestmark = pytest.mark.database_free

ROOT = Path(__file__).resolve().parents[2] / "certify"
FILTER = re.compile(r"""\|(date|time):(?:"([^"]*)"|'([^']*)')""")

NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT"}
MACHINE = {"c", "Y-m-d"}  # a `<time datetime>` attribute or an `<input type="date">` value

# (template under an app's templates/, format) → why it is not a named format
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("webhooks/detail.html", "M j, g:i:s a"): (
        "each delivery try in a dense table column: seconds tell tries a minute apart apart"
    ),
    ("webhooks/detail.html", "M j, g:i a"): (
        "the next try of a pending delivery, always within days: the year adds nothing"
    ),
}


def _uses() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt", ".xml"}:
            continue
        name = path.relative_to(next(p for p in path.parents if p.name == "templates")).as_posix()
        for match in FILTER.finditer(path.read_text(encoding="utf-8")):
            found.append((name, match.group(2) if match.group(2) is not None else match.group(3)))
    return found


def test_templates_write_dates_only_with_the_sites_named_formats():
    uses = _uses()
    assert len(uses) > 200  # the scan reads the templates at all
    own = sorted({use for use in uses if use[1] not in NAMED | MACHINE and use not in EXCEPTIONS})
    assert own == [], (
        'write dates with |date:"DATE_FORMAT" or "DATETIME_FORMAT" (certify/formats), '
        "or add the template to EXCEPTIONS with the reason"
    )


def test_every_exception_is_still_used():
    uses = set(_uses())
    assert [key for key in EXCEPTIONS if key not in uses] == []


def test_the_named_formats_write_a_long_day():
    from datetime import date

    with override("en-us"):
        assert formats.date_format(date(2026, 12, 7), "DATE_FORMAT") == "December 7, 2026"
        assert formats.get_format("DATETIME_FORMAT").startswith("F j, Y")
