"""Writes for programs: seeding a program from its definition (data/<slug>.json)."""

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from certify.core.errors import DomainError
from certify.core.services import audit_record
from certify.programs.experience import EXPERIENCE_FIELDS
from certify.programs.models import (
    PAYMENT_FIELDS,
    RULE_FIELDS,
    Competency,
    CompetencySet,
    FaqEntry,
    FrameworkVersion,
    Program,
    stable_uuid,
)
from certify.programs.setup import program_check, program_sets

BUILTIN_PROGRAMS_DIR = Path(__file__).resolve().parent / "data"
PROGRAM_TEXT_FIELDS = (
    "name",
    "short_name",
    "certifying_body",
    "tagline",
    "overview",
    "ways_to_show_competence",
    "who_can_apply",
    "costs",
    "help_with_costs",
)


@dataclass
class LoadReport:
    """What a load or import changed, counted per kind of object."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    # Already in the database and left as staff keep it (a load without `update`).
    kept: dict[str, int] = field(default_factory=dict)
    # Removed from a draft framework version by an import (never from a published one).
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, status: str, label: str, n: int = 1) -> None:
        bucket: dict[str, int] = getattr(self, status)
        bucket[label] = bucket.get(label, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def summary(self) -> str:
        parts = []
        for status in ("created", "updated", "removed", "unchanged", "kept"):
            bucket: dict[str, int] = getattr(self, status)
            if bucket:
                counts = ", ".join(f"{n} {label}" for label, n in sorted(bucket.items()))
                parts.append(f"{status}: {counts}")
        return "; ".join(parts) or "nothing to do"


def upsert[M: models.Model](
    model: type[M], *, lookup: dict[str, Any], values: dict[str, Any], report: LoadReport
) -> M:
    """Create or update one row, saving only when something differs (so re-runs change nothing)."""
    label = str(model._meta.verbose_name_plural)
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**{**lookup, **values})
        obj.full_clean()
        obj.save()
        report.count("created", label)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        report.count("updated", label)
    else:
        report.count("unchanged", label)
    return obj


def builtin_program_data(slug: str) -> dict[str, Any]:
    path = BUILTIN_PROGRAMS_DIR / f"{slug}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in BUILTIN_PROGRAMS_DIR.glob("*.json")))
        raise DomainError(f"There is no built-in program “{slug}”. Built-in programs: {known}.")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def builtin_program_rules(slug: str) -> dict[str, Any] | None:
    """The rules a built-in program's data file gives, or None when there is no such file."""
    if not (BUILTIN_PROGRAMS_DIR / f"{slug}.json").is_file():
        return None
    return dict(builtin_program_data(slug)["rules"])


def program_definition_problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with a definition's rules, in words (every rule, and only rules, given)."""
    rules = data.get("rules", {})
    problems = []
    if unknown := sorted(set(rules) - set(RULE_FIELDS)):
        problems.append(f"Unknown rules: {', '.join(unknown)}.")
    if missing := [name for name in RULE_FIELDS if name not in rules]:
        problems.append(f"Rules missing (a program's data gives every one): {', '.join(missing)}.")
    if unknown := sorted(set(data.get("payment", {})) - set(PAYMENT_FIELDS)):
        problems.append(f"Unknown payment settings: {', '.join(unknown)}.")
    if unknown := sorted(set(data.get("experience", {})) - set(EXPERIENCE_FIELDS)):
        problems.append(f"Unknown experience settings: {', '.join(unknown)}.")
    return problems


@transaction.atomic
def program_load(
    *, data: dict[str, Any], actor: Any = None, update: bool = False
) -> tuple[Program, LoadReport]:
    """Seed a program from its definition: its rules, prose, sets, competencies and FAQ.

    The definition seeds a program that does not exist yet. After that the database is the
    source: staff change rules and prose there, and loading again leaves the program as it is
    (reported as "kept"). `update=True` overwrites it from the definition on purpose, saving
    only what differs, so loading the same definition twice changes nothing the second time.
    Sets, competencies and FAQ entries missing from the definition are kept, never deleted,
    since candidates' work may refer to them. Prose whose placeholders would not fill is
    refused (a ValidationError), like an unknown or missing rule (a DomainError).
    """
    report = LoadReport()
    slug = data["slug"]
    if problems := program_definition_problems(data):
        raise DomainError(f"The definition of “{slug}” was not loaded. " + " ".join(problems))
    existing = Program.objects.filter(slug=slug).first()
    if existing is not None and not update:
        report.count("kept", "programs")
        return existing, report
    values = {name: data.get(name, "") for name in PROGRAM_TEXT_FIELDS}
    values.update(data["rules"])
    values.update(data.get("payment", {}))  # optional: a new program takes the defaults
    values.update(data.get("experience", {}))  # optional, the same
    if "time_zone" in data:  # optional: a new program takes the site's
        values["time_zone"] = data["time_zone"]
    values["case_identifier"] = (
        existing.case_identifier if existing else stable_uuid("program", slug)
    )
    # The same checks as the settings screens and the API (programs/setup.py), with the sets
    # the definition brings and those already there.
    candidate = Program.objects.get(pk=existing.pk) if existing else Program(slug=slug)
    for name, value in values.items():
        setattr(candidate, name, value)
    sets = {(s["code"], s["kind"]) for s in data["competency_sets"]}
    if existing is not None:
        sets |= set(program_sets(existing))
    program_check(candidate, sets=sets)
    changes = (
        {
            name: [getattr(existing, name), value]
            for name, value in values.items()
            if getattr(existing, name) != value and name != "case_identifier"
        }
        if existing
        else {}
    )
    program = upsert(Program, lookup={"slug": slug}, values=values, report=report)
    # The sets go into the published framework version (version 1 of a new program). Loading
    # with `update` changes that version on purpose; staff draft new versions (ADR 0056).
    version = FrameworkVersion.objects.filter(
        program=program, status=FrameworkVersion.Status.PUBLISHED
    ).first() or framework_version_first(program=program)

    for set_order, set_data in enumerate(data["competency_sets"], start=1):
        cset = upsert(
            CompetencySet,
            lookup={"framework_version": version, "code": set_data["code"]},
            values={
                "program": program,
                "name": set_data["name"],
                "kind": set_data["kind"],
                "order": set_data.get("order", set_order),
                "summary": set_data.get("summary", ""),
                "case_identifier": _identifier(
                    CompetencySet,
                    {"framework_version": version, "code": set_data["code"]},
                    ("set", slug, set_data["code"]),
                ),
            },
            report=report,
        )
        for order, comp in enumerate(set_data["competencies"], start=1):
            upsert(
                Competency,
                lookup={"competency_set": cset, "code": comp["code"]},
                values={
                    "statement": comp["statement"],
                    "portfolio_suggestion": comp.get("portfolio_suggestion", ""),
                    "order": order,
                    "case_identifier": _identifier(
                        Competency,
                        {"competency_set": cset, "code": comp["code"]},
                        ("competency", slug, comp["code"]),
                    ),
                },
                report=report,
            )

    for order, entry in enumerate(data.get("faq", []), start=1):
        upsert(
            FaqEntry,
            lookup={"program": program, "question": entry["question"]},
            values={"answer": entry["answer"], "order": order},
            report=report,
        )

    if report.changed:
        audit_record(
            actor=actor,
            verb="program.loaded",
            target=program,
            data={
                "created": report.created,
                "updated": report.updated,
                **(
                    {"section": "load", "changes": changes, "currency": existing.currency}
                    if changes and existing is not None
                    else {}
                ),
            },
        )
    return program, report


def framework_version_first(*, program: Program) -> FrameworkVersion:
    """A loaded program's version 1, published at once: the data file is its framework. It keeps
    the program's CASE identifier (the CFDocument the framework always had)."""
    # Created published (a creation, not a move): there is no draft to review, the data file is
    # the framework the program starts with.
    return FrameworkVersion.objects.create(
        program=program,
        number=1,
        status=FrameworkVersion.Status.PUBLISHED,
        case_identifier=program.case_identifier,
        published_at=timezone.now(),
    )


def _identifier(
    model: type[models.Model], lookup: dict[str, Any], parts: tuple[str, ...]
) -> uuid.UUID:
    """Keep an existing row's identifier (it may come from an imported CASE file)."""
    existing = model._default_manager.filter(**lookup).values_list("case_identifier", flat=True)
    found: uuid.UUID | None = existing.first()
    return found or stable_uuid(*parts)


def framework_version_copy(
    *, program: Program, source: FrameworkVersion | None, actor: Any, label: str = ""
) -> FrameworkVersion:
    """A new draft version of the program's framework: a copy of `source` (its sets, their
    competencies, with the same CASE identifiers) or empty. The caller checks who may."""
    last = FrameworkVersion.objects.filter(program=program).order_by("-number").first()
    number = last.number + 1 if last else 1
    identifier = program.case_identifier
    if FrameworkVersion.objects.filter(case_identifier=identifier).exists():
        identifier = stable_uuid("framework", program.slug, str(number))
    draft = FrameworkVersion.objects.create(
        program=program,
        number=number,
        label=label,
        based_on=source,
        case_identifier=identifier,
        created_by=actor,
    )
    if source is None:
        return draft
    for cset in CompetencySet.objects.filter(framework_version=source).prefetch_related(
        "competencies"
    ):
        competencies = list(cset.competencies.all())
        cset.pk = None
        cset._state.adding = True
        cset.framework_version = draft
        cset.save()
        for comp in competencies:
            comp.pk = None
            comp._state.adding = True
            comp.competency_set = cset
        Competency.objects.bulk_create(competencies)
    return draft
