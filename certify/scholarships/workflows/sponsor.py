"""Who runs a fund's sponsor, as a relation to a scholarship application or an award."""

from typing import Any

from certify.accounts.models import Role
from certify.core.workflow import Relation, role

ADMIN = "admin"
COLLEAGUE = (
    "member of the committee"  # SponsorMember.Role.ADMIN (the model's module imports this one)
)


def runs_sponsor(actor: Any, sponsor_id: int, *, admin: bool = False) -> bool:
    """`actor` is an administrator (or, unless `admin`, a committee member) of the sponsor."""
    from certify.scholarships.selectors import sponsor_roles  # selectors import the models

    held = sponsor_roles(user=actor).get(sponsor_id)
    return held == ADMIN if admin else held is not None


def sponsor_people(label: str, *, other_than: str, admin: bool = False) -> Relation:
    """People holding the sponsor role who run the subject's fund's sponsor (its administrators
    only, when `admin`), other than the person the subject names in `other_than`."""
    person = role(Role.SPONSOR, label, not_subject=(other_than,))
    return Relation(
        label,
        lambda actor, subject: (
            person.holds(actor, subject)
            and runs_sponsor(actor, subject.fund.sponsor_id, admin=admin)
        ),
        own_case=lambda actor, subject: (
            person.is_own_case(actor, subject)
            and runs_sponsor(actor, subject.fund.sponsor_id, admin=admin)
        ),
        parties=person.parties,
        colleague=COLLEAGUE,
    )
