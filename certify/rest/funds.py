"""A sponsor creates and edits its funds (the fund form's fields), registered on the sponsor's
scholarships router; a module of its own so the scholarships one stays small."""

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Status

from certify.core.errors import DomainError
from certify.memberships import api as memberships
from certify.programs import api as programs
from certify.rest.openapi import example
from certify.rest.schemas import InputSchema
from certify.rest.scholarship_examples import EXAMPLE_AWARD_CENTS
from certify.rest.scholarships import FundOut, sponsor_router
from certify.scholarships import api as scholarships
from certify.scholarships.models import Fund, Purpose, Sponsor


class FundIn(InputSchema):
    """The fund form's fields; the service refuses what does not add up, by field (400)."""

    name: str = Field("", max_length=200)
    description: str = ""
    purposes: list[Purpose] = Field(default_factory=lambda: [Purpose.ENROLLMENT])
    program: str | None = Field(None, description="A program's slug; none: the site's default")
    budget_cents: int = Field(ge=0)
    award_cents: int = Field(ge=0)
    max_awards: int = Field(1, ge=1)
    opens_on: date
    closes_on: date | None = None
    decisions_by: date | None = Field(
        None,
        description="Shown on the fund's page and to applicants: “Decisions by …”. Left as it is "
        "when not sent; null removes it.",
    )
    chair: str | None = Field(
        None,
        description="The e-mail address of one of the sponsor's people, who confirms the "
        "committee's awards. Left as it is when not sent; null: no chair (any of the sponsor's "
        "people decides).",
    )
    method: Literal["committee", "draw"] = "committee"
    required_memberships: list[str] = Field(
        default_factory=list, description="Organization codes, e.g. SSD"
    )
    cooldown_months: int | None = Field(
        None,
        ge=0,
        description="One award per person in this many months, across all the sponsor's funds: "
        "a change applies to each of them. Not sent: the sponsor's rule as it stands (18 before "
        "its first fund).",
    )
    states: list[str] = Field(default_factory=list, description="Two-letter state codes")
    min_years_experience: int = Field(0, ge=0)
    award_valid_months: int = Field(12, ge=1)
    is_active: bool = True

    model_config = example(
        {
            "name": "SSD LSSCP Enrollment Scholarship",
            "purposes": ["enrollment"],
            "budget_cents": 5 * EXAMPLE_AWARD_CENTS,
            "award_cents": EXAMPLE_AWARD_CENTS,
            "max_awards": 5,
            "opens_on": "2027-01-01",
            "method": "committee",
            "required_memberships": ["SSD"],
        }
    )


def _chair(sponsor: Sponsor, email: str | None) -> Any:
    if email is None:
        return None
    person = scholarships.sponsor_person(sponsor=sponsor, email=email)
    if person is None:
        # The service's words for a chair who does not run the sponsor: an address that is
        # nobody's gets the same, so the answer never tells whether an account exists.
        raise scholarships.ProblemsError([], {"chair": scholarships.CHAIR_REFUSED})
    return person


def _fields(payload: FundIn, sponsor: Sponsor) -> tuple[dict, list]:
    organisations = []
    for code in payload.required_memberships:
        organisation = memberships.organisation_find(code=code)
        if organisation is None:
            raise DomainError(f"No such organization: {code}.", field="required_organisations")
        organisations.append(organisation)
    purposes = set(payload.purposes)
    if not purposes:
        raise DomainError("Choose at least one thing the fund pays for.", field="purposes")
    fields: dict[str, Any] = {
        "name": payload.name,
        "description": payload.description,
        "program": programs.program_get(slug=payload.program) if payload.program else None,
        "pays_enrollment": Purpose.ENROLLMENT in purposes,
        "pays_class": Purpose.CLASS in purposes,
        "pays_renewal": Purpose.RENEWAL in purposes,
        "budget_cents": payload.budget_cents,
        "award_cents": payload.award_cents,
        "max_awards": payload.max_awards,
        "opens_on": payload.opens_on,
        "closes_on": payload.closes_on,
        "method": payload.method,
        "cooldown_months": payload.cooldown_months,
        "states": ", ".join(payload.states),
        "min_years_experience": payload.min_years_experience,
        "award_valid_months": payload.award_valid_months,
        "is_active": payload.is_active,
    }
    if "decisions_by" in payload.model_fields_set:
        fields["decisions_by"] = payload.decisions_by
    if "chair" in payload.model_fields_set:
        fields["chair"] = _chair(sponsor, payload.chair)
    return fields, organisations


@sponsor_router.post("/sponsors/{sponsor}/funds", response={201: FundOut}, summary="Create a fund")
def fund_create(request: HttpRequest, sponsor: str, payload: FundIn):
    """For a sponsor you administer: its rules, budget and awards, as on the fund form."""
    found = Sponsor.objects.filter(slug=sponsor).first()
    if found is None or not request.user.has_perm("scholarships.view_dashboard"):
        raise Http404
    scholarships.require(request.user, found, "scholarships.manage_fund")
    fields, organisations = _fields(payload, found)
    fund = scholarships.fund_save(
        sponsor=found, actor=request.user, required_organisations=organisations, **fields
    )
    return Status(201, scholarships.fund_get(slug=fund.slug))


@sponsor_router.put("/funds/{slug}", response=FundOut, summary="Change a fund")
def fund_update(request: HttpRequest, slug: str, payload: FundIn):
    """Replaces the fund's settings with what you send (refused below what is committed)."""
    fund = Fund.objects.select_related("sponsor").filter(slug=slug).first()
    if fund is None or not request.user.has_perm("scholarships.view_dashboard"):
        raise Http404
    scholarships.require(request.user, fund, "scholarships.manage_fund")
    fields, organisations = _fields(payload, fund.sponsor)
    scholarships.fund_save(
        sponsor=fund.sponsor,
        actor=request.user,
        fund=fund,
        required_organisations=organisations,
        **fields,
    )
    return scholarships.fund_get(slug=slug)
