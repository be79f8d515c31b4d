"""Posting a form that carries a one-time token (`certify/core/once.py`): read the token from
the form's page as a browser would, then post it with the form."""

import re

ONCE = re.compile(r'<input type="hidden" name="once" value="([^"]+)">')


def once_token(client, url: str) -> str:
    """The token the form on `url` carries now."""
    found = ONCE.search(client.get(url).text)
    assert found is not None, f"{url} issues no one-time token"
    return found.group(1)


def once_post(client, url: str, data: dict):
    """Post `data` to the form on `url` with the token its page issued, as a browser would."""
    return client.post(url, {**data, "once": once_token(client, url)})
