"""The competency framework as a 1EdTech CASE 1.0 CFPackage: export and import.

Sets and competencies are CFItems; each is tied to its parent (the document or a set) by an
`isChildOf` CFAssociation. Identifiers are stable uuid5 values, kept across re-imports.
"""

import uuid
from datetime import UTC
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from certify.core.codes import plain_digits
from certify.core.field_words import plain_words
from certify.core.services import audit_record
from certify.programs import selectors
from certify.programs.models import (
    Competency,
    CompetencySet,
    FrameworkVersion,
    Program,
    stable_uuid,
)
from certify.programs.services import (
    LoadReport,
    builtin_program_rules,
    framework_version_copy,
    framework_version_first,
    upsert,
)

CORE_SET_TYPE = "Core Competency Set"
ELECTIVE_SET_TYPE = "Elective Competency Set"
COMPETENCY_TYPE = "Competency"
# A version's status as CASE's adoption status of its CFDocument.
ADOPTION_STATUS = {"draft": "Draft", "published": "Adopted", "retired": "Deprecated"}
SET_TYPES = {CORE_SET_TYPE: CompetencySet.Kind.CORE, ELECTIVE_SET_TYPE: CompetencySet.Kind.ELECTIVE}


class CaseImportError(Exception):
    """A CASE file was refused. `errors` name each bad field, e.g. `CFItems[3].fullStatement`."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


# --- The parts of CASE 1.0 we read, as validating schemas -------------------------------------


class _Case(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


class LinkURI(_Case):
    title: str = ""
    identifier: uuid.UUID
    uri: str


class CFDocument(_Case):
    identifier: uuid.UUID
    uri: str
    creator: str = Field(min_length=1)
    title: str = Field(min_length=1)
    lastChangeDateTime: str
    description: str = ""
    language: str = "en"


class CFItem(_Case):
    identifier: uuid.UUID
    uri: str
    fullStatement: str = Field(min_length=1)
    humanCodingScheme: str = Field(min_length=1, max_length=30)
    CFItemType: Literal["Core Competency Set", "Elective Competency Set", "Competency"]
    abbreviatedStatement: str = ""
    notes: str = ""
    listEnumeration: str = ""
    lastChangeDateTime: str


class CFAssociation(_Case):
    identifier: uuid.UUID
    uri: str
    associationType: str
    originNodeURI: LinkURI
    destinationNodeURI: LinkURI
    sequenceNumber: int | None = None
    lastChangeDateTime: str


class CFPackage(_Case):
    CFDocument: CFDocument
    CFItems: list[CFItem]
    CFAssociations: list[CFAssociation]


# --- Export ----------------------------------------------------------------------------------


def case_package_export(
    *, program: Program, version: FrameworkVersion | None = None
) -> dict[str, Any]:
    """One version of the program's framework (the published one unless `version` is given) as
    a CFPackage (a JSON-ready dict), deterministic for a state. The CFDocument is the version's
    own, and names it in `version` (ADR 0056)."""
    if version is None:
        version = selectors.framework_version_current(program=program)
    changed = program.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    base = settings.SITE_URL
    doc_uri = f"{base}/programs/{program.slug}/competencies/"
    doc_id = version.case_identifier if version else program.case_identifier
    doc_link = {"title": program.name, "identifier": str(doc_id), "uri": doc_uri}
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def associate(child: dict[str, Any], parent: dict[str, Any], sequence: int) -> None:
        assoc_id = stable_uuid("isChildOf", child["identifier"], parent["identifier"])
        associations.append(
            {
                "identifier": str(assoc_id),
                "uri": f"{base}/api/v1/programs/{program.slug}/case#{assoc_id}",
                "associationType": "isChildOf",
                "sequenceNumber": sequence,
                "originNodeURI": child,
                "destinationNodeURI": parent,
                "CFDocumentURI": doc_link,
                "lastChangeDateTime": changed,
            }
        )

    sets = selectors.competency_set_list(program=program, version=version) if version else []
    for cset in sets:
        set_uri = f"{base}{cset.get_absolute_url()}"
        items.append(
            {
                "identifier": str(cset.case_identifier),
                "uri": set_uri,
                "fullStatement": cset.name,
                "abbreviatedStatement": cset.name,
                "humanCodingScheme": cset.code,
                "listEnumeration": str(cset.order),
                "CFItemType": CORE_SET_TYPE if cset.is_core else ELECTIVE_SET_TYPE,
                "notes": cset.summary,
                "language": "en",
                "CFDocumentURI": doc_link,
                "lastChangeDateTime": changed,
            }
        )
        set_link = {"title": cset.name, "identifier": str(cset.case_identifier), "uri": set_uri}
        associate(set_link, doc_link, cset.order)
        for comp in cset.competencies.all():
            comp_uri = f"{set_uri}#{comp.code}"
            items.append(
                {
                    "identifier": str(comp.case_identifier),
                    "uri": comp_uri,
                    "fullStatement": comp.statement,
                    "humanCodingScheme": comp.code,
                    "listEnumeration": str(comp.order),
                    "CFItemType": COMPETENCY_TYPE,
                    "notes": comp.portfolio_suggestion,
                    "language": "en",
                    "CFDocumentURI": doc_link,
                    "lastChangeDateTime": changed,
                }
            )
            comp_link = {
                "title": comp.code,
                "identifier": str(comp.case_identifier),
                "uri": comp_uri,
            }
            associate(comp_link, set_link, comp.order)

    return {
        "CFDocument": {
            "identifier": str(doc_id),
            "uri": doc_uri,
            "creator": program.certifying_body,
            "publisher": program.certifying_body,
            "title": program.name,
            "description": program.tagline,
            "subject": [program.short_name],
            "language": "en",
            "adoptionStatus": ADOPTION_STATUS[version.status] if version else "Draft",
            "version": version.name if version else "",
            "lastChangeDateTime": changed,
            "CFPackageURI": {
                "title": program.name,
                "identifier": str(doc_id),
                "uri": f"{base}/api/v1/programs/{program.slug}/case",
            },
        },
        "CFItems": items,
        "CFAssociations": associations,
    }


# --- Import ----------------------------------------------------------------------------------


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


# The lists of a CFPackage, and what one entry of each is called when its place is named.
ENTRY_WORDS = {"CFItems": "item", "CFAssociations": "association"}


def _where(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """The bad field's path, and for an entry of a list which one it is, counted from 1 as a
    person counts, with its code when it has one: `CFItems[5].fullStatement (item 6,
    “FLS-05”)`."""
    path = _field_path(loc)
    if len(loc) < 2 or loc[0] not in ENTRY_WORDS or not isinstance(loc[1], int):
        return path
    entries = data.get(str(loc[0]))
    entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
    code = entry.get("humanCodingScheme") if isinstance(entry, dict) else None
    named = f", “{code}”" if isinstance(code, str) and code.strip() else ""
    return f"{path} ({ENTRY_WORDS[str(loc[0])]} {loc[1] + 1}{named})"


def case_problem(error: Any, data: dict[str, Any]) -> str:
    """One of pydantic's errors about a CASE file, in the words the API answers with
    (`core.field_words`), after the field and the entry it is about:
    `CFItems[5].fullStatement (item 6, “FLS-05”): This is required.`"""
    return f"{_where(tuple(error['loc']), data)}: {plain_words(error)}"


def case_package_parse(data: Any) -> CFPackage:
    """Validate a CFPackage; every problem is reported with the path of the bad field."""
    if not isinstance(data, dict):
        raise CaseImportError(["The file must hold one JSON object (a CASE CFPackage)."])
    try:
        package = CFPackage.model_validate(data)
    except ValidationError as exc:
        raise CaseImportError([case_problem(err, data) for err in exc.errors()]) from exc

    errors: list[str] = []
    doc_id = package.CFDocument.identifier
    items = {item.identifier: (i, item) for i, item in enumerate(package.CFItems)}
    if len(items) != len(package.CFItems):
        errors.append("CFItems: two items share an identifier.")
    codes: dict[str, int] = {}
    for i, item in enumerate(package.CFItems):
        if item.humanCodingScheme in codes:
            errors.append(
                f"{_where(('CFItems', i, 'humanCodingScheme'), data)}: this code is already "
                f"used by {_where(('CFItems', codes[item.humanCodingScheme]), data)}."
            )
        codes[item.humanCodingScheme] = i

    parents: dict[uuid.UUID, uuid.UUID] = {}
    for i, assoc in enumerate(package.CFAssociations):
        if assoc.associationType != "isChildOf":
            continue  # other association types are allowed and ignored
        child, parent = assoc.originNodeURI.identifier, assoc.destinationNodeURI.identifier
        where = _where(("CFAssociations", i), data)
        if child not in items:
            at = _where(("CFAssociations", i, "originNodeURI", "identifier"), data)
            errors.append(f"{at}: no CFItem has identifier {child}.")
            continue
        if parent != doc_id and parent not in items:
            errors.append(
                f"{_where(('CFAssociations', i, 'destinationNodeURI', 'identifier'), data)}: "
                f"{parent} is neither the CFDocument nor a CFItem."
            )
            continue
        if child in parents:
            errors.append(f"{where}: CFItem {child} already has a parent.")
        parents[child] = parent

    for child, (i, item) in items.items():
        found_parent = parents.get(child)
        where = _where(("CFItems", i), data)
        if item.CFItemType in SET_TYPES:
            if found_parent != doc_id:
                errors.append(f"{where}: a competency set must be a child of the CFDocument.")
        elif (
            found_parent is None
            or found_parent == doc_id
            or items[found_parent][1].CFItemType not in SET_TYPES
        ):
            errors.append(f"{where}: a competency must be a child of a competency set.")
    if not any(item.CFItemType in SET_TYPES for item in package.CFItems):
        errors.append("CFItems: the framework has no competency sets.")
    if errors:
        raise CaseImportError(errors)
    return package


@transaction.atomic
def case_package_import(
    *,
    data: Any,
    program_slug: str | None = None,
    actor: Any = None,
    version: FrameworkVersion | None = None,
) -> tuple[Program, LoadReport]:
    """Fill a framework version from a CFPackage. All or nothing.

    With `version` (a draft), the draft becomes exactly the file's framework. Without it, the
    program is found by the CFDocument identifier (its own or one of its versions') or
    `program_slug`: a program that does not exist yet, or has no framework yet, gets the file as
    its published version 1; any other program gets it as its draft (a copy of the published
    version when there is no draft), which staff compare and publish (ADR 0056). A file that
    changes nothing leaves no new draft behind.
    """
    package = case_package_parse(data)
    doc = package.CFDocument
    report = LoadReport()
    if version is not None:
        if not version.is_draft:
            raise CaseImportError(["Only a draft version can be filled from a CASE file."])
        _fill_version(package, version, report)
        if not FrameworkVersion.objects.filter(case_identifier=doc.identifier).exists():
            version.case_identifier = doc.identifier  # the file's own document, when new here
            version.save(update_fields=["case_identifier"])
        if report.changed:
            audit_record(
                actor=actor,
                verb="framework.case_imported",
                target=version,
                data={"created": report.created, "updated": report.updated},
            )
        return version.program, report

    program = (
        Program.objects.filter(case_identifier=doc.identifier).first()
        or Program.objects.filter(framework_versions__case_identifier=doc.identifier).first()
    )
    if program is None and program_slug:
        program = Program.objects.filter(slug=program_slug).first()
    if program is None:
        slug = program_slug or slugify(doc.title)[:50]
        if Program.objects.filter(slug=slug).exists():
            raise CaseImportError(
                [f"CFDocument.identifier: a different program already uses the slug “{slug}”."]
            )
        # A framework has no fees, hours or other rules: a new program takes them from its
        # data file, and one without a data file is loaded first (load_program).
        rules = builtin_program_rules(slug)
        if rules is None:
            raise CaseImportError(
                [
                    f"CFDocument: there is no program “{slug}” yet, and a CASE file holds no "
                    "rules (fees, hours, years). Create the program first, then import its "
                    "framework into it with --program."
                ]
            )
        program = Program(
            **rules,
            slug=slug,
            name=doc.title,
            short_name=doc.title[:30],
            certifying_body=doc.creator,
            tagline=doc.description,
            overview=doc.description or doc.title,
            case_identifier=doc.identifier,
        )
        program.full_clean()
        program.save()
        report.count("created", "programs")
    else:
        values: dict[str, Any] = {
            "name": doc.title,
            "certifying_body": doc.creator,
            "tagline": doc.description,
        }
        program = upsert(Program, lookup={"pk": program.pk}, values=values, report=report)

    published = FrameworkVersion.objects.filter(
        program=program, status=FrameworkVersion.Status.PUBLISHED
    ).first()
    if published is None:
        target = framework_version_first(program=program)
        new_draft = False
    else:
        draft = FrameworkVersion.objects.filter(
            program=program, status=FrameworkVersion.Status.DRAFT
        ).first()
        new_draft = draft is None
        target = draft or framework_version_copy(program=program, source=published, actor=actor)
    _fill_version(package, target, report)
    if new_draft and not report.changed:
        target.delete()  # the file is the published framework: no draft to review
    elif report.changed:
        audit_record(
            actor=actor,
            verb="program.case_imported",
            target=program,
            data={"created": report.created, "updated": report.updated, "version": target.number},
        )
    return program, report


def _fill_version(package: CFPackage, version: FrameworkVersion, report: LoadReport) -> None:
    """Make the version's sets and competencies exactly the file's: matched by CASE identifier,
    then by code; what the file does not hold is removed (only drafts and new versions)."""
    program = version.program
    parents = {
        a.originNodeURI.identifier: (a.destinationNodeURI.identifier, a.sequenceNumber)
        for a in package.CFAssociations
        if a.associationType == "isChildOf"
    }
    in_version = CompetencySet.objects.filter(framework_version=version)
    sets: dict[uuid.UUID, CompetencySet] = {}
    for item in package.CFItems:
        if item.CFItemType not in SET_TYPES:
            continue
        existing = (
            in_version.filter(case_identifier=item.identifier).first()
            or in_version.filter(code=item.humanCodingScheme).first()
        )
        sets[item.identifier] = upsert(
            CompetencySet,
            lookup={"pk": existing.pk}
            if existing
            else {
                "program": program,
                "framework_version": version,
                "case_identifier": item.identifier,
            },
            values={
                "code": item.humanCodingScheme,
                "name": item.fullStatement,
                "kind": SET_TYPES[item.CFItemType],
                "order": _order(item, parents),
                "summary": item.notes,
                "case_identifier": item.identifier,
            },
            report=report,
        )
    kept_competencies: list[int] = []
    for item in package.CFItems:
        if item.CFItemType != COMPETENCY_TYPE:
            continue
        cset = sets[parents[item.identifier][0]]
        in_draft = Competency.objects.filter(competency_set__framework_version=version)
        existing_comp = (
            in_draft.filter(case_identifier=item.identifier).first()
            or in_draft.filter(competency_set=cset, code=item.humanCodingScheme).first()
        )
        comp = upsert(
            Competency,
            lookup={"pk": existing_comp.pk}
            if existing_comp
            else {"competency_set": cset, "case_identifier": item.identifier},
            values={
                "competency_set": cset,
                "code": item.humanCodingScheme,
                "statement": item.fullStatement,
                "portfolio_suggestion": item.notes,
                "order": _order(item, parents),
                "case_identifier": item.identifier,
            },
            report=report,
        )
        kept_competencies.append(comp.pk)
    gone = Competency.objects.filter(competency_set__framework_version=version).exclude(
        pk__in=kept_competencies
    )
    gone_sets = in_version.exclude(pk__in=[s.pk for s in sets.values()])
    for label, rows in (("competencies", gone), ("competency sets", gone_sets)):
        count = rows.count()
        if count:
            rows.delete()
            report.count("removed", label, count)


def _order(item: CFItem, parents: dict[uuid.UUID, tuple[uuid.UUID, int | None]]) -> int:
    sequence = parents[item.identifier][1]
    if sequence is not None:
        return sequence
    return int(item.listEnumeration) if plain_digits(item.listEnumeration) else 0
