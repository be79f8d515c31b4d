import datetime as _dt
from decimal import Decimal as _Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from certify.accounts.models import Role, RoleAssignment, User
from certify.applications.models import Application, ExperienceEntry
from certify.programs.models import Competency, CompetencySet, FaqEntry, Program, stable_uuid

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


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"prog{n}")
    name = factory.Sequence(lambda n: f"Test Certification Program {n}")
    short_name = factory.Sequence(lambda n: f"TCP{n}")
    certifying_body = "Test Certifying Body"
    tagline = "A program for tests."
    overview = "An overview.\n\nA second paragraph."
    case_identifier = factory.LazyAttribute(lambda o: stable_uuid("program", o.slug))


class CompetencySetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencySet

    program = factory.SubFactory(ProgramFactory)
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
    """By default 1,820 hours inside the window: 35 hours a week for the last 52 weeks."""

    class Meta:
        model = ExperienceEntry

    application = factory.SubFactory(ApplicationFactory)
    library_name = factory.Sequence(lambda n: f"Riverside Public Library {n}")
    library_type = ExperienceEntry.LibraryType.PUBLIC
    role = "Library assistant"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - _dt.timedelta(days=52 * 7 - 1))
    end_date = None
    hours_mode = ExperienceEntry.HoursMode.WEEKLY
    hours_per_week = _Decimal(35)


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
