"""The API's 422 answers in the site's words (ADR 0043): pydantic's error types, said plainly.
The CASE import (`programs.case`: the command and the API's fill from a file) says its file's
problems with them too, so it lives in core, below both.

ninja hands over pydantic's errors (`type`, `loc`, `msg`, `ctx` with the limit); `plain_words`
turns one into a sentence that says what to send, in the words the pages use for Django's field
errors where there are some (`certify/locale/en/LC_MESSAGES/django.po`): "Enter 0 or more.",
"Shorten this to 200 characters or fewer.", "Enter a date, for example 2025-03-15.". The field
is named beside the message by the caller (`errors[].field`), as before. A type not listed here
keeps pydantic's own message, made a sentence, so nothing is ever answered without words.
"""

from collections.abc import Callable, Mapping
from typing import Any

DATE = "Enter a date, for example 2025-03-15."
DATETIME = "Enter a date and time, for example 2025-03-15 14:30."
TIME = "Enter a time, for example 14:30."
WEB_ADDRESS = "Enter a web address, for example https://example.org/page."
CHOICE = "Choose one of the options offered"
WHOLE_NUMBER = "Enter a whole number."
NUMBER = "Enter a number, for example 2.5."
BOOLEAN = "Enter true or false."
REQUIRED = "This is required."
FILL_IN = "Fill this in."
LIST = "Send a list here."
OBJECT = "Send an object here, with its fields named."
FALLBACK = "This value is not valid."
LEAVE_OUT = "Leave this out: this operation does not take it."


def _plural(count: object, one: str, many: str) -> str:
    return one if str(count) == "1" else many


def _too_short(ctx: Mapping[str, Any]) -> str:
    least = ctx.get("min_length", 1)
    if str(least) in {"0", "1"}:  # an empty text: the page's words for a blank field
        return FILL_IN
    return f"Write at least {least} characters here."


def _choice(ctx: Mapping[str, Any]) -> str:
    expected = ctx.get("expected")
    return f"{CHOICE}: {expected}." if expected else f"{CHOICE}."


def _count(ctx: Mapping[str, Any], bound: str, words: str) -> str:
    limit = ctx.get(bound, "")
    actual = ctx.get("actual_length")
    items = _plural(limit, "item", "items")
    has = f" (it has {actual})" if actual is not None else ""
    return f"{words} {limit} {items}{has}."


def _own_words(ctx: Mapping[str, Any]) -> str:
    """A validator of ours raised ValueError with a sentence: that sentence is the message."""
    return _sentence(str(ctx.get("error", ""))) or FALLBACK


def _leave_out(ctx: Mapping[str, Any]) -> str:
    """An input the operation does not take; a query parameter names the declared one that is
    close to it, when one is (`rest/query.py`)."""
    meant = ctx.get("meant")
    return f"{LEAVE_OUT} Did you mean {meant}?" if meant else LEAVE_OUT


# By pydantic's error type: a sentence, or a function of the error's `ctx` (its limits).
WORDS: dict[str, str | Callable[[Mapping[str, Any]], str]] = {
    "missing": REQUIRED,
    "missing_argument": REQUIRED,
    "missing_keyword_only_argument": REQUIRED,
    "missing_positional_only_argument": REQUIRED,
    "extra_forbidden": _leave_out,
    "unexpected_keyword_argument": LEAVE_OUT,
    "greater_than_equal": lambda ctx: f"Enter {ctx.get('ge')} or more.",
    "greater_than": lambda ctx: f"Enter more than {ctx.get('gt')}.",
    "less_than_equal": lambda ctx: f"Enter {ctx.get('le')} or less.",
    "less_than": lambda ctx: f"Enter less than {ctx.get('lt')}.",
    "multiple_of": lambda ctx: f"Enter a multiple of {ctx.get('multiple_of')}.",
    "finite_number": "Enter an ordinary number, not infinity or NaN.",
    "string_too_long": lambda ctx: (
        f"Shorten this to {ctx.get('max_length')} "
        f"{_plural(ctx.get('max_length'), 'character', 'characters')} or fewer."
    ),
    "string_too_short": _too_short,
    "string_type": "Send text here.",
    "string_unicode": "Send text here, encoded as UTF-8.",
    "string_pattern_mismatch": lambda ctx: (
        f"Enter this in the form it takes: the pattern {ctx.get('pattern')}."
    ),
    "too_short": lambda ctx: _count(ctx, "min_length", "Give at least"),
    "too_long": lambda ctx: _count(ctx, "max_length", "Give at most"),
    "int_type": WHOLE_NUMBER,
    "int_parsing": WHOLE_NUMBER,
    "int_from_float": "Enter a whole number, without decimals.",
    "int_parsing_size": "Enter a smaller number.",
    "float_type": NUMBER,
    "float_parsing": NUMBER,
    "decimal_type": NUMBER,
    "decimal_parsing": NUMBER,
    "decimal_max_digits": lambda ctx: (
        f"Enter at most {ctx.get('max_digits')} "
        f"{_plural(ctx.get('max_digits'), 'digit', 'digits')}."
    ),
    "decimal_max_places": lambda ctx: (
        f"Enter at most {ctx.get('decimal_places')} "
        f"{_plural(ctx.get('decimal_places'), 'decimal', 'decimals')}."
    ),
    "decimal_whole_digits": lambda ctx: (
        f"Enter at most {ctx.get('whole_digits')} "
        f"{_plural(ctx.get('whole_digits'), 'digit', 'digits')} before the decimal point."
    ),
    "bool_type": BOOLEAN,
    "bool_parsing": BOOLEAN,
    "date_type": DATE,
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "date_from_datetime_inexact": "Enter a date without a time, for example 2025-03-15.",
    "date_past": "Enter a date in the past.",
    "date_future": "Enter a date in the future.",
    "datetime_type": DATETIME,
    "datetime_parsing": DATETIME,
    "datetime_from_date_parsing": DATETIME,
    "datetime_object_invalid": DATETIME,
    "datetime_past": "Enter a date and time in the past.",
    "datetime_future": "Enter a date and time in the future.",
    "time_type": TIME,
    "time_parsing": TIME,
    "timezone_naive": "Give the time without a time zone.",
    "timezone_aware": "Give the time with its time zone, for example 2025-03-15T14:30:00Z.",
    "time_delta_type": "Enter a duration, for example P3D (three days).",
    "time_delta_parsing": "Enter a duration, for example P3D (three days).",
    "enum": _choice,
    "literal_error": _choice,
    "union_tag_invalid": lambda ctx: f"{CHOICE}: {ctx.get('expected_tags')}.",
    "url_type": WEB_ADDRESS,
    "url_parsing": WEB_ADDRESS,
    "url_syntax_violation": WEB_ADDRESS,
    "url_scheme": lambda ctx: (
        f"Enter a web address starting with {ctx.get('expected_schemes')}, "
        "for example https://example.org/page."
    ),
    "url_too_long": lambda ctx: (
        f"Shorten this web address to {ctx.get('max_length')} characters or fewer."
    ),
    "uuid_type": "Enter an identifier such as 123e4567-e89b-12d3-a456-426614174000.",
    "uuid_parsing": "Enter an identifier such as 123e4567-e89b-12d3-a456-426614174000.",
    "json_invalid": lambda ctx: (
        f"Send valid JSON here ({ctx['error']})." if ctx.get("error") else "Send valid JSON here."
    ),
    "json_type": "Send JSON text here.",
    "list_type": LIST,
    "tuple_type": LIST,
    "set_type": LIST,
    "frozen_set_type": LIST,
    "iterable_type": LIST,
    "dict_type": OBJECT,
    "mapping_type": OBJECT,
    "model_type": OBJECT,
    "model_attributes_type": OBJECT,
    "none_required": "Leave this empty (null).",
    "value_error": _own_words,
    "assertion_error": _own_words,
}


def _sentence(text: str) -> str:
    """pydantic's own message as a sentence: a capital first letter and a full stop."""
    text = text.strip()
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def plain_words(error: Mapping[str, Any]) -> str:
    """What is wrong with one input, said plainly (one of pydantic's errors, as ninja gives it)."""
    words = WORDS.get(str(error.get("type", "")))
    ctx = error.get("ctx") or {}
    if callable(words):
        return words(ctx)
    if words:
        return words
    return _sentence(str(error.get("msg") or "")) or FALLBACK
