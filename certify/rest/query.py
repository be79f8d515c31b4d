"""A query parameter an operation does not declare is refused, as a body's unknown field is.

django-ninja reads the parameters an operation declares and ignores every other one, so a
misspelt filter (`GET /staff/applications?staus=submitted`) listed everything with a 200 and
the caller never learned why. `CertifyAPI` gives every operation this check once, when the
routers are bound (`refuse_unknown_parameters`): after authentication and throttling, beside the
validation of the declared parameters and the body, so one 422 names every wrong input with the
words of a body's unknown field ("Leave this out: this operation does not take it."), and says
which declared parameter was meant when one is close (`staus` → `status`). The parameters an
operation declares are the ones the OpenAPI document lists for it, pagination's `page` and
`page_size` included (`tests/rest/test_unknown_parameters.py` checks both against each other and
sends an unknown one to every operation; docs/integration.md, "What a 422 says").

The parameters that link carriers add to any address they pass on (`utm_…`, `fbclid`, `gclid`,
`msclkid`) are not the caller's input and are let through: the certificate page links its
verification JSON, and a shared link that gathered them still answers (ADR 0075).
"""

import difflib
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError
from ninja.operation import Operation

UNKNOWN = "extra_forbidden"  # pydantic's type for a body's unknown field: the same words
CARRIED = frozenset({"fbclid", "gclid", "msclkid"})  # and every `utm_…`: added on the way
CLOSE_ENOUGH = 0.75  # `staus` is 0.91 like `status`, `size` 0.62 like `page_size`: not meant


def declared_parameters(operation: Operation) -> frozenset[str]:
    """The query parameters `operation` reads: each query model's names as sent (a schema of
    several parameters, like pagination's, is flattened into its fields' names)."""
    names: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) != "query":
            continue
        flattened = getattr(model, "__ninja_flatten_map__", None)
        if flattened:
            names.update(flattened)
        else:
            names.update(field.alias or name for name, field in model.model_fields.items())
    return frozenset(names)


def unknown_parameters(request: HttpRequest, declared: frozenset[str]) -> list[dict[str, Any]]:
    """One error (as ninja gives pydantic's) for each parameter sent that is not `declared`."""
    errors: list[dict[str, Any]] = []
    for name in request.GET:
        if name in declared or name in CARRIED or name.startswith("utm_"):
            continue
        meant = difflib.get_close_matches(name, sorted(declared), n=1, cutoff=CLOSE_ENOUGH)
        error: dict[str, Any] = {
            "type": UNKNOWN,
            "loc": ("query", name),
            "msg": "Extra inputs are not permitted",
        }
        if meant:
            error["ctx"] = {"meant": meant[0]}
        errors.append(error)
    return errors


def refuse_unknown_parameters(operation: Operation) -> None:
    """Make `operation` answer a parameter it does not declare with the 422 of its inputs.

    ninja has no hook between authentication and reading the inputs, so the operation's input
    reading (`_get_values`) is wrapped: the unknown parameters join the declared inputs' errors
    in one answer, or are the answer when the rest is valid. Done once per operation."""
    if getattr(operation, "_refuses_unknown_parameters", False):
        return
    declared = declared_parameters(operation)
    read: Callable[..., dict[str, Any]] = operation._get_values

    def values(request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        unknown = unknown_parameters(request, declared)
        try:
            found = read(request, *args, **kwargs)
        except ValidationError as error:
            error.errors.extend(unknown)
            raise
        if unknown:
            raise ValidationError(unknown)
        return found

    operation._get_values = values  # type: ignore[method-assign]
    operation._refuses_unknown_parameters = True  # type: ignore[attr-defined]
