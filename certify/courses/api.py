"""What other apps use from courses (the Python interface, not HTTP).

- `candidate_number(application) -> str`: the number a candidate gives course providers
  ("LSSCP-C-000123"), derived from the accepted application.
- `approved_courses_for(*, competency_set, today=None) -> QuerySet[Course]`: the courses in the
  catalogue for a set today (e.g. for reviewers who point a candidate to a course).
"""

from certify.courses.numbers import candidate_number
from certify.courses.selectors import approved_courses_for

__all__ = ["approved_courses_for", "candidate_number"]
