"""Reads for programs. Views and the API read through these, never the models directly."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from certify.core.models import AuditEvent
from certify.core.precompiled import Precompiled
from certify.programs.models import (
    Competency,
    CompetencySet,
    FaqEntry,
    FrameworkVersion,
    Program,
)

PUBLISHED = FrameworkVersion.Status.PUBLISHED


def program_list(*, published_only: bool = True) -> QuerySet[Program]:
    """Programs with the number of core and elective sets of their published framework."""
    current = Q(competency_sets__framework_version__status=PUBLISHED)
    qs = Program.objects.annotate(
        core_set_count=Count("competency_sets", filter=current & Q(competency_sets__kind="core")),
        elective_set_count=Count(
            "competency_sets", filter=current & Q(competency_sets__kind="elective")
        ),
    ).order_by("name")
    return qs.filter(is_published=True) if published_only else qs


def programs_published_besides(*, program: Program) -> list[Program]:
    """The other published programs, by name (what the site's front page names beside its
    default program)."""
    return list(
        Program.objects.filter(is_published=True)
        .exclude(pk=program.pk)
        .only("slug", "name", "short_name", "tagline")
        .order_by("name")
    )


def workplaces_in_words() -> str:
    """Where the people of the published programs work, in the programs' own words ("library or
    organization", "organization"): for pages that serve every program, like conflicts of
    interest. "organization" when no program is published."""
    nouns = Program.objects.filter(is_published=True).order_by("name")
    found = list(dict.fromkeys(n for n in nouns.values_list("workplace_noun", flat=True) if n))
    return " or ".join(found) or "organization"


def program_get(*, slug: str, published_only: bool = True) -> Program:
    """One program with the sets of its published framework (each with its competency count)
    prefetched as `program.competency_sets`."""
    sets = (
        CompetencySet.objects.filter(framework_version__status=PUBLISHED)
        .annotate(competency_count=Count("competencies"))
        .order_by("order", "name")
    )
    qs = Program.objects.prefetch_related(Prefetch("competency_sets", queryset=sets))
    if published_only:
        qs = qs.filter(is_published=True)
    program = qs.filter(slug=slug).first()
    if program is None:
        raise Http404("No such program.")
    return program


def competency_set_list(
    *, program: Program, version: FrameworkVersion | int | None = None
) -> QuerySet[CompetencySet]:
    """The sets of one version of the program's framework (by default the published one: public
    pages, new candidates), each with its competencies, in order. A candidate's plan, portfolio,
    courses and renewal pass their own version (`applications.api.application_framework`)."""
    return (
        CompetencySet.objects.filter(program=program)
        .filter(_in_version(version))
        .select_related("program", "framework_version")
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "code"))
        )
        .order_by("order", "name")
    )


def competency_set_get(
    *, program: Program, code: str, version: FrameworkVersion | int | None = None
) -> CompetencySet:
    cset = competency_set_list(program=program, version=version).filter(code__iexact=code).first()
    if cset is None:
        raise Http404("No such competency set.")
    return cset


def faq_list(*, program: Program) -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(program=program, is_published=True).order_by("order", "id")


def program_setup_list() -> QuerySet[Program]:
    """Every program for the staff's setup list, published or not, with its counts."""
    sets, current = "competency_sets", Q(competency_sets__framework_version__status=PUBLISHED)
    return Program.objects.annotate(
        core_set_count=Count(sets, filter=current & Q(competency_sets__kind="core"), distinct=True),
        elective_set_count=Count(
            sets, filter=current & Q(competency_sets__kind="elective"), distinct=True
        ),
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


# --- Framework versions (ADR 0056) -------------------------------------------------------------


def _in_version(version: FrameworkVersion | int | None) -> Q:
    if version is None:
        return Q(framework_version__status=PUBLISHED)
    return Q(framework_version=version)


def competency_sets_of(
    *, program_id: int, version: FrameworkVersion | int | None = None
) -> QuerySet[CompetencySet]:
    """The sets of one version of a program's framework (the published one by default), in
    order, without their competencies: for choices and plans."""
    return (
        CompetencySet.objects.filter(program_id=program_id)
        .filter(_in_version(version))
        .order_by("order", "id")
    )


def _sets_of_version(*, program_id: int, version_id: int) -> QuerySet[CompetencySet]:
    return competency_sets_of(program_id=program_id, version=version_id)


def _sets_published(*, program_id: int) -> QuerySet[CompetencySet]:
    return competency_sets_of(program_id=program_id)


# Every plan page reads them: compiled once per process (ADR 0062).
_sets_of_version_query = Precompiled(_sets_of_version, ints=("program_id", "version_id"))
_sets_published_query = Precompiled(_sets_published, ints=("program_id",))


def competency_set_list_of(*, program_id: int, version_id: int | None) -> list[CompetencySet]:
    """`competency_sets_of` as a list, for a version given by its id (None: the published one)."""
    if version_id is None:
        return _sets_published_query.run(program_id=program_id)
    return _sets_of_version_query.run(program_id=program_id, version_id=version_id)


def framework_version_current(*, program: Program | int) -> FrameworkVersion | None:
    """The program's published framework version (None before its first is published)."""
    return FrameworkVersion.objects.filter(program=program, status=PUBLISHED).first()


def framework_version_list(*, program: Program) -> QuerySet[FrameworkVersion]:
    """Every version of the program's framework, newest first, with its numbers of sets and
    competencies and who published it: one query."""
    return (
        FrameworkVersion.objects.filter(program=program)
        .select_related("published_by", "created_by", "program")  # its days are the program's
        .annotate(
            set_count=Count("competency_sets", distinct=True),
            competency_count=Count("competency_sets__competencies", distinct=True),
            candidate_count=Count("applications", distinct=True),
        )
        .order_by("-number")
    )


def framework_version_get(*, program: Program, number: int) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.filter(program=program, number=number)
        .select_related("program", "published_by", "created_by", "based_on")
        .first()
    )
    if version is None:
        raise Http404("No such framework version.")
    return version


def framework_version_draft(*, program: Program) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(program=program, status=FrameworkVersion.S.DRAFT).first()


def framework_sets(*, version: FrameworkVersion) -> list[CompetencySet]:
    """A version's sets with their competencies, in order: two queries."""
    return list(
        CompetencySet.objects.filter(framework_version=version)
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "code"))
        )
        .order_by("order", "name")
    )


def program_staff_get(*, slug: str) -> Program:
    """One program, published or not, without its sets (staff screens); 404 when absent."""
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        raise Http404("No such program.")
    return program


def framework_set_get(*, version: FrameworkVersion, pk: int) -> CompetencySet:
    """One set of a version with its competencies in order; 404 when it is not that version's."""
    cset = (
        CompetencySet.objects.filter(framework_version=version, pk=pk)
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "code"))
        )
        .first()
    )
    if cset is None:
        raise Http404("No such competency set in this version.")
    return cset


def framework_competency_get(*, version: FrameworkVersion, pk: int) -> Competency:
    comp = (
        Competency.objects.filter(competency_set__framework_version=version, pk=pk)
        .select_related("competency_set")
        .first()
    )
    if comp is None:
        raise Http404("No such competency in this version.")
    return comp
