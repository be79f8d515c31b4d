"""The public register of holders by name (ADR 0030): the page's search, with its rules.

The same rules as `/register/`, read from the certificates app: the person's name in full (two
whole words at least, or one word alone for someone whose whole name is that word), a state if
wanted, at most the register's limit of certificates (a search
matching more is refused as too broad, none shown), and the same allowances per client: the
verification pages' (per minute) and the register's own (per day, per person as nearly as
Certify can tell: `certificates/register_allowance.py`).
"""

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from certify.certificates import api as certificates
from certify.core.errors import DomainError
from certify.rest.openapi import example, problem_examples, problems
from certify.rest.throttling import PageGroupThrottle, PublicRateThrottle, RegisterThrottle

router = Router()
SEARCH_LIMITS = [
    PublicRateThrottle(),
    PageGroupThrottle("verification"),
    RegisterThrottle(
        lambda request: certificates.register_allowance(
            request, certificates.register_programs(request)
        )
    ),
]


class RegisterQuery(Schema):
    name: str = Field(
        max_length=100,
        description="The person's first name and family name, in full, in any order (case and "
        "accents do not matter; an initial may be added). A single word finds only holders whose "
        "whole name is that one word, as printed on their certificate; when it finds nobody it "
        "is refused like any name not in full.",
    )
    state: str = Field(
        "", description="A state's two-letter code (USPS), to narrow the search; empty for any."
    )


class RegisterEntryOut(Schema):
    holder_name: str = Field(description="The name printed on the certificate.")
    state: str = Field(description="The state the holder chose to be listed under (USPS code).")
    state_name: str
    program_name: str
    number: str
    valid_through: date = Field(description="Its last valid day, in its program's time zone.")
    verification_url: str


class RegisterOut(Schema):
    results: list[RegisterEntryOut]

    model_config = example(
        {
            "results": [
                {
                    "holder_name": "Alex Rivera",
                    "state": "OH",
                    "state_name": "Ohio",
                    "program_name": "Library Support Staff Certification Program",
                    "number": "LSSCP-2026-7K3Q9M2X",
                    "valid_through": "2030-05-04",
                    "verification_url": "https://certify.example.org/verify/LSSCP-2026-7K3Q9M2X/",
                }
            ]
        }
    )


@router.get(
    "",
    response={200: RegisterOut, **problems(400)},
    summary="Find a listed holder by name",
    auth=None,
    throttle=SEARCH_LIMITS,
    url_name="register_search",
    openapi_extra=problem_examples(
        400,
        name_needed=("The name is not given in full", certificates.REGISTER_NAME_NEEDED),
        too_broad=(
            "Too many certificates match",
            certificates.REGISTER_TOO_BROAD.format(limit=certificates.REGISTER_RESULTS_LIMIT),
        ),
    ),
)
def search(request: HttpRequest, query: Query[RegisterQuery]):
    """Public, as the register page (`/register/`): certificates valid today of holders who chose
    to be listed, whose names hold every whole word typed; a single word finds only a person
    whose whole name is that word. An empty list says nothing about a person: most holders are
    not listed. A name with fewer than two whole words (unless one word is someone's whole
    name), and a search matching more certificates than the register shows, are refused (`400`,
    field `name`, the page's words in `detail`); each person may search 50 times a day by
    default (`REGISTER_SEARCH_RATE`: per address when not signed in, per account and per
    mailbox when signed in, program staff not counted; the day ends at the programs' midnight),
    page and API together, within the verification pages' 30 a minute."""
    if query.state and query.state not in certificates.REGISTER_STATES:
        raise DomainError(certificates.REGISTER_STATE_UNKNOWN, field="state")
    rows = certificates.register_search(
        terms=certificates.register_search_terms(query.name),
        state=query.state,
        programs=certificates.register_programs(request),
    )
    return {
        "results": [
            {
                **row,
                "valid_through": row["expires_on"],
                "verification_url": settings.SITE_URL
                + reverse("certificates:verify", args=[row["number"]]),
            }
            for row in rows
        ]
    }
