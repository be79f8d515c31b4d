"""What the scholarships API takes in a body: an application, a sponsor's decision, a draw
(`rest/scholarships.py` serves them)."""

from typing import Literal

from ninja import Field

from certify.rest.openapi import example
from certify.rest.schemas import InputSchema


class ApplyIn(InputSchema):
    fund: str = Field(examples=["ssd-lsscp-enrollment"])
    statement: str = Field(max_length=20_000, description="Why you apply, up to 2,000 characters.")
    purpose: str = Field(
        "",
        description="enrollment, class or renewal; optional if the fund pays for one thing only.",
    )
    class_details: str = Field("", max_length=300)
    state_of_employment: str = Field("", max_length=2, description="Two-letter US state code.")
    years_experience: int | None = Field(None, ge=0, le=80)

    model_config = example(
        {
            "fund": "ssd-lsscp-enrollment",
            "statement": "I have worked at the circulation desk for six years…",
            "purpose": "enrollment",
            "state_of_employment": "OH",
            "years_experience": 6,
        }
    )


class AwardDecisionIn(InputSchema):
    decision: Literal["award", "decline"]
    reason: str = Field(
        "", max_length=2000, description="Needed to decline; the applicant reads it."
    )

    model_config = example({"decision": "decline", "reason": "The fund pays members only."})


class DrawIn(InputSchema):
    places: int | None = Field(None, ge=1, le=1000, description="Defaults to every award left.")

    model_config = example({"places": 2})
