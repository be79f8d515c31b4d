"""Writes for program setup (ADR 0055): the one door through which the settings screens, the API
and `load_program` change a program.

Every change is checked twice: each field on its own (the model's validators) and the fields
together (`settings_problems`: a minimum of hours on a set needs a set of the program, the
member price is not above the full fee, renewal costs less than enrollment, ...). Problems come
back by field, in words a staff member understands (`SettingsInvalidError.fields`). Every change
is audited with who, when, which section, and each field's old and new value
(`program.settings_changed`).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from certify.core.errors import DomainError
from certify.core.money import CURRENCIES
from certify.core.services import audit_record
from certify.programs.experience import workplace_kinds_problem
from certify.programs.models import EducationRule, FaqEntry, Program, stable_uuid
from certify.programs.sections import SECTION_BY_KEY, label

# A new program starts with no requirements and no fees, and unpublished: staff fill each
# section before publishing it. Nothing here is another program's rule.
NEW_PROGRAM_START: dict[str, Any] = {
    "electives_required": 0,
    "experience_hours_required": 0,
    "experience_window_years": 1,
    "education_required": EducationRule.NONE,
    "completion_limit_years": 1,
    "enrollment_fee_cents": 0,
    "member_fee_cents": 0,
    "member_organisation": "",
    "renewal_fee_cents": 0,
    "course_approval_fee_cents": 0,
    "course_approval_years": 1,
    "course_completion_lookback_years": 0,
    "recognised_programme_years": 0,
    "portfolio_met_percent": 100,
    "portfolio_resubmissions": 0,
    "certificate_validity_years": 1,
    "renewal_window_months": 1,
    "renewal_grace_months": 0,
    "renewal_ce_hours": 0,
    "renewal_technology_hours": 0,
    "semester_credit_hours": 0,
    "quarter_credit_hours": 0,
    "conference_day_hours": 0,
    "renewal_technology_set_code": "",
    "renewal_audit_percent": 0,
    "renewal_reminder_months": [1],
    "appeal_notice_days": 1,
    "appeal_grounds_days": 1,
    "accepts_card": False,
    "accepts_check": False,
    "accepts_purchase_order": False,
    "overview": "",
}


class SettingsInvalidError(DomainError):
    """Settings refused: `fields` maps each field to what is wrong with it, in words."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        self.problems = [f"{label(name)}: {message}" for name, message in self.fields.items()]
        super().__init__(
            "Some settings were not saved: " + " ".join(self.problems),
            field=next(iter(self.fields), None),
        )


def settings_problems(
    values: Mapping[str, Any], *, sets: Iterable[tuple[str, str]] = ()
) -> dict[str, str]:
    """What is wrong with a program's settings taken together, by field (empty when all is well).

    `values` holds every setting; `sets` the program's competency sets as (code, kind)."""
    sets = list(sets)
    codes = {code for code, _ in sets}
    v = values
    problems: dict[str, str] = {}

    def whole(name: str) -> int:
        value = v.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    if whole("member_fee_cents") > whole("enrollment_fee_cents"):
        problems["member_fee_cents"] = "The member price cannot be more than the enrollment fee."
    if whole("member_fee_cents") < whole("enrollment_fee_cents") and not v.get(
        "member_organisation"
    ):
        problems["member_organisation"] = "Name the organization whose members pay the lower price."
    # Renewal has its own, lower fee (the program's pages say renewal costs less than enrollment).
    if whole("renewal_fee_cents") and whole("renewal_fee_cents") >= whole("enrollment_fee_cents"):
        problems["renewal_fee_cents"] = "The renewal fee must be lower than the enrollment fee."
    if "currency" in v and v.get("currency") not in CURRENCIES:
        problems["currency"] = (
            "Choose a currency from the list (a three-letter ISO 4217 code counted in cents): "
            + ", ".join(CURRENCIES)
            + "."
        )
    if v.get("experience_hours_required") and whole("experience_window_years") < 1:
        problems["experience_window_years"] = "Give at least one year for the experience."
    if "workplace_noun" in v and not str(v.get("workplace_noun") or "").strip():
        problems["workplace_noun"] = "Say where candidates work, e.g. library or organization."
    if "workplace_kinds" in v and (kinds := workplace_kinds_problem(v.get("workplace_kinds"))):
        problems["workplace_kinds"] = kinds
    if (
        v.get("education_required") == EducationRule.MASTERS_ACCREDITED
        and not str(v.get("education_accreditor") or "").strip()
    ):
        problems["education_accreditor"] = (
            "Name who accredits the degree program, e.g. the American Library Association (ALA)."
        )
    if whole("completion_limit_years") < 1:
        problems["completion_limit_years"] = "Give candidates at least one year to finish."
    electives = [code for code, kind in sets if kind == "elective"]
    if sets and whole("electives_required") > len(electives):
        problems["electives_required"] = (
            f"The program has {len(electives)} elective sets, so no more can be required."
        )
    if not 1 <= whole("portfolio_met_percent") <= 100:
        problems["portfolio_met_percent"] = "Give a share between 1 and 100 percent."
    validity = whole("certificate_validity_years")
    if validity < 1:
        problems["certificate_validity_years"] = "A certificate is valid for at least one year."
    if not 1 <= whole("renewal_window_months") <= max(validity, 1) * 12:
        problems["renewal_window_months"] = (
            "Renewal opens between 1 month and the certificate's whole validity before expiry."
        )
    if whole("renewal_grace_months") > 24:
        problems["renewal_grace_months"] = "A grace period is at most 24 months."
    tech_hours, code = whole("renewal_technology_hours"), str(v.get("renewal_technology_set_code"))
    if tech_hours > whole("renewal_ce_hours"):
        problems["renewal_technology_hours"] = (
            "Hours on a set are part of the continuing education hours, so they cannot be more."
        )
    if tech_hours and not code:
        problems["renewal_technology_set_code"] = (
            "A minimum of hours on a set needs that competency set: choose one, or set its hours "
            "to 0."
        )
    elif code and code not in codes:
        problems["renewal_technology_set_code"] = (
            f"There is no competency set “{code}” in this program."
        )
    if not 0 <= whole("renewal_audit_percent") <= 100:
        problems["renewal_audit_percent"] = "Give a share between 0 and 100 percent."
    months = v.get("renewal_reminder_months")
    if not months:
        problems["renewal_reminder_months"] = "Give at least one reminder."
    elif isinstance(months, list) and any(
        isinstance(m, int) and m > max(validity, 1) * 12 for m in months
    ):
        problems["renewal_reminder_months"] = (
            "A reminder cannot come before the certificate is issued: at most the months it is "
            "valid."
        )
    for name in ("appeal_notice_days", "appeal_grounds_days"):
        if whole(name) < 1:
            problems[name] = "Give at least one day."
    if whole("appeal_grounds_days") < whole("appeal_notice_days"):
        problems["appeal_grounds_days"] = "The grounds cannot be due before the notice."
    for name in ("target_application_days", "target_portfolio_review_days", "target_renewal_days"):
        if whole(name) < 1:
            problems[name] = "Give at least one day."
    return problems


def program_sets(program: Program) -> list[tuple[str, str]]:
    """The program's sets as (code, kind): its published framework version's, or before the
    first is published, its draft's (ADR 0056), so a new program's rules can name its sets."""
    for status in ("published", "draft"):
        sets = program.competency_sets.filter(framework_version__status=status)
        if sets.exists():
            return list(sets.values_list("code", "kind"))
    return []


def program_check(program: Program, *, sets: Iterable[tuple[str, str]] | None = None) -> None:
    """Refuse a program whose settings are not valid, one field by one and together."""
    fields: dict[str, str] = {}
    try:
        program.full_clean(exclude=["case_identifier"] if program.pk is None else None)
    except ValidationError as error:
        fields.update({k: " ".join(v) for k, v in error.message_dict.items()})
    values = {f.name: getattr(program, f.name) for f in Program._meta.concrete_fields}
    together = settings_problems(values, sets=program_sets(program) if sets is None else sets)
    fields.update(together)  # the same field's problem in staff's words, not the model's
    if fields:
        raise SettingsInvalidError(fields)


def _shown(value: Any) -> Any:
    """A value as the history keeps it (JSON: numbers, text, yes/no, lists)."""
    return value if isinstance(value, bool | int | str | list | None) else str(value)


@transaction.atomic
def program_settings_update(
    *, program: Program, actor: Any, section: str, data: Mapping[str, Any]
) -> Program:
    """Change one section of a program's settings (money in whole cents), checked and audited.

    Fields left out keep their values; a field of another section is refused."""
    found = SECTION_BY_KEY.get(section)
    if found is None:
        raise DomainError(f"There is no settings section “{section}”.", field="section")
    if unknown := sorted(set(data) - set(found.fields)):
        raise DomainError(
            f"Not settings of “{found.title}”: {', '.join(unknown)}.", field=unknown[0]
        )
    program = Program.objects.select_for_update().get(pk=program.pk)
    changes = {
        name: [_shown(getattr(program, name)), _shown(value)]
        for name, value in data.items()
        if getattr(program, name) != value
    }
    if not changes:
        return program
    # The currency in force when the change was made: the history shows amounts in it (a change
    # of currency itself is among the changes, old and new).
    in_force = program.currency
    for name in changes:
        setattr(program, name, data[name])
    program_check(program)
    program.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        verb="program.settings_changed",
        target=program,
        data={"section": section, "changes": changes, "currency": in_force},
    )
    return program


# Words a program's slug cannot be: they are paths of Certify's own (e.g. /plan/programs/<slug>/).
RESERVED_SLUGS = frozenset({"programs", "new", "staff", "providers", "electives"})


@transaction.atomic
def program_create(
    *, actor: Any, slug: str, name: str, short_name: str, certifying_body: str
) -> Program:
    """A new, unpublished program with no requirements yet: staff fill its sections next."""
    if slug in RESERVED_SLUGS:
        raise SettingsInvalidError(
            {"slug": "This web address is taken by Certify's own pages. Choose another."}
        )
    if Program.objects.filter(slug=slug).exists():
        raise SettingsInvalidError({"slug": "Another program already has this web address."})
    program = Program(
        slug=slug,
        name=name,
        short_name=short_name,
        certifying_body=certifying_body,
        is_published=False,
        case_identifier=stable_uuid("program", slug),
        **NEW_PROGRAM_START,
    )
    program_check(program, sets=[])
    program.save()
    audit_record(
        actor=actor,
        verb="program.created",
        target=program,
        data={"slug": slug, "name": name, "short_name": short_name},
    )
    return program


def publish_problems(program: Program) -> list[str]:
    """What a program needs before the public may see it."""
    problems = []
    if not program.overview.strip():
        problems.append("Write the overview (Public pages).")
    if not program.contact_email:
        problems.append("Give a contact e-mail address (Name and contact).")
    return problems


@transaction.atomic
def program_publish(*, program: Program, actor: Any, publish: bool = True) -> Program:
    """Show the program's pages to the public (or take them down again), audited."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if publish and (problems := publish_problems(program)):
        raise DomainError("The program is not ready to publish: " + " ".join(problems))
    if program.is_published == publish:
        return program
    program.is_published = publish
    program.save(update_fields=["is_published", "updated_at"])
    audit_record(
        actor=actor,
        verb="program.published" if publish else "program.unpublished",
        target=program,
        data={"changes": {"is_published": [not publish, publish]}},
    )
    return program


@transaction.atomic
def faq_entry_save(
    *,
    program: Program,
    actor: Any,
    question: str,
    answer: str,
    entry: FaqEntry | None = None,
) -> FaqEntry:
    """Add a question (at the end) or change one; the text's placeholders must fill."""
    if entry is not None and entry.program_id != program.pk:
        raise DomainError("That question belongs to another program.")
    before = {"question": entry.question, "answer": entry.answer} if entry else {}
    if entry is None:
        last = program.faq_entries.order_by("-order").values_list("order", flat=True).first()
        entry = FaqEntry(program=program, order=(last or 0) + 1)
    entry.question, entry.answer = question.strip(), answer.strip()
    try:
        entry.full_clean()
    except ValidationError as error:
        raise SettingsInvalidError(
            {k: " ".join(v) for k, v in error.message_dict.items()}
        ) from None
    entry.save()
    changes = {
        name: [before.get(name), getattr(entry, name)]
        for name in ("question", "answer")
        if before.get(name) != getattr(entry, name)
    }
    if changes:
        audit_record(
            actor=actor,
            verb="program.faq_saved",
            target=program,
            data={"section": "faq", "entry": entry.pk, "changes": changes},
        )
    return entry


@transaction.atomic
def faq_entry_move(*, entry: FaqEntry, actor: Any, up: bool) -> FaqEntry:
    """Swap a question with the one before (up) or after it; the first stays first."""
    entries = list(
        FaqEntry.objects.select_for_update(of=("self",)).filter(program=entry.program_id)
    )
    entries.sort(key=lambda e: (e.order, e.pk))
    index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(entries):
        return entry
    entries[index], entries[other] = entries[other], entries[index]
    for order, row in enumerate(entries, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order"])
    moved = entries[other]
    audit_record(
        actor=actor,
        verb="program.faq_moved",
        target=moved.program,
        data={"section": "faq", "entry": moved.pk, "changes": {"order": [index + 1, other + 1]}},
    )
    return moved


@transaction.atomic
def faq_entry_publish(*, entry: FaqEntry, actor: Any, published: bool) -> FaqEntry:
    """Show a question on the public FAQ, or take it off (it is kept, never deleted)."""
    if entry.is_published == published:
        return entry
    entry.is_published = published
    entry.save(update_fields=["is_published"])
    audit_record(
        actor=actor,
        verb="program.faq_published" if published else "program.faq_unpublished",
        target=entry.program,
        data={
            "section": "faq",
            "entry": entry.pk,
            "changes": {"is_published": [not published, published]},
        },
    )
    return entry
