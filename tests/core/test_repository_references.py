"""Code and docs name only files that exist, and say what they mean rather than cite a label.

A path in a comment, a docstring, a template or a document is a promise to the reader that the
file is there. These tests read every text file of the repository (not .venv, node_modules, var
and other local folders) and fail with each file, line and path that leads nowhere, and with each
issue label ("NN · Title", "issue NN"), which means nothing to someone reading the repository.
"""

import os
import re
from functools import cache
from pathlib import Path

import django
import pytest

# No database: runs once, in the SQLite suite (tests/conftest.py, docs/testing.md).
pytestmark = pytest.mark.database_free


ROOT = Path(__file__).resolve().parents[2]
DJANGO = Path(django.__file__).resolve().parent

# Local or generated folders, and third-party files we keep as shipped.
SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "var",
    "mutants",
    "test-results",
    "__pycache__",
}
SKIP_FILES = {
    "uv.lock",
    "package-lock.json",
    "certify/core/static/vendor",
    "certify/certificates/credentials/contexts",
}
TEXT_SUFFIXES = {
    ".py",
    ".md",
    ".html",
    ".txt",
    ".toml",
    ".yaml",
    ".sh",
    ".mjs",
    ".js",
    ".css",
    ".lua",
    ".json",
}
TEXT_NAMES = {"Makefile", "run"}  # .ci/run

# The top-level folders a path in prose starts from.
TOP = r"(?:certify|docs|tools|bench|tests|\.ci)"
# `certify/x/y.py`, `docs/decisions/`, ...: a path from the repository root, in backticks or not.
ROOTED = re.compile(rf"(?<![\w./:@-])({TOP}/[\w./-]*[\w/])")
# Any other relative path to a file: courses/workflow.py, credentials/canon.py, partials/x.html.
RELATIVE = re.compile(
    r"(?<![\w./:@{-])((?:\.\./)*[\w-]+(?:/[\w.-]+)+\.(?:py|md|html|txt|json|jsonld|sh|mjs|js|css|lua))\b"
)
# A document, module or template named on its own: README.md, periods.py, base.html.
BARE = re.compile(r"(?<![\w./:@{<>-])(\w[\w-]*\.(?:md|py|html))\b(?![\w/-])")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")
# "07 · Portfolios", "issue 13", "(issue 07)": the date of an ADR ("2026-11-27 · Status") is not.
LABEL = re.compile(r"(?<![\d-])\b\d\d · [A-Z]|\b[Ii]ssues? #?\d+\b")


@cache
def _walk() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The repository's folders and files, as paths from the root, without the local folders."""
    folders, files = [], []
    for top, dirs, names in os.walk(ROOT):
        # Hidden folders are tools' caches, except .ci (the CI script).
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and (d == ".ci" or d[0] != "."))
        base = Path(top).relative_to(ROOT).as_posix()
        prefix = "" if base == "." else base + "/"
        folders.extend(prefix + d + "/" for d in dirs)
        files.extend(prefix + name for name in sorted(names))
    return tuple(folders), tuple(files)


def text_files() -> list[Path]:
    return [
        ROOT / name
        for name in _walk()[1]
        if not name.startswith(tuple(SKIP_FILES))
        and (Path(name).suffix in TEXT_SUFFIXES or Path(name).name in TEXT_NAMES)
    ]


@cache
def all_paths() -> frozenset[str]:
    """Every file and folder of the repository, as a path from the root ("a/b.py", "a/b/")."""
    folders, files = _walk()
    return frozenset(folders + files)


def _exists(reference: str, *, near: Path) -> bool:
    reference = reference.split("#", 1)[0].split("?", 1)[0]
    if not reference:
        return True
    return (ROOT / reference).exists() or (near.parent / reference).exists()


def _ends_a_path(reference: str) -> bool:
    """A short path names a file when some file's path ends with it: courses/workflow.py
    (certify/courses/workflow.py), a template or a static file named from its folder."""
    suffix = "/" + reference.removeprefix("./")
    if reference.startswith("django/"):  # Django's own templates
        return (DJANGO / "forms" / "templates" / reference).exists()
    return any(("/" + p).endswith(suffix) for p in all_paths())


def _is_placeholder(reference: str) -> bool:
    return any(mark in reference for mark in "*<>{}…$%") or "..." in reference


# Folders `make install` makes (pdf.js, copied from node_modules/ into the static files).
INSTALLED = ("certify/core/static/vendor/pdfjs",)


def _is_local(reference: str) -> bool:
    """Folders made on each machine (var/, node_modules/, mutants/, uploaded media, what
    `make install` copies)."""
    return reference.split("/", 1)[0] in SKIP_DIRS | {"media"} or reference.startswith(INSTALLED)


def _is_value(reference: str, line: str) -> bool:
    """A quoted string in code (a storage key, a file inside an archive), not prose."""
    return re.search(rf"[\"']{re.escape(reference)}[\"']", line) is not None


def broken_references(path: Path) -> list[str]:
    return _scan_text(path.read_text(encoding="utf-8"), as_path=path)


def _scan_text(text: str, *, as_path: Path) -> list[str]:
    relative = as_path.relative_to(ROOT).as_posix()
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{relative}:{number}"
        if "../shared" in line:
            problems.append(f"{where}: names ../shared, which is outside the repository")
            continue
        targets = MARKDOWN_LINK.findall(line) if as_path.suffix == ".md" else []
        for target in targets:
            if target.startswith(("/", "#", "mailto:")) or URL.match(target):
                continue  # a page of the site, an anchor, an address
            if not _is_placeholder(target) and not _exists(target, near=as_path):
                problems.append(f"{where}: link to {target}, which does not exist")
        prose = URL.sub(" ", line)
        rooted = [r for r in ROOTED.findall(prose) if r not in targets]
        for reference in rooted:
            if _is_placeholder(reference) or "/" not in reference.rstrip("/"):
                continue
            if reference.startswith(INSTALLED):
                continue
            if as_path.suffix == ".py" and _is_value(reference, prose):
                continue  # a path the code makes or reads (a test's scratch file), not prose
            if not (ROOT / reference).exists() and not _ends_a_path(reference):
                problems.append(f"{where}: {reference} does not exist")
        for reference in RELATIVE.findall(prose):
            if any(reference in r for r in rooted) or reference in targets:
                continue
            if _is_placeholder(reference) or _is_local(reference):
                continue
            if _is_value(reference, prose):
                continue
            if not _ends_a_path(reference):
                problems.append(f"{where}: {reference} is no file's path")
        for name in BARE.findall(prose):
            if _is_value(name, prose) or _ends_a_path(name):
                continue
            problems.append(f"{where}: {name} is no file's name")
    return problems


def issue_labels(path: Path) -> list[str]:
    relative = path.relative_to(ROOT).as_posix()
    return [
        f"{relative}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LABEL.search(line)
    ]


OWN = Path(__file__).resolve()  # this file names missing paths and labels on purpose


def test_every_path_named_in_code_and_docs_exists():
    problems = [p for path in text_files() if path != OWN for p in broken_references(path)]
    assert problems == [], "\n".join(problems)


def test_no_issue_labels_in_code_and_docs():
    labels = [label for path in text_files() if path != OWN for label in issue_labels(path)]
    assert labels == [], "\n".join(labels)


def test_the_checks_find_what_they_look_for(tmp_path):
    """The scanners themselves: a missing file, a missing link and a label are each caught."""
    page = tmp_path / "page.md"
    page.write_text(
        "See `certify/applications/eligibility.py` and [the ADRs](docs/decisions/).\n"
        "See `certify/applications/no_such_rule.py`, tools/gone.sh and [gone](docs/gone.md).\n"
        "Outside: ../shared/bench/anchor.py.\n"
        "Relative: courses/periods.py, courses/nowhere.py; a value: 'media/x/y.txt'.\n"
        "Labels: 07 · Portfolios and issue 13; a date 2026-11-27 · Status is fine.\n",
        encoding="utf-8",
    )
    fake = ROOT / "docs" / page.name  # scanned as if it sat in docs/
    text = page.read_text(encoding="utf-8")
    found = _scan_text(text, as_path=fake)
    assert found == [
        "docs/page.md:2: link to docs/gone.md, which does not exist",
        "docs/page.md:2: certify/applications/no_such_rule.py does not exist",
        "docs/page.md:2: tools/gone.sh does not exist",
        "docs/page.md:3: names ../shared, which is outside the repository",
        "docs/page.md:4: courses/nowhere.py is no file's path",
    ]
    assert [bool(LABEL.search(line)) for line in text.splitlines()] == [False] * 4 + [True]
    assert not LABEL.search("Date: 2026-11-27 · Status: accepted")
    for label in ("(issue 07)", "Issue 9 will", "13 · Scale", "issues 15"):
        assert LABEL.search(label), label
