"""Reads for programs. Views and the API read through these, never the models directly."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from certify.core.models import AuditEvent
from certify.programs.models import Competency, CompetencySet, FaqEntry, Program


def program_list(*, published_only: bool = True) -> QuerySet[Program]:
    qs = Program.objects.annotate(
        core_set_count=Count("competency_sets", filter=Q(competency_sets__kind="core")),
        elective_set_count=Count("competency_sets", filter=Q(competency_sets__kind="elective")),
    ).order_by("name")
    return qs.filter(is_published=True) if published_only else qs


def program_get(*, slug: str, published_only: bool = True) -> Program:
    """One program with its sets (and each set's competency count) prefetched."""
    sets = CompetencySet.objects.annotate(competency_count=Count("competencies")).order_by(
        "order", "name"
    )
    qs = Program.objects.prefetch_related(Prefetch("competency_sets", queryset=sets))
    if published_only:
        qs = qs.filter(is_published=True)
    program = qs.filter(slug=slug).first()
    if program is None:
        raise Http404("No such program.")
    return program


def competency_set_list(*, program: Program) -> QuerySet[CompetencySet]:
    """The program's sets, each with its competencies, in order."""
    return (
        CompetencySet.objects.filter(program=program)
        .select_related("program")
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "code"))
        )
        .order_by("order", "name")
    )


def competency_set_get(*, program: Program, code: str) -> CompetencySet:
    cset = competency_set_list(program=program).filter(code__iexact=code).first()
    if cset is None:
        raise Http404("No such competency set.")
    return cset


def faq_list(*, program: Program) -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(program=program, is_published=True).order_by("order", "id")


def program_setup_list() -> QuerySet[Program]:
    """Every program for the staff's setup list, published or not, with its counts."""
    sets = "competency_sets"
    return Program.objects.annotate(
        core_set_count=Count(sets, filter=Q(competency_sets__kind="core"), distinct=True),
        elective_set_count=Count(sets, filter=Q(competency_sets__kind="elective"), distinct=True),
        faq_count=Count("faq_entries", distinct=True),
    ).order_by("name")


def faq_all(*, program: Program) -> QuerySet[FaqEntry]:
    """Every question of a program, published or not, in order (the staff's list)."""
    return FaqEntry.objects.filter(program=program).order_by("order", "id")


def program_history(*, program: Program, limit: int = 50) -> QuerySet[AuditEvent]:
    """The newest changes to a program's settings: who, when, which fields, old and new."""
    return (
        AuditEvent.objects.filter(
            target_type=Program._meta.label_lower,
            target_id=str(program.pk),
            verb__startswith="program.",
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
