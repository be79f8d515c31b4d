"""The schema's conventions in one place: problem responses, token scopes and examples.

Every operation's error responses are RFC 9457 problem documents. The ones the framework
produces for every operation alike are declared here, from what the operation is, so a new
endpoint documents them without repeating itself:

- 401 and 403 when it needs authentication (missing, expired or revoked credentials; the wrong
  scope or role),
- 404 when its path names something (an id, a slug, a number): unknown, or someone else's
  (answered alike, `certify/core/hidden.py`), or it takes a `program` slug in its query (an
  unknown program is not found),
- 422 always: a parameter or body it cannot read, or a query parameter it does not take
  (`errors` names each field; `rest/query.py`),
- 429 when it is rate-limited,
- 400 when it writes (a business rule refused the change), or takes parameters (a value holding
  a NUL character, which no stored text may, is refused before any operation reads it).

An operation adds others with `response={200: Out, **problems(400)}` (e.g. a GET whose filter
values are checked). Bearer tokens list the scope they need in the operation's security
requirement (OpenAPI 3.1 role names), e.g. `{"TokenAuth": ["applications"]}`.
"""

import json
import re
from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any, cast

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, path
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.responses import NinjaJSONEncoder
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import ConfigDict, Field

from certify.core.codes import NEUTRAL_PREFIX, example_prefix, prefix_of
from certify.core.site import site_name
from certify.programs.api import builtin_program_data, builtin_program_rules, certification_name
from certify.programs.models import Program
from certify.rest.query import refuse_unknown_parameters

PROBLEM_MEDIA_TYPE = "application/problem+json"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The letters the examples' numbers are written with here ("LSSCP-2026-7K3Q9M2X", "LSSCP-C-…",
# "LSSCP-000042"); the served document writes them in the site's programs' (`_served_document`).
EXAMPLE_LETTERS = "LSSCP"

PROBLEM_DESCRIPTIONS = {
    400: "A business rule refused the request: `detail` says why in words; `problems` and "
    "`fields` list every reason when there are several. Also a path or query holding a NUL "
    "character.",
    401: "No valid credentials: the token or key is missing, unknown, expired or revoked.",
    403: "Authenticated, but not allowed: the token lacks the scope, or the account the role, "
    "or you know of the thing but may not do this (program staff on a candidate's own step).",
    404: "Nothing here, or nothing visible to you: someone else's application, portfolio, "
    "invoice or course step answers exactly as an unknown id does.",
    409: "The request conflicts with the current state.",
    413: "The body is larger than the operation accepts: `detail` says its size and the limit.",
    422: "The request does not match the schema: `errors` names each field and says what to "
    'send instead, e.g. "Enter 0 or more." A body that is not a JSON object, or is sent under '
    "another `Content-Type`, is named `request`; a query parameter the operation does not take "
    "is named too.",
    429: "Too many requests: wait the seconds in `Retry-After`.",
    503: "Temporarily unavailable (e.g. storage cannot take the file): nothing was kept; send it "
    "again after the seconds in `Retry-After`.",
}


class FieldErrorOut(Schema):
    field: str = Field(description="The input, e.g. `start_date` or `completions.0.email`.")
    message: str


class Problem(Schema):
    """An RFC 9457 problem document (`application/problem+json`): every failure has this shape."""

    type: str = Field(description="A URI naming the kind of problem, or `about:blank`.")
    title: str = Field(description="Short, the same for every problem of this type.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time, in words for people.")
    instance: str = Field("", description="The path that was requested.")
    errors: list[FieldErrorOut] | None = Field(None, description="Each invalid field (422).")
    field: str | None = Field(None, description="The input a refused rule is about (400).")
    problems: list[str] | None = Field(None, description="Every reason a rule refused (400).")
    fields: dict[str, str] | None = Field(None, description="What is wrong, by input (400).")
    limit: int | None = Field(None, description="The limit that was passed (413, 422).")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/api/v1/problems/validation",
                    "title": "The request is not valid",
                    "status": 422,
                    "detail": "start_date: Enter a date, for example 2025-03-15.",
                    "instance": "/api/v1/applications/12/experience",
                    "errors": [
                        {
                            "field": "start_date",
                            "message": "Enter a date, for example 2025-03-15.",
                        }
                    ],
                }
            ]
        }
    )


# Examples quote LSSCP's rules from its data file (fees, hours, years), so a rule changed there
# changes every example that mentions it.
EXAMPLE_RULES: dict[str, Any] = builtin_program_rules("lsscp") or {}
EXAMPLE_FEE_CENTS: int = EXAMPLE_RULES["enrollment_fee_cents"]


# The program values the examples quote, by the key they appear under: LSSCP's here, the default
# program's in the served document (`program_examples`). A value is swapped only where both its
# key and LSSCP's value match, so a person's name or another number is never touched.
EXAMPLE_PROGRAM_FIELDS: dict[str, str] = {
    "program": "slug",
    "slug": "slug",
    "name": "name",
    "title": "name",  # a framework's (CASE) title
    "program_name": "name",  # a register entry's program
    "short_name": "short_name",
    "certifying_body": "certifying_body",
    "creator": "certifying_body",  # a framework's (CASE) creator
    "enrollment_cents": "enrollment_fee_cents",  # the program's `fees`
    "member_cents": "member_fee_cents",
    "renewal_cents": "renewal_fee_cents",
    "tagline": "tagline",
    # the program's words for the experience it counts (`experience` of a program's detail)
    "workplace_noun": "workplace_noun",
    "experience_field": "experience_field",
    "experience_counts": "experience_counts",
    **{name: name for name in EXAMPLE_RULES if name != "contact_email"},
}
_EXAMPLE_DATA: dict[str, Any] = builtin_program_data("lsscp")
EXAMPLE_PROGRAM: dict[str, Any] = {
    "slug": "lsscp",
    "name": "Library Support Staff Certification Program",
    "short_name": "LSSCP",
    "certifying_body": "ALA-APA",
    "tagline": _EXAMPLE_DATA["tagline"],
    **{
        name: _EXAMPLE_DATA["experience"][name]
        for name in ("workplace_noun", "experience_field", "experience_counts")
    },
    **EXAMPLE_RULES,
}


# The fees amounts quote (`…_cents` under any key, e.g. an invoice's `total_cents`): LSSCP's
# value of one becomes the default program's value of the same fee in the served document.
EXAMPLE_FEES = (
    "course_approval_fee_cents",
    "renewal_fee_cents",
    "member_fee_cents",
    "enrollment_fee_cents",  # last: the one an amount means should two fees be equal
)


def _certification_words(name: str) -> str:
    """What a job posting calls a program of that name's credential."""
    return certification_name(Program(name=name))


def program_examples(document: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`document` with the examples' program values (LSSCP's, `EXAMPLE_PROGRAM`) replaced by
    `values` (a program's, by field): in example bodies by their keys, in a schema property's or
    parameter's own examples by its name. In longer example text, the program's names,
    certifying body and slug as whole words ("LSSCP enrollment fee", "/programs/lsscp/"); in
    any amount (a key ending `_cents`), one of LSSCP's fees becomes the same fee of the
    program, so an invoice for the enrollment fee says the program's fee. Changed in place and
    returned."""
    swaps = {
        key: (EXAMPLE_PROGRAM[field], values[field])
        for key, field in EXAMPLE_PROGRAM_FIELDS.items()
        if field in values and field in EXAMPLE_PROGRAM and values[field] != EXAMPLE_PROGRAM[field]
    }
    if not swaps:
        return document
    fees = {
        EXAMPLE_PROGRAM[fee]: values[fee]
        for fee in EXAMPLE_FEES
        if fee in values and isinstance(values[fee], int)
    }
    words = {
        EXAMPLE_PROGRAM[field]: values[field]
        for field in ("name", "certifying_body", "short_name", "slug")
        if values.get(field) and values[field] != EXAMPLE_PROGRAM[field]
    }
    if EXAMPLE_PROGRAM["name"] in words:
        words[_certification_words(EXAMPLE_PROGRAM["name"])] = _certification_words(values["name"])
    # Longest first ("…Certification Program" before "…Certification"); whole words only: the
    # slug also between hyphens (a fund's "ssd-lsscp-enrollment"), the others never as a part of
    # a number ("LSSCP-2026-…", written in the site's letters before this) or of another word.
    edge = {EXAMPLE_PROGRAM["slug"]: r"\w"}
    pattern = (
        re.compile(
            "|".join(
                rf"(?<![{edge.get(w, r'\w-')}]){re.escape(w)}(?![{edge.get(w, r'\w-')}])"
                for w in sorted(words, key=len, reverse=True)
            )
        )
        if words
        else None
    )

    def swap(key: str | None, value: Any) -> Any:
        old = swaps.get(key) if key is not None else None
        if old is not None and type(value) is type(old[0]) and value == old[0]:
            return old[1]
        if type(value) is int and key is not None and key.endswith("_cents") and value in fees:
            return fees[value]
        if isinstance(value, str) and pattern is not None and value not in words:
            # inside longer text only: a whole value is the program's under its own key alone
            return pattern.sub(lambda found: words[found.group(0)], value)
        return value

    def example(node: Any, key: str | None = None) -> Any:
        if isinstance(node, dict):
            return {k: example(v, k) for k, v in node.items()}
        if isinstance(node, list) and not (key in swaps and isinstance(swaps[key][0], list)):
            return [example(v, key) for v in node]
        return swap(key, node)

    def walk(node: Any, name: str | None = None) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        own = node.get("name") if "in" in node else name  # a parameter names itself
        for key, value in node.items():
            if key in ("example", "examples"):
                node[key] = example(value, own)
            elif key == "properties" and isinstance(value, dict):
                for prop, schema in value.items():
                    walk(schema, prop)
            else:
                walk(value, own if key == "schema" else None)  # a parameter's schema: its name

    walk(document)
    return document


def problems(*codes: int) -> dict[int, type[Problem]]:
    """Declare more problem responses: `response={200: Out, **problems(400)}`."""
    return dict.fromkeys(codes, Problem)


def example(value: dict[str, Any], *more: dict[str, Any]) -> ConfigDict:
    """A schema's example (and any more), for `model_config` (shown in the docs, checked against
    the schema)."""
    return ConfigDict(json_schema_extra={"examples": [value, *more]})


def examples(*, request: Any = None, response: Any = None, status: int = 200) -> dict[str, Any]:
    """`openapi_extra` examples for a body or response that has no schema of its own."""
    extra: dict[str, Any] = {}
    if request is not None:
        extra["requestBody"] = {"content": {"application/json": {"example": request}}}
    if response is not None:
        extra["responses"] = {status: {"content": {"application/json": {"example": response}}}}
    return extra


def problem_examples(status: int, **named: tuple[str, str]) -> dict[str, Any]:
    """`openapi_extra` examples of an operation's own problem documents: name → (summary,
    detail), e.g. the rules that refuse it with a 400, each in the words `detail` carries."""
    titles = {400: ("/api/v1/problems/rule", "The request breaks a rule")}
    kind, title = titles.get(status, ("about:blank", "Refused"))
    values = {
        name: {
            "summary": summary,
            "value": {"type": kind, "title": title, "status": status, "detail": detail},
        }
        for name, (summary, detail) in named.items()
    }
    return {"responses": {status: {"content": {PROBLEM_MEDIA_TYPE: {"examples": values}}}}}


def link(status: int, name: str, *, operation_id: str, **parameters: str) -> dict[str, Any]:
    """`openapi_extra` for an OpenAPI link: what to call next with a value from this response,
    e.g. `link(201, "GetApplication", operation_id=..., application_id="$response.body#/id")`."""
    return {
        "responses": {
            status: {"links": {name: {"operationId": operation_id, "parameters": parameters}}}
        }
    }


def _scope(auth: object) -> str | None:
    return getattr(auth, "scope", None)


class CertifySchema(OpenAPISchema):
    def operation_details(self, operation: Operation) -> dict[str, Any]:
        result = super().operation_details(operation)
        codes: set[int] = set()
        if operation.auth_callbacks:
            codes |= {401, 403}
        if operation.throttle_objects:
            codes.add(429)
        parameters = result.get("parameters") or []
        codes.add(422)  # a query parameter it does not take, at least (`rest/query.py`)
        if any(
            p.get("in") == "path" or (p.get("in") == "query" and p.get("name") == "program")
            for p in parameters
        ):
            codes.add(404)
        if parameters or WRITE_METHODS & set(operation.methods):
            codes.add(400)
        responses = result["responses"]
        for code in codes:
            responses.setdefault(code, {})
        for code, response in responses.items():
            if int(code) >= 400:
                response["description"] = PROBLEM_DESCRIPTIONS.get(int(code), "Refused.")
                # An operation's own examples of the problem (`problem_examples`) are kept.
                named = (response.get("content") or {}).get(PROBLEM_MEDIA_TYPE, {})
                media: dict[str, Any] = {"schema": self._problem_ref()}
                if named.get("examples"):
                    media["examples"] = named["examples"]
                response["content"] = {PROBLEM_MEDIA_TYPE: media}
        scopes = {type(a).__name__: _scope(a) for a in operation.auth_callbacks}
        for requirement in result.get("security", []):
            for name in requirement:
                if scopes.get(name):
                    requirement[name] = [scopes[name]]
        return result

    def _problem_ref(self) -> dict[str, str]:
        if "Problem" not in self.schemas:
            schema = Problem.model_json_schema(
                ref_template=REF_TEMPLATE,
                schema_generator=NinjaGenerateJsonSchema,
                mode="serialization",
            )
            self.add_schema_definitions(schema.pop("$defs", {}))
            self.schemas["Problem"] = schema
        return {"$ref": REF_TEMPLATE.format(model="Problem")}


class MethodNotAllowedError(Exception):
    """A method the address does not serve: `allowed` lists those it does (the `Allow` header).

    django-ninja answers it itself, before any operation or exception handler, with a bare 405
    in text/html; `CertifyAPI` raises this instead, answered as a problem document (`rest/api.py`).
    """

    def __init__(self, allowed: list[str]) -> None:
        super().__init__(", ".join(allowed))
        self.allowed = allowed


class CertifyAPI(NinjaAPI):
    """NinjaAPI whose schema follows the conventions above.

    Building the schema takes about a third of a second of CPU (every operation's models turned
    into JSON Schema); it depends only on the code, so it is built once per process for each path
    prefix and set of operations and kept as JSON text. Each call gets its own copy, read from
    that text (a few milliseconds): a caller changing it changes nothing for the next.

    Its title is the site's name (`SITE_NAME`) and the `title` given ("API"), read at each use:
    the documentation page's and the schema's."""

    @property
    def title(self) -> str:
        return f"{site_name()} {self._title}"

    @title.setter
    def title(self, value: str) -> None:
        self._title = value

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
        number_letters: str = EXAMPLE_LETTERS,
    ) -> OpenAPISchema:
        """The document; `number_letters`: the letters its example numbers start with (the code
        writes them in LSSCP's, `EXAMPLE_LETTERS`)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        # Building it freezes the routers (django-ninja refuses changes after that), so the
        # operations cannot change under a kept schema.
        kept = self._kept_schemas.get(path_prefix)
        if kept is None:
            kept = json.dumps(CertifySchema(self, path_prefix), cls=NinjaJSONEncoder)
            self._kept_schemas[path_prefix] = kept
        if number_letters != EXAMPLE_LETTERS:
            kept = kept.replace(f"{EXAMPLE_LETTERS}-", f"{number_letters}-")
        schema = json.loads(kept)
        schema["info"]["title"] = self.title
        return cast(OpenAPISchema, schema)

    @cached_property
    def _kept_schemas(self) -> dict[str, str]:
        return {}

    def _get_bound_routers(self) -> list[Any]:
        """The routers as served, each operation refusing a query parameter it does not declare
        (`rest/query.py`)."""
        routers = super()._get_bound_routers()
        for router in routers:
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    refuse_unknown_parameters(operation)
        return routers

    def _get_urls(self) -> list[Any]:
        """django-ninja's URLs, the document's served by `_served_document` instead, and every
        other view's 405 a problem document (`_problem_when_not_allowed`)."""
        urls: list[Any] = []
        for url in super()._get_urls():
            if getattr(url, "name", "") == "openapi-json":
                urls.append(
                    path(
                        str(self.openapi_url).lstrip("/"),
                        self._served_document,
                        name="openapi-json",
                    )
                )
            elif isinstance(url, URLPattern):
                callback = self._problem_when_not_allowed(url.callback)
                urls.append(URLPattern(url.pattern, callback, url.default_args, url.name))
            else:
                urls.append(url)
        return urls

    def _problem_when_not_allowed(self, view: Callable[..., Any]) -> Callable[..., Any]:
        """`view`, its bare 405 (django-ninja's "Method not allowed", text/html) answered by the
        API's handler of `MethodNotAllowedError` instead, with the methods in `Allow`."""

        @wraps(view)
        def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = sorted(m.strip() for m in response["Allow"].split(",") if m.strip())
                return self.on_exception(request, MethodNotAllowedError(allowed))
            return response

        return answered

    def _served_document(self, request: HttpRequest, **path_params: Any) -> HttpResponse:
        """The document as served: its example numbers ("LSSCP-2026-7K3Q9M2X", "LSSCP-C-…") in
        the letters of the program the site runs, or neutral ones ("ABC-…") when it runs
        several; its examples' program values (slug, names, certifying body, rules and fees) the
        default program's (`settings.DEFAULT_PROGRAM`), as staff set them. Nothing comes from
        the request: every caller gets the same document until a program changes, and the text
        is kept per process for each state of the programs (one small query a call)."""
        fields = sorted(set(EXAMPLE_PROGRAM_FIELDS.values()))
        rows = list(
            Program.objects.filter(Q(is_published=True) | Q(slug=settings.DEFAULT_PROGRAM))
            .order_by("pk")
            .values("is_published", *fields)
        )
        names = [row["short_name"] for row in rows if row["is_published"]]
        letters = example_prefix(prefix_of(name, fallback=NEUTRAL_PREFIX) for name in names)
        values: dict[str, Any] = next(
            (r for r in rows if r["slug"] == settings.DEFAULT_PROGRAM), {}
        )
        values.pop("is_published", None)
        prefix = self.get_root_path(path_params)
        key = json.dumps([prefix, self.title, letters, values], sort_keys=True, default=str)
        text = self._served_texts.get(key)
        if text is None:
            schema = self.get_openapi_schema(path_prefix=prefix, number_letters=letters)
            text = json.dumps(program_examples(cast(dict[str, Any], schema), values))
            if len(self._served_texts) > 16:  # programs changed many times: start again
                self._served_texts.clear()
            self._served_texts[key] = text
        return HttpResponse(text, content_type="application/json; charset=utf-8")

    @cached_property
    def _served_texts(self) -> dict[str, str]:
        return {}

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`certify_rest_<area>_<function>`, also when an area is a package of modules
        (`certify.rest.courses.catalogue`): splitting a module does not rename operations."""
        area = ".".join(operation.view_func.__module__.split(".")[:3])
        return f"{area}_{operation.view_func.__name__}".replace(".", "_")
