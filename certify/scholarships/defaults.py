"""The default sponsor and funds (the seed page): SSD, its LSSCP enrollment fund, its CE fund.

Migration 0002 creates them on install; `defaults_ensure()` recreates them when missing (tests
that empty the database, or a site that deleted them). The amounts of the CE scholarship are
examples: SSD's administrators change them on the fund's page.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from certify.memberships.api import organisations_ensure
from certify.scholarships.models import Fund, Sponsor

SPONSOR = {
    "slug": "ssd",
    "name": "OLA Support Staff Division",
    "joining_note": "joining SSD is free",
    "description": "The Support Staff Division (SSD) of the OLA runs scholarships for library "
    "support staff. Only SSD members are eligible; SSD membership is free.",
}
FUNDS = (
    {
        "slug": "ssd-lsscp-enrollment",
        "name": "SSD LSSCP Enrollment Scholarship",
        "description": "An anonymous donor's gift to SSD, to help SSD members enroll in the "
        "LSSCP: awards toward the enrollment fee.",
        "pays_enrollment": True,
        "budget_cents": 100_000,
        "award_cents": 20_000,
        "max_awards": 5,
    },
    {
        "slug": "ssd-continuing-education",
        "name": "SSD Continuing Education Scholarship",
        "description": "Pays toward the LSSCP enrollment fee or toward a class that counts for "
        "certification.",
        "pays_enrollment": True,
        "pays_class": True,
        "budget_cents": 100_000,
        "award_cents": 25_000,
        "max_awards": 4,
    },
)


@transaction.atomic
def defaults_ensure(*, today: date | None = None) -> Sponsor:
    """SSD as a sponsor (linked to the SSD organisation) with its two funds. Safe to repeat."""
    ssd = next(o for o in organisations_ensure() if o.code == "SSD")
    sponsor, _ = Sponsor.objects.get_or_create(
        slug=SPONSOR["slug"], defaults={**SPONSOR, "organisation": ssd}
    )
    for values in FUNDS:
        fund, created = Fund.objects.get_or_create(
            slug=values["slug"],
            defaults={
                **values,
                "sponsor": sponsor,
                "opens_on": today or timezone.localdate(),
                "cooldown_months": 18,
            },
        )
        if created:
            fund.required_organisations.set([ssd])
    return sponsor
