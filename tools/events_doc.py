#!/usr/bin/env python3
"""Regenerate the "Every move is an event" table in docs/events.md from the events registry.

Run from the repository root: `.venv/bin/python tools/events_doc.py`.

The event, payload and subscribers columns come from the registry; the last column, "notes", is
written by hand and kept: a regenerated row takes the notes of the row with the same event name.
An event that is no longer declared loses its row (the script names it, so its notes can be moved).
`tests/core/test_events_doc.py` fails when the page's table is not what this script writes.
"""

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "events.md"
START = "<!-- workflow events: start -->\n"
END = "<!-- workflow events: end -->\n"
HEADER = ("| event | payload | subscribers | notes |", "| --- | --- | --- | --- |")
Row = tuple[str, Sequence[str], Sequence[str]]
BLOCK = re.compile(re.escape(START) + "(.*?)" + re.escape(END), flags=re.S)


def workflow_events() -> list[Row]:
    """(name, payload keys, subscribers) of every event of a workflow, sorted by name."""
    from django.apps import apps

    from certify.core import events
    from certify.core.workflow import WorkflowModel

    names = {m.workflow.name for m in apps.get_models() if issubclass(m, WorkflowModel)}
    reg = events.registry()
    return [
        (name, events.EVENTS[name].payload, reg.get(name, []))
        for name in sorted(events.EVENTS)
        if name.split(".")[0] in names
    ]


def notes_of(text: str) -> dict[str, str]:
    """The hand-written notes of the page's table, by event name."""
    found = BLOCK.search(text)
    if found is None:
        raise ValueError(f"no {START.strip()} ... {END.strip()} block in the page")
    notes = {}
    for row in found.group(1).splitlines()[len(HEADER) :]:
        cells = row.strip().removeprefix("|").removesuffix("|").split(" | ", 3)
        if len(cells) == 4:
            notes[cells[0].strip().strip("`")] = cells[3].strip()
    return notes


def table(rows: Sequence[Row], notes: Mapping[str, str]) -> str:
    lines = list(HEADER)
    for name, payload, subscribers in rows:
        keys = ", ".join(f"`{k}`" for k in payload)
        subs = ", ".join(f"`{h}`" for h in subscribers) or "none yet"
        cells = (f"`{name}`", keys, subs, notes.get(name, ""))
        lines.append(("| " + " | ".join(cells)).rstrip() + " |")
    return "\n".join(lines) + "\n"


def regenerate(text: str, rows: Sequence[Row]) -> str:
    """The page with its table rebuilt from `rows`, each row's hand-written notes kept."""
    block = START + table(rows, notes_of(text)) + END
    return BLOCK.sub(lambda _: block, text)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings.test")
    import django

    django.setup()
    rows = workflow_events()
    text = PAGE.read_text()
    gone = sorted(set(notes_of(text)) - {name for name, _, _ in rows})
    PAGE.write_text(regenerate(text, rows))
    print(len(rows), "workflow events")
    for name in gone:
        print(f"dropped {name}: no longer declared (its notes went with it)")


if __name__ == "__main__":
    main()
