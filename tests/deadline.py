"""What the completion-deadline tests share: a deadline of December 1, 2026 for a program in
Auckland (the site stays in Chicago), the refusal's words, and the moments either side of midnight
there (the clock is moved by the `at` fixture, tests/conftest.py)."""

from datetime import UTC, date, datetime

DEADLINE = date(2026, 12, 1)
WORDS = "Your deadline to finish was December 1, 2026. Ask program staff for an extension."
# The program in Auckland (UTC+13 in December), the site in Chicago.
LAST_MINUTE = datetime(2026, 12, 1, 10, 59, tzinfo=UTC)  # Dec 1, 23:59 in Auckland
NEXT_DAY = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # Dec 2 in Auckland, Dec 1 in Chicago
