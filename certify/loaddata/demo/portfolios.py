"""Demo reviewers: a pool of two, expert in every set, so demo portfolios get reviewed."""

from allauth.account.models import EmailAddress

from certify.accounts.models import Role, User
from certify.accounts.services import role_grant, user_create
from certify.loaddata.demo.accounts import DEMO_PASSWORD
from certify.portfolios.models import ReviewerProfile
from certify.programs.models import Program

REVIEWERS = (
    ("reviewer@example.org", "Lin Zhao 赵琳", "Northside Community College Library"),
    ("reviewer2@example.org", "Kwame Mensah", "State Library Outreach"),
)


def demo_reviewers_create(*, program: Program) -> list[User]:
    users = []
    for email, name, employer in REVIEWERS:
        user = User.objects.filter(email=email).first() or user_create(
            email=email, full_name=name, password=DEMO_PASSWORD, roles=(Role.REVIEWER,)
        )
        role_grant(user=user, role=Role.REVIEWER, actor=None, reason="Demo data")
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        profile, _ = ReviewerProfile.objects.get_or_create(
            user=user, defaults={"employer": employer, "capacity": 20}
        )
        profile.expertise.add(
            *program.competency_sets.filter(framework_version__status="published")
        )
        users.append(user)
    return users
