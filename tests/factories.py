import factory
from allauth.account.models import EmailAddress

from certify.accounts.models import Role, RoleAssignment, User
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
