"""Reads for scholarships, with what each page needs already joined or prefetched: sponsors,
funds, applications and what the rules read here; awards in `awards`, draws in `draws`."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from certify.accounts.api import conflict_list_for, conflict_pairs, has_role
from certify.accounts.models import Role, User
from certify.core.money import currency_name
from certify.memberships.api import memberships_confirmed_until
from certify.memberships.models import Organisation
from certify.payments.api import enrollment_is_settled
from certify.programs.api import program_today
from certify.programs.models import Program
from certify.scholarships.eligibility import (
    Person,
    Requirement,
    RuleCheck,
    Terms,
    reasons_not_eligible,
    rule_checks,
)
from certify.scholarships.models import (
    Fund,
    Purpose,
    RubricCriterion,
    ScholarshipApplication,
    Scorecard,
    Sponsor,
    SponsorMember,
)
from certify.scholarships.selectors.awards import (
    award_list_for_fund,
    award_list_for_user,
    award_money,
    awards_past_use_by,
    awards_waiting_for_enrollment,
    class_awards_payable_since,
    last_award_by_sponsor,
)
from certify.scholarships.selectors.draws import (
    applications_by_id,
    draw_get,
    draw_left_out,
    draw_list,
    draws_left_out,
)


def sponsor_roles(*, user: Any) -> dict[int, str]:
    """The sponsors this person helps run (sponsor id → role), read once and kept on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached: dict[int, str] | None = getattr(user, "_sponsor_roles", None)
    if cached is None:
        cached = dict(SponsorMember.objects.filter(user=user).values_list("sponsor_id", "role"))
        user._sponsor_roles = cached
    return cached


def sees_every_fund(user: Any) -> bool:
    return has_role(user, Role.PROGRAM_STAFF)


def _funds() -> QuerySet[Fund]:
    """Funds with what their pages show, and the time zone of the program whose days their
    dates are (`fund_today`)."""
    default_zone = Program.objects.filter(slug=settings.DEFAULT_PROGRAM).values("time_zone")[:1]
    return (
        Fund.objects.select_related("sponsor", "sponsor__organisation")
        .annotate(day_zone=Coalesce("program__time_zone", Subquery(default_zone)))
        .prefetch_related(
            Prefetch("required_organisations", queryset=Organisation.objects.order_by("code")),
            Prefetch("criteria", queryset=RubricCriterion.objects.order_by("position", "id")),
        )
    )


def fund_list(*, active_only: bool = True) -> QuerySet[Fund]:
    """Funds for candidates and the public: active funds of active sponsors."""
    qs = _funds().order_by("sponsor__name", "opens_on", "name")
    if active_only:
        qs = qs.filter(is_active=True, sponsor__is_active=True)
    return qs


def fund_list_for_candidate(*, user: User, applied_to: Any = ()) -> QuerySet[Fund]:
    """The funds a candidate is shown: those paying the fees of a program they have applied to
    (a fund naming no program pays the default program's) and those they applied to (`applied_to`,
    fund ids); every fund while they have applied to no program. A candidate of one program is
    not offered another program's funds, nor told why they may not have them."""
    from certify.applications.api import application_current_list_for

    programs = {a.program_id for a in application_current_list_for(candidate=user)}
    if not programs:
        return fund_list()
    of_programs = Q(program_id__in=programs) | Q(pk__in=list(applied_to))
    if Program.objects.filter(pk__in=programs, slug=settings.DEFAULT_PROGRAM).exists():
        of_programs |= Q(program__isnull=True)
    return fund_list().filter(of_programs)


def fund_list_for_sponsor_user(*, user: User) -> QuerySet[Fund]:
    """The funds a sponsor's people run (staff: every fund), with applications waiting."""
    qs = _funds().annotate(
        waiting=Count("applications", filter=Q(applications__status="submitted"))
    )
    if not sees_every_fund(user):
        qs = qs.filter(sponsor_id__in=list(sponsor_roles(user=user)))
    return qs.order_by("sponsor__name", "-is_active", "name")


def sponsor_list_for_user(*, user: User) -> QuerySet[Sponsor]:
    qs = Sponsor.objects.select_related("organisation").order_by("name")
    if sees_every_fund(user):
        return qs
    return qs.filter(pk__in=list(sponsor_roles(user=user)))


def sponsor_get(*, slug: str) -> Sponsor:
    return Sponsor.objects.select_related("organisation").get(slug=slug)


def sponsor_member_list(*, sponsor: Sponsor) -> QuerySet[SponsorMember]:
    return SponsorMember.objects.filter(sponsor=sponsor).select_related("user", "added_by")


def sponsor_person(*, sponsor: Sponsor, email: str) -> User | None:
    """The person with this e-mail address (any case) among those who run the sponsor, or None."""
    member = sponsor_member_list(sponsor=sponsor).filter(user__email__iexact=email.strip()).first()
    return member.user if member is not None else None


def fund_get(*, slug: str) -> Fund:
    return _funds().select_related("program", "chair").get(slug=slug)


def application_list_for_user(*, user: User) -> QuerySet[ScholarshipApplication]:
    return (
        ScholarshipApplication.objects.filter(applicant=user)
        .select_related(
            "fund", "fund__program", "fund__sponsor", "award", "award__fund", "award__invoice"
        )
        .order_by("-submitted_at", "-id")
    )


# A fund's rubric exists: without one, nothing on the fund can be scored (`scorecard_save`
# refuses), so a member has nothing to score there until its administrators set it.
_HAS_RUBRIC = Exists(RubricCriterion.objects.filter(fund_id=OuterRef("fund_id")))


def application_list_for_fund(
    *, fund: Fund, status: str = "", member: User | None = None, to_score: bool = False
) -> QuerySet[ScholarshipApplication]:
    """The fund's applications; for a committee `member`, without those they are left out of
    (their own, and their declared conflicts': `applicants_left_out`); with `to_score`, only
    the member's work left: those waiting that they have not scored (`to_score_counts`; none
    while the fund has no rubric)."""
    qs = ScholarshipApplication.objects.filter(fund=fund).select_related(
        "fund", "applicant", "decided_by", "award", "award__fund", "award__invoice"
    )
    if status:
        qs = qs.filter(status=status)
    if member is not None:
        qs = qs.exclude(applicant_id__in=applicants_left_out(member=member, fund=fund))
        if to_score:
            qs = (
                qs.filter(status=ScholarshipApplication.Status.SUBMITTED)
                .filter(_HAS_RUBRIC)
                .exclude(
                    Exists(Scorecard.objects.filter(member=member, application=OuterRef("pk")))
                )
            )
    return qs.order_by("submitted_at", "id")


def next_to_score(*, member: User, fund: Fund, after: int) -> ScholarshipApplication | None:
    """The first application of `fund` waiting for a decision that `member` has not scored yet
    and is not left out of, other than `after`, in the order received: where a member goes on."""
    scored = Scorecard.objects.filter(member=member, application__fund=fund).values(
        "application_id"
    )
    return (
        application_list_for_fund(
            fund=fund, status=ScholarshipApplication.Status.SUBMITTED, member=member
        )
        .exclude(pk=after)
        .exclude(pk__in=scored)
        .first()
    )


def funds_without_rubric(*, fund_ids: Any) -> set[int]:
    """Those of `fund_ids` with no rubric yet: nothing on them can be scored (one query)."""
    ids = set(fund_ids)
    return ids - set(
        RubricCriterion.objects.filter(fund_id__in=ids).values_list("fund_id", flat=True)
    )


def to_score_counts(*, member: User, fund_ids: Any) -> dict[int, int]:
    """The member's own work left on each of `fund_ids`: the applications waiting for a decision
    that they have not scored and are not left out of (`next_to_score`'s and the "To score"
    list's rule); 0 on a fund with no rubric yet, where nothing can be scored. "Scored" means a
    saved scorecard: the form and the API save one only with points for every criterion, and
    nothing typed is kept before it is saved, so there is no draft or half-scored card; one
    saved stays scored (it may be changed while the application waits). Left out: their own
    application, every other one of a fund where theirs waits (it competes), and applicants
    they declared a conflict with (person or library).

    One query, whatever the funds, applications, members and scores: the rows left, each with
    whether the member declared any conflict. Only a member with a standing declaration adds
    `conflict_pairs`' queries (one, and one per applicant when they named a library)."""
    ids = list(fund_ids)
    waiting = ScholarshipApplication.Status.SUBMITTED
    standing = conflict_list_for(user=member).filter(withdrawn_at__isnull=True)
    rows = list(
        ScholarshipApplication.objects.filter(fund_id__in=ids, status=waiting)
        .filter(_HAS_RUBRIC)  # none can be scored before the rubric is set (`scorecard_save`)
        .exclude(applicant_id=member.pk)
        .exclude(Exists(Scorecard.objects.filter(member=member, application=OuterRef("pk"))))
        .exclude(
            Exists(
                ScholarshipApplication.objects.filter(
                    fund_id=OuterRef("fund_id"), applicant_id=member.pk, status=waiting
                )
            )
        )
        .annotate(declared=Exists(standing))
        .values_list("fund_id", "applicant_id", "declared")
    )
    left_out: set[int] = set()
    if any(declared for *_, declared in rows):
        people = {applicant for _, applicant, _ in rows}
        left_out = {p for _, p in conflict_pairs(people=people, candidates={member.pk})}
    counts = dict.fromkeys(ids, 0)
    for fund_id, applicant, _ in rows:
        if applicant not in left_out:
            counts[fund_id] += 1
    return counts


def applicants_left_out(*, member: User, fund: Fund) -> set[int]:
    """The applicants to `fund` a committee member is left out of, for a whole list (one person:
    `services.committee_left_out`): themselves, and everyone they declared a conflict with or
    with whose library; every applicant while their own application to the fund waits (it
    competes with the others). Two queries, three or more only when they declared a conflict."""
    rows = ScholarshipApplication.objects.filter(fund=fund).values_list("applicant_id", "status")
    applicants = {applicant for applicant, _ in rows}
    if (member.pk, ScholarshipApplication.Status.SUBMITTED) in set(rows):
        return applicants | {member.pk}
    pairs = conflict_pairs(people=applicants, candidates={member.pk})
    return {member.pk} | {person for _, person in pairs}


def application_get(*, pk: int) -> ScholarshipApplication:
    return (
        ScholarshipApplication.objects.select_related(
            "fund",
            "fund__sponsor",
            "fund__sponsor__organisation",
            "fund__program",
            "fund__chair",
            "applicant",
            "decided_by",
            "award",
            "award__fund",
            "award__fund__sponsor",
            "award__invoice",
            "award__payment",
            "award__draw",
            "award__ended_by",
            "award__recipient",
        )
        .prefetch_related(
            Prefetch(
                "fund__required_organisations", queryset=Organisation.objects.order_by("code")
            ),
            Prefetch("fund__criteria", queryset=RubricCriterion.objects.order_by("position", "id")),
        )
        .get(pk=pk)
    )


def fund_program(fund: Fund) -> Program | None:
    """The program whose fees the fund pays: its own, or the site's default program."""
    if fund.program_id:
        return fund.program
    return default_program()


def default_program() -> Program | None:
    """The site's default program (`DEFAULT_PROGRAM`): a fund without a program pays its fees."""
    return Program.objects.filter(slug=settings.DEFAULT_PROGRAM).first()


def fund_currency_note(fund: Fund, *, program: Program | None = None) -> str:
    """What a sponsor reads before deciding when the fund's currency (the one it was made in)
    is no longer its program's: an award cannot go on an invoice in another currency, and
    Certify does not convert. "" when they are the same."""
    program = program or fund_program(fund)
    if program is None or program.currency == fund.currency:
        return ""
    ours, theirs = currency_name(fund.currency), currency_name(program.currency)
    return (
        f"The {fund.name} is in {ours} ({fund.currency}), the currency it was made in; "
        f"{program.short_name or program.name} now charges its fees in {theirs} "
        f"({program.currency}). An award toward a fee goes only on an invoice in {ours}, one "
        f"issued before the change: an invoice in {theirs} refuses it, and Certify does not "
        "convert between currencies. Awards paid for a class are not affected."
    )


def fund_today(fund: Fund, *, program_of: Any = fund_program) -> date:
    """Today for the fund's dates (its window, an award's day, the cooldown): the day in the
    time zone of the program whose fees it pays (ADR 0036), the site's when there is none. Read
    from the fund's `day_zone` when its query had it (`_funds`), else from its program
    (`program_of(fund)`: a reader passes the one it keeps)."""
    zone = getattr(fund, "day_zone", None)
    return program_today(zone if zone is not None else program_of(fund))


def fund_terms(fund: Fund, *, program: Program | None = None) -> Terms:
    """The fund's rules as plain data for `eligibility` (required organisations prefetched)."""
    sponsor = fund.sponsor
    return Terms(
        sponsor=sponsor.organisation.code if sponsor.organisation else sponsor.name,
        opens_on=fund.opens_on,
        closes_on=fund.closes_on,
        required=tuple(
            Requirement(
                code=o.code,
                joining_note=sponsor.joining_note if o.pk == sponsor.organisation_id else "",
            )
            for o in fund.required_organisations.all()
        ),
        cooldown_months=fund.cooldown_months,
        awards_left=fund.awards_left,
        enrollment_only=fund.purposes == [Purpose.ENROLLMENT],
        program=program.short_name if program else "",
        states=tuple(fund.state_list),
        min_years=fund.min_years_experience,
        **(
            {"experience": words.experience, "staff": words.staff}
            if program and (words := program.experience_words)
            else {}
        ),
    )


class EligibilityReader:
    """Reads what the rules need about one person once, however many funds are checked.

    Memberships are read once in all (whatever organisations and days: two programs' days
    differ for an hour or more a day), the enrollment fee once per program and the awards once
    in all, so a page listing many funds makes a fixed number of queries.
    Each fund is judged on `today` if given, else on its program's day (`day`).
    """

    def __init__(self, *, user: User, today: date | None = None) -> None:
        self.user = user
        self.today = today
        self._until: dict[str, date] | None = None  # memberships_confirmed_until
        self._settled: dict[int, bool] = {}
        self._programs: dict[int | None, Program | None] = {}
        self._last: dict[int, date] | None = None

    def program(self, fund: Fund) -> Program | None:
        if fund.program_id not in self._programs:
            self._programs[fund.program_id] = fund_program(fund)
        return self._programs[fund.program_id]

    def day(self, fund: Fund) -> date:
        """The day the fund's rules are checked on: `today`, or its program's today (from the
        fund's `day_zone` when its query had it)."""
        return self.today if self.today is not None else fund_today(fund, program_of=self.program)

    def fee_settled(self, fund: Fund) -> bool:
        program = self.program(fund)
        if program is None:
            return False
        if program.pk not in self._settled:
            self._settled[program.pk] = enrollment_is_settled(user=self.user, program=program)
        return self._settled[program.pk]

    def person(self, fund: Fund) -> Person:
        codes = [o.code.upper() for o in fund.required_organisations.all()]
        day = self.day(fund)
        if codes and self._until is None:
            self._until = memberships_confirmed_until(user=self.user)
        until = self._until or {}
        if self._last is None:
            self._last = last_award_by_sponsor(user=self.user)
        enrollment_only = fund.purposes == [Purpose.ENROLLMENT]
        return Person(
            confirmed=frozenset(c for c in codes if c in until and until[c] >= day),
            last_award_on=self._last.get(fund.sponsor_id),
            fee_settled=self.fee_settled(fund) if enrollment_only else False,
        )

    def terms(self, fund: Fund) -> Terms:
        return fund_terms(fund, program=self.program(fund))

    def checks(self, application: ScholarshipApplication, *, name: str) -> list[RuleCheck]:
        """Each of the fund's rules beside this applicant's case (for the committee)."""
        fund = application.fund
        return rule_checks(
            terms=self.terms(fund),
            person=self.person(fund),
            on=self.day(fund),
            name=name,
            state=application.state_of_employment,
            years=application.years_experience,
        )

    def reasons(
        self, fund: Fund, *, check_window: bool = True, name: str = "", outcome: str = ""
    ) -> list[str]:
        """Why the person may not apply (or, given `name`, be awarded; given `outcome`, why a
        decision went so, to them); [] when they may."""
        return reasons_not_eligible(
            terms=self.terms(fund),
            person=self.person(fund),
            on=self.day(fund),
            check_window=check_window,
            name=name,
            outcome=outcome,
        )


def live_applications_by_fund(*, user: User) -> dict[int, ScholarshipApplication]:
    """The person's applications that still count (not withdrawn), by fund."""
    return {
        a.fund_id: a
        for a in ScholarshipApplication.objects.filter(applicant=user).exclude(
            status=ScholarshipApplication.Status.WITHDRAWN
        )
    }


def application_counts(*, fund: Fund) -> list[dict[str, Any]]:
    """How many applications the fund has in each status (every status listed, zeros too)."""
    rows = dict(
        ScholarshipApplication.objects.filter(fund=fund)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        {"status": value, "label": label, "count": rows.get(value, 0)}
        for value, label in ScholarshipApplication.Status.choices
    ]


def report_applications(*, fund: Fund) -> QuerySet[ScholarshipApplication]:
    """Every application of the fund with its award, for the sponsor's export."""
    return (
        ScholarshipApplication.objects.filter(fund=fund)
        .select_related(
            "fund", "applicant", "award", "award__fund", "award__invoice", "award__draw"
        )
        .order_by("submitted_at", "id")
    )


__all__ = [
    "EligibilityReader",
    "applications_by_id",
    "award_list_for_fund",
    "award_list_for_user",
    "award_money",
    "awards_past_use_by",
    "awards_waiting_for_enrollment",
    "class_awards_payable_since",
    "draw_get",
    "draw_left_out",
    "draw_list",
    "draws_left_out",
    "funds_without_rubric",
    "last_award_by_sponsor",
    "to_score_counts",
]
