"""Parts of a row separated by a dot ("Report · Download as CSV") are elements of a `dot-row`
(site.css puts the dot at the end of the part before, tied to it), never a " · " typed between
them: on a phone that row wrapped with a dot starting the next line."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "certify"
# A page's title ("Costs · LSSCP") is one line in a tab; e-mails and PDFs are not phone pages.
TITLE = re.compile(r"{% block head_title %}.*?{% endblock[^%]*%}|<title>.*?</title>", re.S)
NOT_PAGES = ("/email/", "/pdf/")


def dots_typed_between_parts() -> list[str]:
    found = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if any(part in path.as_posix() for part in NOT_PAGES):
            continue
        text = TITLE.sub("", path.read_text(encoding="utf-8"))
        for number, line in enumerate(text.splitlines(), 1):
            if re.search(r"\s·(\s|$)", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    return found


@pytest.mark.database_free
def test_no_template_types_a_dot_between_parts():
    assert dots_typed_between_parts() == []
