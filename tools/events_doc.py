#!/usr/bin/env python3
"""Regenerate the "Every move is an event" table in docs/events.md from the events registry.

Run from the repository root: `.venv/bin/python tools/events_doc.py`.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings.test")

import django

django.setup()
from django.apps import apps  # noqa: E402

from certify.core import events  # noqa: E402
from certify.core.workflow import WorkflowModel  # noqa: E402

workflow_names = {m.workflow.name for m in apps.get_models() if issubclass(m, WorkflowModel)}
reg = events.registry()
rows = ["| event | payload | subscribers |", "| --- | --- | --- |"]
for name in sorted(events.EVENTS):
    if name.split(".")[0] not in workflow_names:
        continue
    spec = events.EVENTS[name]
    subs = ", ".join(f"`{h}`" for h in reg.get(name, [])) or "none yet"
    rows.append(f"| `{name}` | {', '.join(f'`{k}`' for k in spec.payload)} | {subs} |")
table = "\n".join(rows) + "\n"
path = "docs/events.md"
with open(path) as source:
    text = source.read()
start, end = "<!-- workflow events: start -->\n", "<!-- workflow events: end -->\n"
block = start + table + end
text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
with open(path, "w") as out:
    out.write(text)
print(len(rows) - 2, "workflow events")
