"""Helpers for the bad-input tests (tests/<app>/test_bad_input_*.py): a refused form says what
is wrong beside the field, in the site's words, and comes back with what was typed."""

import html
import re

# Django's words a person should never read (certify/locale/en/LC_MESSAGES/django.po).
JARGON = (
    "Select a valid choice",
    "is not one of the available choices",
    "Ensure this value",
    "Ensure that there are",
    "encoding type",
    "is not a valid choice",
    "This field cannot be",
    "Traceback",
)


def no_jargon(text: str) -> None:
    for words in JARGON:
        assert words not in text, words


def beside(text: str, name: str, message: str, reach: int = 2500) -> None:
    """`message` is written near the input named `name` (its label, the input, its error)."""
    at = text.find(f'name="{name}"')
    assert at >= 0, f"no input {name}"
    around = html.unescape(text[max(0, at - reach) : at + reach])
    assert message in around, f"{message!r} not beside {name}"


def kept(text: str, name: str, value: str) -> None:
    """The value typed into `name` is in the page again: a text input's value, a text area's
    text, a chosen option or radio button."""
    if not value or value == "on":
        return
    for tag in re.findall(rf'<(?:input|option)[^>]*name="{re.escape(name)}"[^>]*>', text):
        if html.unescape(tag).find(f'value="{value}"') >= 0 and (
            'type="radio"' not in tag or "checked" in tag
        ):
            return
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', text, re.S)
    if area and value in html.unescape(area.group(1)):
        return
    select = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', text, re.S)
    if select and re.search(rf'<option value="{re.escape(value)}"[^>]*selected', select.group(1)):
        return
    raise AssertionError(f"{name}={value!r} was not kept")
