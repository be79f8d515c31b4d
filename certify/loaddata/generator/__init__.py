"""Realistic data at scale for the benchmark (`manage.py generate_load_data`).

For N candidates (LSSCP): applications in every status, 6 planned sets per enrolled candidate
(3 core + 3 electives) with routes and progress, portfolios with a response per competency and
about 10 evidence items per candidate (files point at a few shared small files), submissions,
two reviews each with ratings, invoices with their lines and payments, course completions,
N/5 certificates with status-list indexes, N/20 courses from N/200 providers, notifications and
audit events. Everything goes through the real tables (bulk inserts, ids assigned here), so the
application reads it exactly as it reads its own writes. Same seed, same data.

Not generated: signed credentials of the generated certificates (signing 20,000 would take
minutes; the bench's bulk job signs 1,000 for real), scholarships, appeals, sessions.

- `scale`: how much is generated (`Scale`), the status shares, names, and id bookkeeping.
- `base`: what every part shares (settings, random source, writer, helpers).
- `people`, `courses`, `applications`, `portfolios`, `certificates`, `notifications`: the rows
  of each area, one mixin each.
- `run`: `Generator`, which writes them all in order, and the helpers the command uses.
"""

from certify.loaddata.generator.run import (
    Generator,
    estimated_rows,
    generated_exists,
    program_for,
    summary,
)
from certify.loaddata.generator.scale import EMAIL_DOMAIN, PASSWORD, Scale

__all__ = [
    "EMAIL_DOMAIN",
    "PASSWORD",
    "Generator",
    "Scale",
    "estimated_rows",
    "generated_exists",
    "program_for",
    "summary",
]
