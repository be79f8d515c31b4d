"""Is a refusal the answer an unknown id gets? Another person's object must answer exactly as
an id that does not exist (docs/security.md, `certify/core/hidden.py`): 404 and the same page."""

from typing import Any


def main_of(response: Any) -> str:
    """The page's `<main>`: the rest differs between two answers (CSP nonces, the CSRF token)."""
    text = response.content.decode()
    return text.split("<main", 1)[-1].split("</main>", 1)[0]


def assert_answers_as_unknown(client: Any, url: str, unknown: str, method: str = "get") -> None:
    """`url` (someone else's object) answers as `unknown` (an id nobody has) does."""
    seen = getattr(client, method)(url)
    missing = getattr(client, method)(unknown)
    assert (seen.status_code, missing.status_code) == (404, 404), url
    assert main_of(seen) == main_of(missing), url
