"""The check that an amount a person reads says its cents ("$350.00", never "$350"), shared by
the tests that read pages, messages, refusals and e-mails (ADR 0005, "Amounts where people read
them"). `Money.with_cents()` is the one way an amount is written; a short amount in what a
person reads means some words were built another way."""

import re

# "$150", "-$1,234", "€20", "CHF 50", "USD 350" not followed by cents.
SHORT = re.compile(
    r"(?:\$|€|£|\b(?:USD|CAD|AUD|NZD|EUR|GBP|CHF|MXN) )\d{1,3}(?:,\d{3})*(?!\d|,\d|\.\d\d)"
)


def short_amounts(text: str) -> list[str]:
    """The amounts in `text` written without their cents (none: [])."""
    return SHORT.findall(" ".join(text.split()))
