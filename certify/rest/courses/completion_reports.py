"""A provider's completion reports through the API, and the completions it reported."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from certify.accounts.api import closure_erased, listed_name, references_attach
from certify.courses import api as courses
from certify.courses.models import CourseCompletion
from certify.rest.courses.auth import provider_router
from certify.rest.courses.provider_courses import _acting, _course
from certify.rest.openapi import example, problems
from certify.rest.pagination import Pagination
from certify.rest.schemas import InputSchema


class CompletionRowIn(InputSchema):
    email: str = Field("", description="The candidate's e-mail address…")
    candidate_number: str = Field(
        "", description="…or candidate number (LSSCP-C-7K3Q9M2X; older ones LSSCP-C-000123)."
    )
    completed_on: str = Field(description="Year-month-day", examples=["2026-03-31"])
    full_name: str = Field(
        "",
        description=(
            "The candidate's full name as they wrote it (case, accents and word order do not "
            "matter): the second fact with a number or an e-mail address. A row needs two facts."
        ),
    )
    reference: str = Field("", max_length=100, description="Your own reference.")


class CompletionReportIn(InputSchema):
    completions: list[CompletionRowIn] = Field(min_length=1, max_length=1000)

    model_config = example(
        {
            "completions": [
                {
                    "email": "accepted@example.org",
                    "full_name": "Aiyana Redcloud",
                    "completed_on": "2026-10-30",
                    "reference": "F26-017",
                },
                {
                    "candidate_number": "LSSCP-C-7K3Q9M2X",
                    "full_name": "Jordan Lee",
                    "completed_on": "2026-10-30",
                },
                {
                    "candidate_number": "LSSCP-C-4HW8RT2N",
                    "email": "sam.new@example.org",
                    "completed_on": "2026-10-30",
                },
            ]
        }
    )


class RowResultOut(Schema):
    row: int = Field(description="1 for the first item of `completions`.")
    result: str = Field(
        description=(
            "created, duplicate, unmatched (not matched: kept for staff; it says nothing more) "
            "or error"
        )
    )
    message: str
    field: str = Field(
        "",
        description=(
            "For an error: the item's field it is about (email, candidate_number, full_name or "
            "completed_on; full_name also when a second fact is missing). Empty for other "
            "results, and for an error about the whole row."
        ),
    )


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
            "error": 1,
            "rows": [
                {"row": 1, "result": "created", "message": "", "field": ""},
                {
                    "row": 2,
                    "result": "duplicate",
                    "message": (
                        "Already recorded for this candidate on October 30, 2026 (import 12); "
                        "nothing to do."
                    ),
                    "field": "",
                },
                {
                    "row": 3,
                    "result": "unmatched",
                    "message": (
                        "Not matched: kept for program staff. A row matches a candidate who "
                        "named this course in their plan or accepted your invitation, by the "
                        "candidate number or e-mail address and a second fact (the full name, "
                        "or the e-mail address)."
                    ),
                    "field": "",
                },
                {
                    "row": 4,
                    "result": "error",
                    "message": (
                        "“31/12/2026” is not a date we understand; write it as 2026-03-31 "
                        "(year-month-day)."
                    ),
                    "field": "completed_on",
                },
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
    """Up to 1,000 completions. A row matches only a candidate who gave you consent (their plan
    names one of your courses for the set, or they accepted your invitation), by candidate
    number or e-mail address plus a second fact: the full name as they wrote it, or the e-mail
    address with the number. A completion the candidate's plan names is confirmed by your
    report and satisfies the set; any other waits for the candidate to confirm it. A row about
    yourself (signed in, or the person who made the key) waits for a colleague or program
    staff. Rows that
    do not match are `unmatched` ("not matched", nothing more) and kept for program staff;
    rows with errors are not recorded and come back with the reason and the field it is about.
    Sending the same completion again is harmless (`duplicate`, saying when it was reported),
    and so is a row that matched nobody sent again: program staff get it once. At most
    1,000 (a setting) of your not-matched rows wait for program staff at a time; rows past
    that come back as errors saying so."""
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
            {
                "row": o.row.line,
                "result": names.get(o.result, o.result),
                "message": o.message,
                "field": o.field if o.result == "error" else "",
            }
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
    status: Literal["pending", "awaiting", "confirmed", "rejected"]
    source: CourseCompletion.Source
    reference: str

    model_config = example(
        {
            "id": 31,
            "course_id": 1,
            "candidate_email": "accepted@example.org",
            "candidate_name": "Aiyana Redcloud",
            "completed_on": "2026-10-30",
            "status": "confirmed",
            "source": "provider_api",
            "reference": "F26-017",
        }
    )

    @staticmethod
    def resolve_candidate_email(obj: CourseCompletion) -> str:
        return "" if closure_erased(obj.candidate) else obj.candidate.email

    @staticmethod
    def resolve_candidate_name(obj: CourseCompletion) -> str:
        # Never a closure's placeholder name (ADR 0016); the page's references, read at once.
        return listed_name(obj.candidate)


def _references_read(rows: list[CourseCompletion]) -> None:
    references_attach(row.candidate for row in rows)


@provider_router.get(
    "/{provider_id}/completions",
    response={200: list[CompletionOut], **problems(400)},
    summary="List completions of the provider's courses",
)
@paginate(Pagination, read=_references_read)
def provider_completions(request: HttpRequest, provider_id: int, status: str = ""):
    """Newest first: the candidates who recorded a completion of your course themselves or gave
    you consent; `status` is pending, awaiting (the candidate confirms it), confirmed or
    rejected (empty: all; anything else is a 400)."""
    provider, _, _ = _acting(request, provider_id)
    if status and status not in CourseCompletion.Status.values:
        raise HttpError(400, f"status must be one of: {', '.join(CourseCompletion.Status.values)}.")
    return courses.completion_list_for_provider(provider=provider, status=status).order_by(
        "-created_at", "-id"
    )
