"""A person's scholarship applications and awards, and the scores they gave as a committee
member, for their data export; closing the account blanks what they wrote (the awards and the
points stay: they are the committee's record).

Registered with accounts' privacy registry, which imports every app's `privacy` module.
"""

from __future__ import annotations

from typing import Any

from certify.accounts.api import privacy_part, rows
from certify.accounts.models import User
from certify.scholarships.models import Award, CriterionScore, ScholarshipApplication, Scorecard


def _erase_scholarships(user: User) -> None:
    ScholarshipApplication.objects.filter(applicant=user).update(statement="", class_details="")
    CriterionScore.objects.filter(scorecard__member=user).update(comment="")


@privacy_part("scholarships", erase=_erase_scholarships)
def _scholarships(user: User) -> dict[str, Any]:
    return {
        "applications": rows(ScholarshipApplication.objects.filter(applicant=user)),
        "awards": rows(Award.objects.filter(recipient=user)),
        "scores_given": rows(Scorecard.objects.filter(member=user)),
        "criterion_scores_given": rows(CriterionScore.objects.filter(scorecard__member=user)),
    }
