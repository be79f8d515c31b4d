"""Program setup through the API (ADR 0055): the same sections, checks and audit as the settings
pages, through the same service (`programs/setup.py`). Program staff only (the `staff` scope).

Settings keep their stored names and units: fees in whole cents (`enrollment_fee_cents`), the
reminder schedule as a list of months. A refused change is a 400 whose `fields` says what is
wrong with each field, in the words the page shows beside it."""

import re
from datetime import datetime
from typing import Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, create_model

from certify.accounts.api import actor_named, actors_attach
from certify.accounts.models import User
from certify.programs import api as programs
from certify.programs.models import FaqEntry, Program
from certify.rest.auth import token_or_session
from certify.rest.openapi import EXAMPLE_RULES, example, examples
from certify.rest.schemas import InputSchema

router = Router(auth=token_or_session("staff"))
PERMISSION = "programs.change_program"


def _staff(request: HttpRequest) -> User:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return cast(User, request.user)


def _program(request: HttpRequest, slug: str) -> Program:
    _staff(request)
    return get_object_or_404(Program, slug=slug)


def _entry(request: HttpRequest, slug: str, faq_id: int) -> FaqEntry:
    return get_object_or_404(FaqEntry, pk=faq_id, program=_program(request, slug))


def _settings(program: Program) -> dict[str, dict[str, Any]]:
    return {s.key: {name: getattr(program, name) for name in s.fields} for s in programs.SECTIONS}


class ProgramSetupOut(Schema):
    slug: str
    name: str
    short_name: str
    is_published: bool
    updated_at: datetime

    model_config = example(
        {
            "slug": "lsscp",
            "name": "Library Support Staff Certification Program",
            "short_name": "LSSCP",
            "is_published": True,
            "updated_at": "2026-12-04T15:04:00Z",
        }
    )


class ProgramCreateIn(InputSchema):
    slug: str = Field(pattern=r"^[-a-z0-9]+$", max_length=50, description="The web address name.")
    name: str = Field(max_length=200)
    short_name: str = Field(max_length=30)
    certifying_body: str = Field(max_length=200)

    model_config = example(
        {
            "slug": "cpla",
            "name": "Certified Public Library Administrator Program",
            "short_name": "CPLA",
            "certifying_body": "ALA-APA",
        }
    )


class PublishIn(InputSchema):
    published: bool

    model_config = example({"published": True})


class FaqIn(InputSchema):
    question: str = Field(max_length=300)
    answer: str

    model_config = example(
        {
            "question": "Do I have to be a member?",
            "answer": "No. Members of {member_organisation} pay {member_fee} instead.",
        }
    )


class FaqOut(Schema):
    id: int
    question: str
    answer: str
    order: int
    is_published: bool

    model_config = example(
        {
            "id": 4,
            "question": "Do I have to be a member?",
            "answer": "No. Members of {member_organisation} pay {member_fee} instead.",
            "order": 1,
            "is_published": True,
        }
    )


class FaqMoveIn(InputSchema):
    to: Literal["up", "down"]

    model_config = example({"to": "up"})


class ChangeOut(Schema):
    created_at: datetime
    actor: str | None = Field(description="Who changed it (None: the system, e.g. a command).")
    verb: str
    section: str
    changes: dict[str, list[Any]] = Field(description="Each field: [old value, new value].")
    currency: str | None = Field(
        description="The program's currency when the change was made: amounts (`..._cents`) are "
        "in its cents; when `changes` has `currency`, old amounts are in its old value and new "
        "ones in its new. Null for a change recorded before currencies were kept with changes."
    )

    model_config = example(
        {
            "created_at": "2026-12-04T15:04:00Z",
            "actor": "Pat Program",
            "verb": "program.settings_changed",
            "section": "money",
            "changes": {"renewal_fee_cents": [EXAMPLE_RULES["renewal_fee_cents"], 17500]},
            "currency": "USD",
        }
    )

    @staticmethod
    def resolve_actor(obj) -> str | None:
        # As the page says it: never a closed account's placeholder name (ADR 0016).
        return actor_named(obj.actor) if obj.actor else None

    @staticmethod
    def resolve_section(obj) -> str:
        return str(obj.data.get("section", ""))

    @staticmethod
    def resolve_changes(obj) -> dict[str, list[Any]]:
        return dict(obj.data.get("changes") or {})

    @staticmethod
    def resolve_currency(obj) -> str | None:
        return obj.data.get("currency") or None


SETTINGS_EXAMPLE = {
    "money": {
        "enrollment_fee_cents": EXAMPLE_RULES["enrollment_fee_cents"],
        "member_organisation": EXAMPLE_RULES["member_organisation"],
        "member_fee_cents": EXAMPLE_RULES["member_fee_cents"],
    },
    "renewal": {"renewal_reminder_months": EXAMPLE_RULES["renewal_reminder_months"]},
}


@router.get("", response=list[ProgramSetupOut], summary="Every program, published or not")
def program_setup_list(request: HttpRequest):
    """For program staff: each program with whether its pages are public."""
    _staff(request)
    return list(programs.program_setup_list())


@router.post("", response={201: ProgramSetupOut}, summary="Set up a new program (unpublished)")
def program_setup_create(request: HttpRequest, payload: ProgramCreateIn):
    """The program starts unpublished, with no requirements and no fees; fill its sections next.
    A web address already taken is a 400 naming `slug`."""
    program = programs.program_create(actor=_staff(request), **payload.dict())
    return Status(201, program)


@router.get(
    "/{slug}/settings",
    response=dict[str, dict[str, Any]],
    summary="A program's settings, by section",
    openapi_extra=examples(response=SETTINGS_EXAMPLE),
)
def program_settings(request: HttpRequest, slug: str):
    """Every setting under its section's key (identity, eligibility, money, candidacy, routes,
    certificate, renewal, appeals, targets, pages); fees in whole cents."""
    return _settings(_program(request, slug))


# Every setting of every section, by its stored name and the JSON type of its stored value: a
# body names some of one section's. What a value must be beyond its type (bounds, the settings
# taken together, a setting of another section) is checked by the service
# (`programs/setup.py`), in the settings page's words.
_TYPES: dict[str, Any] = {"BooleanField": bool, "JSONField": list[Any]}
_TYPES.update(dict.fromkeys(("CharField", "TextField", "EmailField"), str))
_TYPES.update(
    dict.fromkeys(("PositiveIntegerField", "PositiveSmallIntegerField", "IntegerField"), int)
)


def _setting(section: Any, name: str) -> tuple[Any, Any]:
    kind = _TYPES.get(type(Program._meta.get_field(name)).__name__, Any)
    words = re.sub(r"\s*\(e\.g\. [^)]*\)", "", programs.setting_label(name))  # no program's
    return (kind, Field(None, description=f"{words} (section `{section.key}`)."))


_SETTING_FIELDS: dict[str, Any] = {
    name: _setting(s, name) for s in programs.SECTIONS for name in s.fields
}
_Settings = create_model("_Settings", __base__=InputSchema, **_SETTING_FIELDS)


class SettingsIn(_Settings):  # type: ignore[misc,valid-type]
    """Some settings of the section named in the path, by their stored names (fees in whole
    cents). A name that is no setting is refused like any field an operation does not take
    (422); a setting of another section is a 400 naming it, as the page would."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [SETTINGS_EXAMPLE["money"]]}
    )


@router.patch(
    "/{slug}/settings/{section}",
    response=dict[str, Any],
    summary="Change one section of a program's settings",
    openapi_extra=examples(response=SETTINGS_EXAMPLE["money"]),
)
def program_settings_update(request: HttpRequest, slug: str, section: str, payload: SettingsIn):
    """Only the fields given change; each must belong to the section. The same checks as the
    settings page: a 400 whose `fields` maps each refused field to the reason. Audited."""
    program = _program(request, slug)
    found = programs.SECTION_BY_KEY.get(section)
    updated = programs.program_settings_update(
        program=program,
        actor=_staff(request),
        section=section,
        data=payload.model_dump(exclude_unset=True),  # as sent: the values are the service's
    )
    return {name: getattr(updated, name) for name in found.fields} if found else {}


@router.post(
    "/{slug}/publish",
    response=ProgramSetupOut,
    summary="Publish or unpublish a program's pages",
)
def program_publish(request: HttpRequest, slug: str, payload: PublishIn):
    """Publishing needs an overview and a contact address (else a 400 saying what is missing)."""
    program = _program(request, slug)
    return programs.program_publish(
        program=program, actor=_staff(request), publish=payload.published
    )


@router.get("/{slug}/history", response=list[ChangeOut], summary="A program's settings history")
def program_history(request: HttpRequest, slug: str):
    """The newest 50 changes: who, when, which section, each field's old and new value."""
    changes = list(programs.program_history(program=_program(request, slug)))
    actors_attach(change.actor for change in changes)  # closed actors' last roles, one query
    return changes


@router.get("/{slug}/faq", response=list[FaqOut], summary="A program's questions, published or not")
def faq_list(request: HttpRequest, slug: str):
    """In the order the FAQ page shows them; `is_published` false: kept but not shown."""
    return list(programs.faq_all(program=_program(request, slug)))


@router.post("/{slug}/faq", response={201: FaqOut}, summary="Add a question to a program's FAQ")
def faq_add(request: HttpRequest, slug: str, payload: FaqIn):
    """Added at the end. Placeholders that would not fill are a 400 naming the field."""
    program = _program(request, slug)
    entry = programs.faq_entry_save(program=program, actor=_staff(request), **payload.dict())
    return Status(201, entry)


@router.put("/{slug}/faq/{faq_id}", response=FaqOut, summary="Change a question of the FAQ")
def faq_edit(request: HttpRequest, slug: str, faq_id: int, payload: FaqIn):
    """The question and its answer, checked like a new one."""
    entry = _entry(request, slug, faq_id)
    return programs.faq_entry_save(
        program=entry.program, actor=_staff(request), entry=entry, **payload.dict()
    )


@router.post("/{slug}/faq/{faq_id}/move", response=FaqOut, summary="Move a question up or down")
def faq_move(request: HttpRequest, slug: str, faq_id: int, payload: FaqMoveIn):
    """Swaps it with its neighbor; the first stays first and the last stays last."""
    entry = _entry(request, slug, faq_id)
    return programs.faq_entry_move(entry=entry, actor=_staff(request), up=payload.to == "up")


@router.put(
    "/{slug}/faq/{faq_id}/published",
    response=FaqOut,
    summary="Show a question on the FAQ page or take it off",
)
def faq_publish(request: HttpRequest, slug: str, faq_id: int, payload: PublishIn):
    """A question taken off the page is kept, never deleted."""
    entry = _entry(request, slug, faq_id)
    return programs.faq_entry_publish(
        entry=entry, actor=_staff(request), published=payload.published
    )
