"""docs/events.md's table of workflow events: tools/events_doc.py writes it from the registry and
keeps the notes written by hand in its last column; the page in the repository is what it writes."""

import pytest

from certify.core import events
from tools import events_doc

pytestmark = pytest.mark.database_free


def test_the_page_s_table_is_what_the_script_writes():
    text = events_doc.PAGE.read_text()
    assert events_doc.regenerate(text, events_doc.workflow_events()) == text, (
        "docs/events.md's workflow events table is behind the registry: "
        "run .venv/bin/python tools/events_doc.py"
    )


def test_an_event_added_without_its_line_is_noticed(monkeypatch):
    text = events_doc.PAGE.read_text()
    name = "invoice.mislaid"  # a workflow's name, so it belongs in the table
    monkeypatch.setitem(
        events.EVENTS,
        name,
        events.EventType(name=name, description="Planted.", payload=("invoice_id", "move")),
    )
    rows = events_doc.workflow_events()
    assert name in [row[0] for row in rows]
    written = events_doc.regenerate(text, rows)
    assert written != text
    assert "| `invoice.mislaid` | `invoice_id`, `move` | none yet | |\n" in written


def test_a_subscriber_the_page_does_not_name_is_noticed():
    rows = [
        (name, payload, [*subscribers, "certify.elsewhere.handlers.also"])
        if name == "invoice.paid"
        else (name, payload, subscribers)
        for name, payload, subscribers in events_doc.workflow_events()
    ]
    text = events_doc.PAGE.read_text()
    assert events_doc.regenerate(text, rows) != text


def test_writing_the_table_again_keeps_each_row_s_hand_written_notes():
    rows = [
        ("thing.done", ("thing_id", "move"), ["certify.things.handlers.tidy"]),
        ("thing.lost", ("thing_id", "move"), []),
    ]
    page = (
        "# Events\n\nprose before\n\n"
        + events_doc.START
        + "| event | payload | subscribers | notes |\n| --- | --- | --- | --- |\n"
        + "| `thing.done` | `thing_id` | none yet | tidied | once, `tidy` by hand |\n"
        + "| `thing.gone` | `thing_id` | none yet | a note of an event no longer declared |\n"
        + "| `thing.lost` | `thing_id`, `move` | none yet | |\n"
        + events_doc.END
        + "\nprose after\n"
    )
    written = events_doc.regenerate(page, rows)
    assert written.startswith("# Events\n\nprose before\n\n" + events_doc.START)
    assert written.endswith(events_doc.END + "\nprose after\n")
    # the registry's columns are new, the notes (a `|` in them included) are kept
    assert (
        "| `thing.done` | `thing_id`, `move` | `certify.things.handlers.tidy`"
        " | tidied | once, `tidy` by hand |\n"
    ) in written
    assert "| `thing.lost` | `thing_id`, `move` | none yet | |\n" in written
    assert "thing.gone" not in written
    assert events_doc.regenerate(written, rows) == written  # a second run changes nothing


def test_the_page_keeps_the_notes_it_was_given():
    notes = events_doc.notes_of(events_doc.PAGE.read_text())
    assert notes["scholarship_award.committed"].startswith("published by the `restore` move only")
    assert notes["review.withdrawn"].startswith("a review Certify withdrew")
    assert notes["invoice.paid"] == ""
