"""Program setup for program staff (ADR 0055): the list of programs, a new program, and each
program's settings page in sections, each its own form with its own Save; its FAQ; a preview of
its public pages with the typed text; publishing. Every write goes through `programs/setup.py`,
the service the API and `load_program` use too."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from certify.accounts.api import actors_attach
from certify.core.decorators import permission_required
from certify.core.errors import DomainError
from certify.core.forms import amount_text
from certify.core.http import saved_redirect
from certify.core.money import Money, currency_name
from certify.programs import selectors, setup
from certify.programs.models import FaqEntry, Program
from certify.programs.sections import MONEY_FIELDS, SECTION_BY_KEY, SECTIONS, label
from certify.programs.setup_forms import (
    PROSE_FIELDS,
    FaqForm,
    NewProgramForm,
    SectionForm,
    section_form,
)

PERMISSION = "programs.change_program"
# The public pages a preview shows: (address part, template, label). Only the pages whose words
# staff type (the "Public pages" section) and the FAQ: the competency sets and job requirements
# are the framework's, shown by its own screens (ADR 0055).
PREVIEWS = (
    ("overview", "overview", "Overview"),
    ("ways", "ways", "Ways to show competence"),
    ("who-can-apply", "who_can_apply", "Who can apply"),
    ("costs", "costs", "Costs and help"),
    ("faq", "faq", "FAQ"),
)
PREVIEW_PAGES = {page: template for page, template, _ in PREVIEWS}
PREVIEW_BUTTONS = [(page, page_label) for page, _, page_label in PREVIEWS]


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _value_text(name: str, value: Any, currency: str = "") -> str:
    if value is None or value == "":
        return "(empty)"
    if name in MONEY_FIELDS and isinstance(value, int):
        # With its cents and mark, as every amount people read ("$350.00"); a change recorded
        # before its currency was, in figures alone ("350.00").
        return Money(value, currency).with_cents() if currency else amount_text(value)
    if name == "currency" and isinstance(value, str):
        return f"{value} ({currency_name(value)})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def history_rows(program: Program) -> list[dict[str, Any]]:
    """The history, newest first, each amount with the currency in force when it was changed:
    the one recorded with the change, or (a change recorded before the currency was) the one the
    later changes of currency show was in force then, which the row then says."""
    rows = []
    in_force = program.currency  # after the newest change; walking back, before each one
    events = list(selectors.program_history(program=program))
    actors_attach(event.actor for event in events)  # closed actors' last roles, one query
    for event in events:
        section = SECTION_BY_KEY.get(event.data.get("section", ""))
        pairs = {
            name: pair
            for name, pair in (event.data.get("changes") or {}).items()
            if isinstance(pair, list) and len(pair) == 2
        }
        recorded = event.data.get("currency")
        switched = pairs.get("currency")
        before = str(switched[0] if switched else recorded or in_force)
        after = str(switched[1] if switched else recorded or in_force)
        in_force = before
        changes = [
            Change(
                label(name), _value_text(name, pair[0], before), _value_text(name, pair[1], after)
            )
            for name, pair in pairs.items()
        ]
        unrecorded = not switched and not recorded and any(n in MONEY_FIELDS for n in pairs)
        rows.append(
            {
                "event": event,
                "section": section.title if section else event.data.get("section", ""),
                "changes": changes,
                "currency_note": (
                    f"Amounts in {before} ({currency_name(before)}): the currency was not "
                    "recorded with this change; it is the one in force then, as the later "
                    "changes show."
                    if unrecorded
                    else ""
                ),
            }
        )
    return rows


def _program(slug: str) -> Program:
    return get_object_or_404(Program, slug=slug)


def _settings_page(
    request: HttpRequest,
    program: Program,
    *,
    bound: SectionForm | None = None,
    faq_form: FaqForm | None = None,
    faq_edit: tuple[int, FaqForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = []
    for section in SECTIONS:
        form = bound if bound is not None and bound.section.key == section.key else None
        forms.append((section, form or section_form(section, program)))
    entries = list(selectors.faq_all(program=program))
    edit_forms = {
        entry.pk: (
            faq_edit[1]
            if faq_edit and faq_edit[0] == entry.pk
            else FaqForm(
                prefix=f"faq{entry.pk}",
                initial={"question": entry.question, "answer": entry.answer},
            )
        )
        for entry in entries
    }
    context = {
        "program": program,
        "sections": forms,
        "faq": [(entry, edit_forms[entry.pk]) for entry in entries],
        "faq_form": faq_form or FaqForm(prefix="faq-new"),
        "history": history_rows(program),
        "publish_problems": setup.publish_problems(program),
        "preview_buttons": PREVIEW_BUTTONS,
    }
    return render(request, "programs/setup/settings.html", context, status=status)


@permission_required(PERMISSION)
def setup_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/setup/list.html", {"programs": selectors.program_setup_list()})


@permission_required(PERMISSION)
def setup_new(request: HttpRequest) -> HttpResponse:
    form = NewProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = setup.program_create(actor=request.user, **form.cleaned_data)
        except setup.SettingsInvalidError as error:
            for name, message in error.fields.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(
                request, f"{program.name} is set up, unpublished. Fill in each section below."
            )
            return saved_redirect(reverse("programs:setup_settings", args=[program.slug]))
    status = 400 if form.is_bound else 200
    return render(request, "programs/setup/new.html", {"form": form}, status=status)


@permission_required(PERMISSION)
def setup_settings(request: HttpRequest, slug: str) -> HttpResponse:
    return _settings_page(request, _program(slug))


@require_POST
@permission_required(PERMISSION)
def setup_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    program = _program(slug)
    found = SECTION_BY_KEY.get(section)
    if found is None:
        raise Http404("No such section.")
    form = section_form(found, program, data=request.POST)
    if form.is_valid():
        try:
            setup.program_settings_update(
                program=program, actor=request.user, section=section, data=form.values()
            )
        except setup.SettingsInvalidError as error:
            form.add_service_errors(error.fields)
        else:
            messages.success(request, f"{found.title}: saved.")
            return saved_redirect(reverse("programs:setup_settings", args=[slug]), section)
    return _settings_page(request, program, bound=form, status=400)


@permission_required(PERMISSION)
def setup_preview(request: HttpRequest, slug: str, page: str) -> HttpResponse:
    """A public page as it will look, published or not: with the saved text, or with the text
    typed in the Public pages form (posted here by its Preview button; nothing is saved)."""
    program = selectors.program_get(slug=slug, published_only=False)
    template = PREVIEW_PAGES.get(page)
    if template is None:
        raise Http404("No such page.")
    if request.method == "POST":
        form = section_form(SECTION_BY_KEY["pages"], program, data=request.POST)
        form.is_valid()
        for name in PROSE_FIELDS:
            if name in form.cleaned_data:
                setattr(program, name, form.cleaned_data[name])  # this request only; never saved
    sets = list(program.competency_sets.all())
    context = {
        "program": program,
        "core_sets": [s for s in sets if s.is_core],
        "elective_sets": [s for s in sets if not s.is_core],
        "entries": selectors.faq_all(program=program).filter(is_published=True),
        "preview": True,
        "preview_buttons": PREVIEW_BUTTONS,
    }
    return render(request, f"programs/{template}.html", context)


@permission_required(PERMISSION)
def setup_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publishing (or unpublishing) asks first: a GET shows what will happen, a POST does it."""
    program = _program(slug)
    publish = not program.is_published
    if request.method == "POST":
        try:
            setup.program_publish(program=program, actor=request.user, publish=publish)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{program.name} is published: its pages are public."
                if publish
                else f"{program.name} is unpublished: its pages are hidden from the public.",
            )
        return redirect("programs:setup_settings", slug=slug)
    if publish and (problems := setup.publish_problems(program)):
        messages.error(request, "Not ready to publish: " + " ".join(problems))
        return redirect("programs:setup_settings", slug=slug)
    public = reverse("programs:overview", args=[slug])
    happens = (
        [
            f"Its pages go public at {public} and it is listed with the programs.",
            "People can create an account and apply to it.",
            "You can unpublish it again later; applications already made are kept.",
        ]
        if publish
        else [
            "Its pages are hidden from the public and it is no longer listed.",
            "Applications, candidates and certificates already in it are kept.",
        ]
    )
    context = {
        "title": f"Publish {program.name}?" if publish else f"Unpublish {program.name}?",
        "eyebrow": "Program settings",
        "happens": happens,
        "action": request.path,
        "button": "Yes, publish it" if publish else "Yes, unpublish it",
        "back": reverse("programs:setup_settings", args=[slug]),
    }
    return render(request, "confirm.html", context)


@require_POST
@permission_required(PERMISSION)
def setup_faq_add(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(slug)
    form = FaqForm(request.POST, prefix="faq-new")
    if form.is_valid():
        try:
            setup.faq_entry_save(program=program, actor=request.user, **form.cleaned_data)
        except setup.SettingsInvalidError as error:
            for name, message in error.fields.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, "The question is added.")
            return saved_redirect(reverse("programs:setup_settings", args=[slug]), "faq")
    return _settings_page(request, program, faq_form=form, status=400)


def _entry(program: Program, entry_id: int) -> FaqEntry:
    return get_object_or_404(FaqEntry, pk=entry_id, program=program)


@require_POST
@permission_required(PERMISSION)
def setup_faq_edit(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    program = _program(slug)
    entry = _entry(program, entry_id)
    form = FaqForm(request.POST, prefix=f"faq{entry.pk}")
    if form.is_valid():
        try:
            setup.faq_entry_save(
                program=program, actor=request.user, entry=entry, **form.cleaned_data
            )
        except setup.SettingsInvalidError as error:
            for name, message in error.fields.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, "The question is saved.")
            page = reverse("programs:setup_settings", args=[slug])
            return saved_redirect(page, f"faq-{entry.pk}")
    return _settings_page(request, program, faq_edit=(entry.pk, form), status=400)


@require_POST
@permission_required(PERMISSION)
def setup_faq_move(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    entry = _entry(_program(slug), entry_id)
    setup.faq_entry_move(entry=entry, actor=request.user, up=request.POST.get("to") == "up")
    return redirect(f"{reverse('programs:setup_settings', args=[slug])}#faq-{entry.pk}")


@require_POST
@permission_required(PERMISSION)
def setup_faq_publish(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    entry = _entry(_program(slug), entry_id)
    setup.faq_entry_publish(
        entry=entry, actor=request.user, published=request.POST.get("published") == "1"
    )
    return redirect(f"{reverse('programs:setup_settings', args=[slug])}#faq-{entry.pk}")
