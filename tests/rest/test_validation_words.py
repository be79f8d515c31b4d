"""The API's 422 answers say what to send in the site's words, not pydantic's (ADR 0043): each
error type the schemas can raise, with its limit, and a readable sentence for any other type."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

import pytest
from django.utils import translation
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from certify.core import field_words
from certify.core.field_words import plain_words
from tests.factories import ApplicationFactory


class Mode(StrEnum):
    WEEKLY = "weekly"
    TOTAL = "total"


class Everything(BaseModel):
    """One field per kind of constraint the API's schemas use (and a few they may)."""

    model_config = ConfigDict(extra="forbid")

    count: int = Field(0, ge=0, le=80)
    share: int = Field(1, gt=0, lt=100)
    step: int = Field(5, multiple_of=5)
    name: str = Field("x", min_length=1, max_length=200)
    code: str = Field("abcd", min_length=4, max_length=1)
    slug: str = Field("a", pattern=r"^[-a-z0-9]+$")
    hours: Decimal = Field(Decimal(1), max_digits=5, decimal_places=2)
    wide: Decimal = Field(Decimal(1), max_digits=4, decimal_places=2)
    ratio: float = Field(1.0, allow_inf_nan=False)
    on: date = date(2026, 1, 1)
    at: datetime = datetime(2026, 1, 1, tzinfo=UTC)
    aware: AwareDatetime | None = None
    clock: time = time(9)
    flag: bool = False
    kind: Literal["public", "academic"] = "public"
    mode: Mode = Mode.WEEKLY
    link: HttpUrl | None = None
    tags: list[str] = Field(default_factory=list, max_length=2)
    needed: str


# The bad value, the field it is sent as, pydantic's type for it, and the words it gets.
CASES: list[tuple[dict[str, Any], str, str]] = [
    ({}, "missing", "This is required."),
    ({"count": -1}, "greater_than_equal", "Enter 0 or more."),
    ({"count": 200}, "less_than_equal", "Enter 80 or less."),
    ({"share": 0}, "greater_than", "Enter more than 0."),
    ({"share": 100}, "less_than", "Enter less than 100."),
    ({"step": 7}, "multiple_of", "Enter a multiple of 5."),
    ({"name": ""}, "string_too_short", "Fill this in."),
    ({"name": "x" * 201}, "string_too_long", "Shorten this to 200 characters or fewer."),
    ({"code": "ab"}, "string_too_short", "Write at least 4 characters here."),
    ({"code": "abcd"}, "string_too_long", "Shorten this to 1 character or fewer."),
    ({"name": 5}, "string_type", "Send text here."),
    (
        {"slug": "Not A Slug"},
        "string_pattern_mismatch",
        "Enter this in the form it takes: the pattern ^[-a-z0-9]+$.",
    ),
    ({"count": "lots"}, "int_parsing", "Enter a whole number."),
    ({"count": 2.5}, "int_from_float", "Enter a whole number, without decimals."),
    ({"count": "9" * 5000}, "int_parsing_size", "Enter a smaller number."),
    ({"hours": "two"}, "decimal_parsing", "Enter a number, for example 2.5."),
    ({"hours": "1.255"}, "decimal_max_places", "Enter at most 2 decimals."),
    ({"hours": "123456"}, "decimal_max_digits", "Enter at most 5 digits."),
    ({"wide": "123"}, "decimal_whole_digits", "Enter at most 2 digits before the decimal point."),
    ({"ratio": "much"}, "float_parsing", "Enter a number, for example 2.5."),
    ({"ratio": "inf"}, "finite_number", "Enter an ordinary number, not infinity or NaN."),
    ({"on": "31/12/2026"}, "date_from_datetime_parsing", "Enter a date, for example 2025-03-15."),
    ({"on": "2026-02-30"}, "date_from_datetime_parsing", "Enter a date, for example 2025-03-15."),
    (
        {"on": "2026-12-31T10:00:00"},
        "date_from_datetime_inexact",
        "Enter a date without a time, for example 2025-03-15.",
    ),
    (
        {"at": "noon"},
        "datetime_from_date_parsing",
        "Enter a date and time, for example 2025-03-15 14:30.",
    ),
    (
        {"aware": "2026-12-31T10:00:00"},
        "timezone_aware",
        "Give the time with its time zone, for example 2025-03-15T14:30:00Z.",
    ),
    ({"clock": "later"}, "time_parsing", "Enter a time, for example 14:30."),
    ({"flag": "perhaps"}, "bool_parsing", "Enter true or false."),
    (
        {"kind": "zoo"},
        "literal_error",
        "Choose one of the options offered: 'public' or 'academic'.",
    ),
    ({"mode": "monthly"}, "enum", "Choose one of the options offered: 'weekly' or 'total'."),
    (
        {"link": "not a link"},
        "url_parsing",
        "Enter a web address, for example https://example.org/page.",
    ),
    (
        {"link": "ftp://example.org/x"},
        "url_scheme",
        "Enter a web address starting with 'http' or 'https', "
        "for example https://example.org/page.",
    ),
    ({"tags": "a"}, "list_type", "Send a list here."),
    ({"tags": ["a", "b", "c"]}, "too_long", "Give at most 2 items (it has 3)."),
    ({"surprise": 1}, "extra_forbidden", "Leave this out: this operation does not take it."),
]


def _error(values: dict[str, Any], kind: str) -> dict[str, Any]:
    """pydantic's error of that type, as ninja passes it on (without the input)."""
    if "needed" not in values and kind != "missing":
        values = {**values, "needed": "yes"}
    with pytest.raises(ValidationError) as raised:
        Everything.model_validate(values)
    errors = [e for e in raised.value.errors(include_url=False) if e["type"] == kind]
    assert errors, f"{values} gave {raised.value.errors()}, not {kind}"
    error = dict(errors[0])
    del error["input"]
    return error


@pytest.mark.database_free
@pytest.mark.parametrize(("values", "kind", "words"), CASES, ids=[c[1] for c in CASES])
def test_each_error_type_is_said_plainly_with_its_limit(values, kind, words):
    assert plain_words(_error(values, kind)) == words


@pytest.mark.database_free
def test_the_json_and_our_own_validators_read_as_sentences():
    # the strict parsers' types, which the schemas' lax mode reports as "…_from_…_parsing"
    assert plain_words({"type": "date_parsing", "ctx": {"error": "invalid"}}) == field_words.DATE
    assert plain_words({"type": "datetime_parsing"}) == field_words.DATETIME
    assert plain_words({"type": "json_invalid", "ctx": {"error": "EOF while parsing a value"}}) == (
        "Send valid JSON here (EOF while parsing a value)."
    )
    own = {"type": "value_error", "msg": "Value error, give whole months", "ctx": {"error": ""}}
    own["ctx"]["error"] = "give whole months"
    assert plain_words(own) == "Give whole months."


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("error", "words"),
    [
        ({"type": "uuid_version", "msg": "UUID version 4 expected"}, "UUID version 4 expected."),
        ({"type": "something_new", "msg": "value is odd."}, "Value is odd."),
        ({"cursor": "Invalid Cursor"}, field_words.FALLBACK),  # ninja's own cursor error
        ({"type": "something_new", "msg": ""}, field_words.FALLBACK),
    ],
)
def test_an_unknown_type_keeps_a_readable_sentence(error, words):
    assert plain_words(error) == words


@pytest.mark.database_free
@pytest.mark.parametrize(
    ("django_words", "ours"),
    [
        ("Enter a valid date.", field_words.DATE),
        ("Enter a valid date/time.", field_words.DATETIME),
        ("Enter a valid time.", field_words.TIME),
        ("Enter a valid URL.", field_words.WEB_ADDRESS),
        ("This field cannot be blank.", field_words.FILL_IN),
        ("Select a valid choice. That choice is not one of the available choices.", "Choose one"),
    ],
)
def test_the_api_says_what_the_pages_say(django_words, ours):
    """The pages' catalogue (django.po) and the API name the same mistake in the same words."""
    with translation.override("en"):
        assert translation.gettext(django_words).startswith(ours)
        at_least = translation.gettext(
            "Ensure this value is greater than or equal to %(limit_value)s."
        )
    assert at_least % {"limit_value": 0} == plain_words(
        {"type": "greater_than_equal", "ctx": {"ge": 0}}
    )


@pytest.mark.django_db
def test_a_real_422_names_the_field_in_plain_words_and_keeps_its_shape(client, lsscp):
    application = ApplicationFactory()
    client.force_login(application.candidate)
    response = client.post(
        f"/api/v1/applications/{application.pk}/experience",
        {"library_type": "public", "hours_mode": "monthly", "start_date": "31/12/2026"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "instance", "errors"}
    assert body["type"] == "/api/v1/problems/validation"
    by_field = {e["field"]: e["message"] for e in body["errors"]}
    assert by_field["start_date"] == "Enter a date, for example 2025-03-15."
    assert by_field["hours_mode"] == "Choose one of the options offered: 'weekly' or 'total'."
    assert "start_date: Enter a date, for example 2025-03-15." in body["detail"]
    for words in ("Input should", "Field required", "String should", "valid date"):
        assert words not in response.text
