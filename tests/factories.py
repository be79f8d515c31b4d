import datetime as _dt
from decimal import Decimal as _Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from certify.accounts.models import Role, RoleAssignment, User
from certify.applications.models import Application, ExperienceEntry
from certify.programs.models import (
    Competency,
    CompetencySet,
    FaqEntry,
    FrameworkVersion,
    Program,
    stable_uuid,
)
from certify.programs.services import (
    builtin_program_data,
    builtin_program_rules,
    framework_version_first,
)

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            for role in extracted if extracted is not None else (Role.CANDIDATE,):
                RoleAssignment.objects.create(user=self, role=role)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


# LSSCP's rules as its data file gives them: the one place a fee or a number of years is written.
LSSCP_RULES = builtin_program_rules("lsscp") or {}
# How LSSCP is paid (its data file's optional "payment" object): the ways its invoices offer.
LSSCP_PAYMENT = builtin_program_data("lsscp").get("payment", {})
LSSCP_EXPERIENCE = builtin_program_data("lsscp").get("experience", {})
# The weekly hours that, over the last 52 weeks, make exactly LSSCP's required hours (35 for
# 1,820; exact whenever the requirement divides by 52 hundredths).
LSSCP_WEEKLY_HOURS = _Decimal(LSSCP_RULES["experience_hours_required"]) / 52


class ProgramFactory(factory.django.DjangoModelFactory):
    """A program with LSSCP's rules, read from LSSCP's data file (its one source)."""

    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"prog{n}")
    name = factory.Sequence(lambda n: f"Test Certification Program {n}")
    short_name = factory.Sequence(lambda n: f"TCP{n}")
    certifying_body = "Test Certifying Body"
    tagline = "A program for tests."
    overview = "An overview.\n\nA second paragraph."
    case_identifier = factory.LazyAttribute(lambda o: stable_uuid("program", o.slug))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """Every rule (way of paying, words of experience) not given is LSSCP's."""
        return {**LSSCP_RULES, **LSSCP_PAYMENT, **LSSCP_EXPERIENCE, **kwargs}


class CompetencySetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencySet

    program = factory.SubFactory(ProgramFactory)
    # The program's published version (made as version 1 when it has none yet).
    framework_version = factory.LazyAttribute(
        lambda o: (
            FrameworkVersion.objects.filter(program=o.program, status="published").first()
            or framework_version_first(program=o.program)
        )
    )
    code = factory.Sequence(lambda n: f"S{n}")
    name = factory.Sequence(lambda n: f"Competency set {n}")
    kind = CompetencySet.Kind.CORE
    order = factory.Sequence(int)
    summary = "What this set covers."
    case_identifier = factory.LazyAttribute(lambda o: stable_uuid("set", o.program.slug, o.code))


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    competency_set = factory.SubFactory(CompetencySetFactory)
    code = factory.Sequence(lambda n: f"C-{n:03d}")
    statement = factory.Sequence(lambda n: f"Does the thing number {n} well.")
    portfolio_suggestion = "Write about a time you did it."
    order = factory.Sequence(int)
    case_identifier = factory.LazyAttribute(
        lambda o: stable_uuid("competency", o.competency_set.program.slug, o.code)
    )


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    program = factory.SubFactory(ProgramFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."


# --- Applications ------------------------------------------------------------------------------


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    education_level = Application.Education.DIPLOMA
    education_country = "US"
    attested = True


class ExperienceEntryFactory(factory.django.DjangoModelFactory):
    """By default exactly LSSCP's required hours inside the window, over the last 52 weeks."""

    class Meta:
        model = ExperienceEntry

    application = factory.SubFactory(ApplicationFactory)
    library_name = factory.Sequence(lambda n: f"Riverside Public Library {n}")
    library_type = ExperienceEntry.LibraryType.PUBLIC
    role = "Library assistant"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - _dt.timedelta(days=52 * 7 - 1))
    end_date = None
    hours_mode = ExperienceEntry.HoursMode.WEEKLY
    hours_per_week = LSSCP_WEEKLY_HOURS


# --- Memberships -------------------------------------------------------------------------------


def _a_year_from_today():
    from datetime import timedelta

    from django.utils import timezone as tz

    return tz.localdate() + timedelta(days=365)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """ALA by default; ALA and SSD already exist (a data migration makes them)."""

    class Meta:
        model = "memberships.Organisation"
        django_get_or_create = ("code",)

    code = "ALA"
    name = factory.LazyAttribute(lambda o: f"{o.code} association")
    confirmed_by = "program_staff"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A confirmed membership valid for a year."""

    class Meta:
        model = "memberships.Membership"

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    member_number = factory.Sequence(lambda n: f"M{n:07d}")
    expires_on = factory.LazyFunction(_a_year_from_today)
    status = "confirmed"


# --- Scholarships ------------------------------------------------------------------------------


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "scholarships.Sponsor"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sponsor-{n}")
    name = factory.Sequence(lambda n: f"Library Staff Association {n}")


class SponsorMemberFactory(factory.django.DjangoModelFactory):
    """An administrator of a sponsor (a person with the sponsor role)."""

    class Meta:
        model = "scholarships.SponsorMember"

    sponsor = factory.SubFactory(SponsorFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.SPONSOR])
    role = "admin"


class FundFactory(factory.django.DjangoModelFactory):
    """An enrollment fund of USD 1,000 in five awards of USD 200, open since a month ago."""

    class Meta:
        model = "scholarships.Fund"
        skip_postgeneration_save = True

    sponsor = factory.SubFactory(SponsorFactory)
    slug = factory.Sequence(lambda n: f"fund-{n}")
    name = factory.Sequence(lambda n: f"Enrollment Scholarship {n}")
    pays_enrollment = True
    budget_cents = 100_000
    award_cents = 20_000
    max_awards = 5
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - _dt.timedelta(days=30))
    cooldown_months = 18

    @factory.post_generation
    def required_organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_organisations.set(extracted)


class ScholarshipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "scholarships.ScholarshipApplication"

    fund = factory.SubFactory(FundFactory)
    applicant = factory.SubFactory(UserFactory)
    purpose = "enrollment"
    statement = "I work at the circulation desk and want to be certified."


# --- Courses and providers ---------------------------------------------------------------------


class ProviderFactory(factory.django.DjangoModelFactory):
    """An approved provider; pass `staff=[user, …]` for the people who act for it."""

    class Meta:
        model = "courses.Provider"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Riverside College {n}")
    kind = "college"
    contact_email = factory.Sequence(lambda n: f"courses{n}@college.example.edu")
    status = "approved"

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        from certify.courses.models import ProviderMembership

        if create and extracted:
            for user in extracted:
                ProviderMembership.objects.create(provider=self, user=user)


class CourseFactory(factory.django.DjangoModelFactory):
    """A draft course; give `competency_set` (e.g. LSSCP's CT)."""

    class Meta:
        model = "courses.Course"

    provider = factory.SubFactory(ProviderFactory)
    competency_set = factory.SubFactory(CompetencySetFactory)
    program = factory.LazyAttribute(lambda o: o.competency_set.program)
    title = factory.Sequence(lambda n: f"Library course {n}")
    description = "What the course teaches, week by week."
    format = "online"
    self_paced = False
    start_date = factory.LazyFunction(lambda: timezone.localdate() + _dt.timedelta(days=30))
    cost_cents = 25_000
    assessments = "Weekly assignments and a final project."
    instructors = "A. Teacher, MLIS."
    search_document = factory.LazyAttribute(
        lambda o: f"{o.title}\n{o.description}\n{o.provider.name}\n{o.competency_set.name}"
    )
