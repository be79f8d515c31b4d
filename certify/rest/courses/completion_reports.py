"""A provider's completion reports through the API, and the completions it reported."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from certify.courses import api as courses
from certify.courses.models import CourseCompletion
from certify.rest.courses.auth import provider_router
from certify.rest.courses.provider_courses import _acting, _course
from certify.rest.openapi import example, problems
from certify.rest.pagination import Pagination


class CompletionRowIn(Schema):
    email: str = Field("", description="The candidate's e-mail address…")
    candidate_number: str = Field("", description="…or candidate number (LSSCP-C-000123).")
    completed_on: str = Field(description="Year-month-day", examples=["2026-03-31"])
    full_name: str = Field("", description="Helps staff match a row we cannot match.")
    reference: str = Field("", max_length=100, description="Your own reference.")


class CompletionReportIn(Schema):
    completions: list[CompletionRowIn] = Field(min_length=1, max_length=1000)

    model_config = example(
        {
            "completions": [
                {
                    "email": "accepted@example.org",
                    "completed_on": "2026-10-30",
                    "reference": "F26-017",
                },
                {"candidate_number": "LSSCP-C-000123", "completed_on": "2026-10-30"},
                {
                    "email": "someone.new@example.org",
                    "full_name": "Sam New",
                    "completed_on": "2026-10-30",
                },
            ]
        }
    )


class RowResultOut(Schema):
    row: int = Field(description="1 for the first item of `completions`.")
    result: str = Field(description="created, duplicate, unmatched (kept for staff) or error")
    message: str


class ReportOut(Schema):
    created: int
    duplicate: int
    unmatched: int
    error: int
    rows: list[RowResultOut]

    model_config = example(
        {
            "created": 1,
            "duplicate": 1,
            "unmatched": 1,
            "error": 0,
            "rows": [
                {"row": 1, "result": "created", "message": "Recorded for Alex Rivera."},
                {"row": 2, "result": "duplicate", "message": "Already recorded."},
                {"row": 3, "result": "unmatched", "message": "Kept for program staff."},
            ],
        }
    )


@provider_router.post(
    "/{provider_id}/courses/{course_id}/completions",
    response=ReportOut,
    summary="Report completions of a course",
)
def provider_completions_report(
    request: HttpRequest, provider_id: int, course_id: int, payload: CompletionReportIn
):
    """Up to 1,000 completions, matched to candidates by e-mail or candidate number. Matched
    completions are confirmed by your report and satisfy the set; unmatched ones are kept for
    program staff; rows with errors are not recorded and come back with the reason. Sending the
    same completion again is harmless (`duplicate`)."""
    provider, user, key = _acting(request, provider_id)
    course = _course(provider, course_id)
    rows = [
        courses.ReportRow(
            line=i,
            email=item.email,
            candidate_number=item.candidate_number,
            completed_on=item.completed_on,
            full_name=item.full_name,
            reference=item.reference,
        )
        for i, item in enumerate(payload.completions, start=1)
    ]
    outcomes, counts = courses.completions_report(course=course, rows=rows, actor=user, api_key=key)
    names = {"ready": "created"}
    return {
        "created": counts.created,
        "duplicate": counts.duplicate,
        "unmatched": counts.unmatched,
        "error": counts.error,
        "rows": [
            {"row": o.row.line, "result": names.get(o.result, o.result), "message": o.message}
            for o in outcomes
        ],
    }


class CompletionOut(Schema):
    id: int
    course_id: int
    candidate_email: str
    candidate_name: str
    completed_on: date
    # a Literal, not the enum: the enum's schema name ("Status") is Course.Status's too
    status: Literal["pending", "confirmed", "rejected"]
    source: CourseCompletion.Source
    reference: str

    model_config = example(
        {
            "id": 31,
            "course_id": 1,
            "candidate_email": "accepted@example.org",
            "candidate_name": "Alex Rivera",
            "completed_on": "2026-10-30",
            "status": "confirmed",
            "source": "provider_api",
            "reference": "F26-017",
        }
    )

    @staticmethod
    def resolve_candidate_email(obj: CourseCompletion) -> str:
        return obj.candidate.email

    @staticmethod
    def resolve_candidate_name(obj: CourseCompletion) -> str:
        return obj.candidate.full_name


@provider_router.get(
    "/{provider_id}/completions",
    response={200: list[CompletionOut], **problems(400)},
    summary="List completions of the provider's courses",
)
@paginate(Pagination)
def provider_completions(request: HttpRequest, provider_id: int, status: str = ""):
    """Newest first; `status` is pending, confirmed or rejected (empty: all; anything else is
    a 400)."""
    provider, _, _ = _acting(request, provider_id)
    if status and status not in CourseCompletion.Status.values:
        raise HttpError(400, f"status must be one of: {', '.join(CourseCompletion.Status.values)}.")
    return courses.completion_list_for_provider(provider=provider, status=status).order_by(
        "-created_at", "-id"
    )
