"""Course completions: recorded by candidates, reported by providers, confirmed, and applied to
the candidate's plan. Reports (CSV and API) share one row check that reads in bulk.

- `recorded`: a completion recorded by the candidate, confirmed or rejected, applied to the plan.
- `report_check`: the rows of a provider's report checked in bulk, without writing.
- `reports`: checked rows applied (completions created, unmatched rows kept).
- `unmatched`: unmatched report rows matched to a candidate by staff, or dismissed.
- `expected`: a completion the candidate did not expect waits for them to confirm it.
- `decide`: the provider's or staff's decision on a completion (both doors call it).
"""

from certify.courses.services.completions.decide import DECISION_REQUIRED, completion_decide
from certify.courses.services.completions.expected import completion_answer, completion_expected
from certify.courses.services.completions.recorded import (
    IN_CHUNK,
    Result,
    completion_apply,
    completion_confirm,
    completion_record,
    completion_reject,
    course_periods,
)
from certify.courses.services.completions.report_check import (
    ReportCounts,
    ReportRow,
    RowOutcome,
    parse_report_date,
    report_rows_check,
)
from certify.courses.services.completions.reports import (
    completion_report_one,
    completions_report,
    report_outcomes_apply,
    unmatched_waiting,
)
from certify.courses.services.completions.unmatched import unmatched_dismiss, unmatched_match

__all__ = [
    "DECISION_REQUIRED",
    "IN_CHUNK",
    "ReportCounts",
    "ReportRow",
    "Result",
    "RowOutcome",
    "completion_answer",
    "completion_apply",
    "completion_confirm",
    "completion_decide",
    "completion_expected",
    "completion_record",
    "completion_reject",
    "completion_report_one",
    "completions_report",
    "course_periods",
    "parse_report_date",
    "report_outcomes_apply",
    "report_rows_check",
    "unmatched_dismiss",
    "unmatched_match",
    "unmatched_waiting",
]
