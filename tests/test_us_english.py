"""US English in what people read (RULINGS: pages, e-mails, PDFs; URLs, stored values and API
field names keep their names): every template, the program data files, and the strings of the
Python code (messages, form labels and errors, help texts, choice labels), found by walking
the package so that a new file is checked too. Docstrings and comments are for developers."""

import ast
import json
import re
from pathlib import Path

import pytest

from tests.spelling import british_words, is_prose, prose, prose_of_template

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


PACKAGE = Path(__file__).resolve().parent.parent / "certify"

# Words that must stay as they are, with the reason a reader would accept.
ALLOWED = {
    # The API's stored value for a paper check is "cheque"; its description names it.
    ("rest/payments.py", "cheque"),
    # A benchmark page's name: developers read it, and the stored results are keyed by it.
    ("loaddata/bench.py", "catalogue"),
}


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _found(path: Path, words: list[str]) -> list[str]:
    name = _relative(path)
    return [f"{name}: {w}" for w in words if (name, w.lower()) not in ALLOWED]


def templates() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*")
        if p.suffix in (".html", ".txt") and "templates" in p.relative_to(PACKAGE).parts
    )


def test_templates_are_in_us_english():
    assert len(templates()) > 100
    found = []
    for path in templates():
        found += _found(path, british_words(prose_of_template(path.read_text())))
    assert found == []


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_the_program_data_files_are_in_us_english():
    files = sorted((PACKAGE / "programs" / "data").glob("*.json"))
    assert files
    found = []
    for path in files:
        for text in _strings(json.loads(path.read_text())):
            if is_prose(text):
                found += _found(path, british_words(prose(text)))
    assert found == []


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def python_strings(path: Path) -> list[str]:
    """The string literals of a module that people may read (not docstrings, not names)."""
    tree = ast.parse(path.read_text())
    skip = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and is_prose(node.value)
    ]


def test_python_strings_people_read_are_in_us_english():
    modules = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    assert len(modules) > 200
    found = []
    for path in modules:
        for text in python_strings(path):
            found += _found(path, british_words(prose(text)))
    assert found == []


@pytest.mark.parametrize(
    ("text", "british"),
    [
        ("Register your organisation", ["organisation"]),
        ("a recognised programme; pay by cheque", ["recognised", "programme", "cheque"]),
        ("enrol now; enrolment opens", ["enrol", "enrolment"]),
        ("enrolled and enrolling, enrollment", []),
        ("tick the box, or untick it", ["tick", "untick"]),
        ("member_organisation and /catalogue/ and courses.catalogue", []),
    ],
)
def test_the_check_finds_british_spellings_but_not_names(text, british):
    assert british_words(prose(text)) == british


def test_names_are_not_prose():
    assert not is_prose("programme")  # a stored value
    assert not is_prose("ORGANISATION")  # a constant
    assert not is_prose("programme-claims/<int:claim_id>/")  # a URL pattern
    assert is_prose("Organisation")  # a column heading
    assert is_prose("Choose the programme")


DAY_FIRST_TEMPLATE = re.compile(r"""date:\s*["']j [FMNb]""")
DAY_FIRST_PYTHON = re.compile(r"%-?d %[bB]|\.day\} \{[^}]*:%[bB]|\bj [FM] Y\b")
# Reading what a provider's file says: day-first dates are accepted there, not written.
READS_DATES = {"courses/services/completions/report_check.py"}


def test_dates_are_written_month_first():
    """US English writes "March 14, 2027" (never "14 March 2027"), in pages, e-mails, PDFs
    and messages alike."""
    found = [_relative(p) for p in templates() if DAY_FIRST_TEMPLATE.search(p.read_text())] + [
        _relative(p)
        for p in PACKAGE.rglob("*.py")
        if DAY_FIRST_PYTHON.search(p.read_text()) and _relative(p) not in READS_DATES
    ]
    assert found == []
