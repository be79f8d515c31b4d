"""Reading an operation's JSON body, and saying in the user's words why it cannot be read.

django-ninja reads a body with its parser and answers any failure with a bare 400 ("Cannot
parse request body"), and reads a JSON list, text or number as an object with no fields, so a
required field was reported missing and an optional-only body went through. The API's parser
here refuses what it cannot read with `BodyUnreadableError`, which ninja re-raises as its 400 with
this error as the cause; `rest/api.py` answers that as the 422 every other input the schema
cannot read gets (docs/integration.md, "What a 422 says"; ADR 0046):

- a `Content-Type` that is not JSON (`application/json`, or a `+json` type); a request that
  names none is read as JSON, as ninja always did;
- a body that is not JSON (not UTF-8 text, a syntax error, nested past what can be read);
- JSON that is not an object (a list, text, a number, true, false or null).

An operation taking form fields and files (`Form`, `File`: multipart/form-data) refuses a body
of another type the same way, where Django would read it as no fields at all. None takes a JSON
part (a `Body` beside a `File`), which ninja would read with `parse_body` too.
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

JSON_TYPE = "application/json"
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")

_KINDS = (
    (list, "a list"),
    (str, "text"),
    (bool, "true or false"),  # before int: a bool is an int
    ((int, float), "a number"),
    (type(None), "null"),
)


class BodyUnreadableError(Exception):
    """The body cannot be read as this operation's JSON object: `message` says what to send."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _media_type(request: HttpRequest) -> str:
    return str(request.META.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()


def _kind(value: Any) -> str:
    return next((words for types, words in _KINDS if isinstance(value, types)), "not an object")


class JsonObjectParser(Parser):
    """ninja's JSON parser, refusing in words what it cannot read (`BodyUnreadableError`)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        media = _media_type(request)
        if media and media != JSON_TYPE and not media.endswith("+json"):
            raise BodyUnreadableError(
                f"Send the body as JSON, with the header Content-Type: {JSON_TYPE}; it was "
                f"sent as {media}."
            )
        try:
            data = json.loads(request.body)
        except UnicodeDecodeError as error:
            raise BodyUnreadableError("Send the body as JSON in UTF-8 text.") from error
        except json.JSONDecodeError as error:
            raise BodyUnreadableError(
                f"Send the body as JSON: it could not be read at line {error.lineno}, "
                f"column {error.colno} ({error.msg.lower()})."
            ) from error
        except RecursionError as error:
            raise BodyUnreadableError(
                "Send the body as JSON nested less deeply: its objects and lists nest too far "
                "to be read."
            ) from error
        if not isinstance(data, dict):
            raise BodyUnreadableError(
                "Send a JSON object ({…}) with the fields this operation takes; the body is "
                f"{_kind(data)}."
            )
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        """A query's parameters, or form fields and files: those from a body of a form's type."""
        media = _media_type(request)
        if data is not request.GET and media and media not in FORM_TYPES:
            raise BodyUnreadableError(
                f"Send the fields as a form, with the header Content-Type: {FORM_TYPES[0]}; it "
                f"was sent as {media}."
            )
        return super().parse_querydict(data, list_fields, request)
