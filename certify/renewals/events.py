"""The events renewals publishes (see `certify.core.events`). Other apps subscribe to them.

- "certificate.lapsed": a certificate passed its grace period without being renewed (or
  reinstated to a later day), its renewal in staff's hands or not (ADR 0014). "Lapsed" is not a
  status a move leads to but a date passing, so the daily job publishes it, once per
  certificate and lapse date, with the holder's lapse notice (`reminders_send`).
"""

from certify.core.events import declare

CERTIFICATE_LAPSED = declare(
    "certificate.lapsed",
    description="A certificate passed its grace period without being renewed (a renewal in "
    "staff's hands or not); published by the daily job with the holder's lapse notice, once per "
    "certificate and lapse date.",
    payload=("certificate_id", "holder_id", "program_id", "number", "lapses_on"),
).name
