"""Every architecture decision record has the same shape, and the index lists every one; its prose
keeps to 100 characters a line, as the code does."""

import re
from pathlib import Path

DECISIONS = Path(__file__).resolve().parents[2] / "docs" / "decisions"
SECTIONS = ["## Context", "## Decision", "## Alternatives considered", "## Consequences"]
HEADER = re.compile(
    r"\A# (?P<number>\d{4})\. (?P<title>\S[^\n]*)\n\n"
    r"Date: \d{4}-\d{2}-\d{2} · Status: (?P<status>accepted|superseded by (?P<by>\d{4}))\n"
)


def records() -> list[Path]:
    return sorted(DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md"))


def shape_problems(name: str, text: str, *, numbers: set[str]) -> list[str]:
    header = HEADER.match(text)
    if header is None:
        return [f"{name}: starts with '# NNNN. Title', a blank line, 'Date: … · Status: …'"]
    problems = []
    if header["number"] != name[:4]:
        problems.append(f"{name}: its heading says {header['number']}")
    if header["by"] and header["by"] not in numbers:
        problems.append(f"{name}: superseded by {header['by']}, which does not exist")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    if headings != SECTIONS:
        problems.append(f"{name}: sections {headings}, expected {SECTIONS}")
    for section in SECTIONS:
        body = text.split(section + "\n", 1)[-1].split("\n## ", 1)[0]
        if section in headings and not body.strip():
            problems.append(f"{name}: {section} is empty")
    return problems


def test_every_record_has_the_header_and_the_four_sections():
    numbers = {path.name[:4] for path in records()}
    problems = [
        problem
        for path in records()
        for problem in shape_problems(path.name, path.read_text(encoding="utf-8"), numbers=numbers)
    ]
    assert records(), "no decision records found"
    assert problems == [], "\n".join(problems)


MAX_LINE = 100


def long_lines(text: str) -> list[int]:
    """Lines of prose over MAX_LINE characters. A heading (the title stays on its line), a table
    row, a fenced block and a line with nowhere to break (one long code span) may be longer."""
    found, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
        breakable = " " in line.strip()
        if len(line) > MAX_LINE and breakable and not fenced and line.lstrip()[:1] not in "#|":
            found.append(number)
    return found


def test_every_record_keeps_its_prose_to_100_characters_a_line():
    too_long = {
        path.name: lines for path in records() if (lines := long_lines(path.read_text("utf-8")))
    }
    assert too_long == {}, f"rewrap these lines (prose only): {too_long}"


def test_the_line_check_leaves_headings_tables_code_and_unbreakable_lines():
    prose = "word " * 25
    text = "\n".join(
        [
            "# 0007. " + prose,
            "| " + prose + "|",
            "```",
            prose,
            "```",
            "  (`" + "x" * 120 + "`).",
            prose.strip(),
            "- " + "é" * 98,
        ]
    )
    assert long_lines(text) == [7]


def test_numbers_are_unique_and_the_index_lists_every_record():
    numbers = [path.name[:4] for path in records()]
    assert len(numbers) == len(set(numbers)), numbers
    index = (DECISIONS / "README.md").read_text(encoding="utf-8")
    for path in records():
        assert f"]({path.name})" in index, f"docs/decisions/README.md does not list {path.name}"
    # A number the index names without a record says it was never used (0013).
    for number in re.findall(r"^\| (\d{4}) \|", index, re.M):
        if number not in numbers:
            assert re.search(rf"^\| {number} \| never used", index, re.M), number
    assert re.search(r"^\| 0013 \| never used", index, re.M)


def test_the_shape_check_refuses_what_it_should():
    good = (
        "# 0007. A title\n\nDate: 2026-11-27 · Status: superseded by 0001\n\n"
        "## Context\nx\n## Decision\nx\n## Alternatives considered\nx\n## Consequences\nx\n"
    )
    assert shape_problems("0007-a", good, numbers={"0001"}) == []
    assert shape_problems("0007-a", good.replace("# 0007.", "# 7."), numbers={"0001"})
    assert shape_problems("0007-a", good, numbers=set()) == [
        "0007-a: superseded by 0001, which does not exist"
    ]
    no_alternatives = good.replace("## Alternatives considered\nx\n", "")
    assert "sections" in shape_problems("0007-a", no_alternatives, numbers={"0001"})[0]
    empty = good.replace("## Alternatives considered\nx\n", "## Alternatives considered\n\n")
    assert shape_problems("0007-a", empty, numbers={"0001"}) == [
        "0007-a: ## Alternatives considered is empty"
    ]
    assert shape_problems("0008-a", good, numbers={"0001"}) == ["0008-a: its heading says 0007"]
