"""Demo accounts for local use: one per role, with known passwords."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from certify.accounts.models import Role, User
from certify.accounts.services import role_grant, user_create

DEMO_PASSWORD = "certify-demo-2026"  # noqa: S105 - local demo data only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    roles: tuple[str, ...]
    password: str = DEMO_PASSWORD

    @property
    def role_label(self) -> str:
        return " + ".join(Role(r).label for r in self.roles)


DEMO_ACCOUNTS = (
    DemoAccount("candidate@example.org", "Dana Okafor", (Role.CANDIDATE,)),
    DemoAccount("staff@example.org", "Sam Rivera", (Role.PROGRAM_STAFF,)),
    DemoAccount("reviewer@example.org", "Lin Zhao 赵琳", (Role.REVIEWER,)),
    DemoAccount("provider@example.org", "Pat Nguyen", (Role.PROVIDER,)),
    DemoAccount("sponsor@example.org", "Chris Ohlsson", (Role.SPONSOR,)),
)


def demo_accounts_create() -> list[User]:
    """Create (or reset) the demo accounts. Safe to run again."""
    users = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = user_create(
                email=account.email,
                full_name=account.full_name,
                password=account.password,
                roles=account.roles,
            )
        else:
            if not user.check_password(account.password):
                # Set only when it differs: a new password stops the account's tokens, keys
                # and endpoints and e-mails the person (ADR 0023), which `make run` run again
                # must not do to someone trying the API with a demo account.
                user.set_password(account.password)
                user.save(update_fields=["password"])
            for role in account.roles:
                role_grant(user=user, role=role, actor=None, reason="Demo data")
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    _demo_fees(users)
    return users


def _demo_fees(users: list[User]) -> None:
    """The demo candidate is a confirmed ALA member and has paid the enrollment fee."""
    from django.conf import settings

    from certify.loaddata.demo.payments import demo_payments_create
    from certify.programs.models import Program

    program = Program.objects.filter(slug=settings.DEFAULT_PROGRAM).first()
    by_email = {u.email: u for u in users}
    if program is not None:
        demo_payments_create(
            candidate=by_email["candidate@example.org"],
            staff=by_email["staff@example.org"],
            program=program,
        )
